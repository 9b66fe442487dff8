//! Map of districts and neighbourhood labs (server side).
//!
//! - `province`: the 113 municipalities' boundaries, parsed once per process.
//! - `placement`: a lab's municipality, zone and public point from its point.
//! - `store`: labs in the database; `meetings`, `districts` (and themes),
//!   `zones`, `stats` (choropleth), `geojson` (map output), `cells` (labs
//!   grouped by screen cell in SQL, for a zoomed-out map).
//! - `backend`: the role checks, implementing `app::labs::ssr::LabsBackend`.
//! - `seed`: demo labs and the benchmark's `--labs N`.
//!
//! The privacy rule (area-only labs never reveal their point) holds by
//! construction: public queries read `public_lon`/`public_lat`, computed
//! when a lab is written or its zones change, and never the exact point.

pub mod backend;
pub mod cells;
pub mod districts;
pub mod geojson;
pub mod meetings;
pub mod placement;
pub mod province;
pub mod seed;
mod sql;
pub mod stats;
pub mod store;
pub mod zones;
