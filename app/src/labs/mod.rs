//! Neighbourhood labs, districts and zones. The interactive map comes with
//! its own issue; for now this module holds what the pages will ask of the
//! server (`ssr::LabsBackend`), which the HTTP API already uses.

#[cfg(feature = "ssr")]
pub mod ssr;
