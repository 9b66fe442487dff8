//! Neighbourhood labs: the public map with its filters and its accessible
//! list, a lab's page, and staff placing and moving labs on the map.
//!
//! The map itself is Leaflet (served from our own origin, see README), driven
//! by `public/labs/map.js`, which draws it before the WASM arrives (the page
//! hands it its labels and the URL's filters in two attributes, see `map`);
//! everything else is ordinary server-rendered Leptos.

pub mod admin;
pub mod form;
pub mod map;
pub mod page;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::labs::{District, LabDetail, LabInput, LabList, MeetingInput, MeetingRow, Theme, Tiles};

/// What the map page needs besides the labs themselves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapContext {
    pub themes: Vec<Theme>,
    pub districts: Vec<District>,
    /// `(istat_code, name)` by name.
    pub municipalities: Vec<(String, String)>,
    /// `(istat_code, [west, south, east, north])`, rounded outwards to
    /// 1e-4° (about 10 m): what the map frames when a filter names a
    /// comune or a district.
    pub bounds: Vec<(String, [f64; 4])>,
    pub tiles: Option<Tiles>,
    /// Staff may place, move and edit labs; the map offers it only to them.
    pub can_edit: bool,
    /// Today in Europe/Rome, `YYYY-MM-DD` (the browser's clock is not trusted for it).
    pub today: String,
}

/// A resident names at most this many labs as the origin of an idea.
pub const LIST_LIMIT: usize = 300;

#[server(prefix = "/fn", endpoint = "map_setup")]
pub async fn map_setup() -> Result<MapContext, AppError> {
    let b = crate::ssr::backend()?;
    let themes = crate::errors::respond(b.themes().await)?;
    let districts = crate::errors::respond(b.districts().await)?;
    let mut municipalities: Vec<(String, String)> =
        crate::errors::respond(b.municipalities().await)?.into_iter().map(|m| (m.istat_code, m.name)).collect();
    municipalities.sort_by(|a, b| a.1.cmp(&b.1));
    let can_edit = matches!(b.me().await, Ok(Some(me)) if me.is_staff());
    let today = shared::time::to_rome(chrono::Utc::now()).format("%Y-%m-%d").to_string();
    let bounds = b.municipality_bounds().into_iter().map(|(code, bbox)| (code, rounded_out(bbox))).collect();
    Ok(MapContext { themes, districts, municipalities, bounds, tiles: b.map_tiles(), can_edit, today })
}

/// A box a little larger, never smaller, in four decimals.
#[cfg(feature = "ssr")]
fn rounded_out(b: shared::geo::BBox) -> [f64; 4] {
    let down = |x: f64| (x * 1e4).floor() / 1e4;
    let up = |x: f64| (x * 1e4).ceil() / 1e4;
    [down(b.min_lon), down(b.min_lat), up(b.max_lon), up(b.max_lat)]
}

/// `query` is the page's query string (`theme=…&status=…&page=…`), as in the URL.
#[server(prefix = "/fn", endpoint = "list_labs")]
pub async fn list_labs(query: String) -> Result<LabList, AppError> {
    let b = crate::ssr::backend()?;
    let filter = shared::labs::LabFilter::from_query(&query);
    let page = shared::labs::ListPage::from_query(&query);
    crate::errors::respond(b.lab_list(filter, page).await)
}

/// A lab's page in one answer: the lab, the themes' names, whether the
/// reader is staff (one resource per page: two awaited in one Suspend
/// panicked when a page was reached by navigating from a form).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabPageData {
    pub detail: LabDetail,
    pub themes: Vec<Theme>,
    pub staff: bool,
}

#[server(prefix = "/fn", endpoint = "lab_page")]
pub async fn lab_page(id: i64) -> Result<LabPageData, AppError> {
    let b = crate::ssr::backend()?;
    let detail = crate::errors::respond(b.lab(id).await)?;
    let themes = crate::errors::respond(b.themes().await)?;
    let staff = b.me().await.map_err(AppError)?.is_some_and(|m| m.is_staff());
    Ok(LabPageData { detail, themes, staff })
}

#[server(prefix = "/fn", endpoint = "create_lab", input = leptos::server_fn::codec::Json)]
pub async fn create_lab(input: LabInput) -> Result<LabDetail, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.create_lab(input).await)
}

/// Staff only: meetings with per-meeting attendance and notes.
/// Staff: the lab as its edit form holds it.
#[server(prefix = "/fn", endpoint = "load_lab_form")]
pub async fn load_lab_form(id: i64) -> Result<LabInput, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.lab_form(id).await)
}

#[server(prefix = "/fn", endpoint = "update_lab", input = leptos::server_fn::codec::Json)]
pub async fn update_lab(id: i64, input: LabInput) -> Result<LabDetail, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.update_lab(id, input).await)
}

#[server(prefix = "/fn", endpoint = "lab_meetings")]
pub async fn lab_meetings(lab: i64) -> Result<Vec<MeetingRow>, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.meetings(lab).await)
}

#[server(prefix = "/fn", endpoint = "add_meeting", input = leptos::server_fn::codec::Json)]
pub async fn add_meeting(lab: i64, input: MeetingInput) -> Result<MeetingRow, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.add_meeting(lab, input).await)
}

/// The theme's label in the current language, or its key if unknown.
pub fn theme_label(themes: &[Theme], key: &str, locale: shared::Locale) -> String {
    themes.iter().find(|t| t.key.as_ref() == key).map_or_else(|| key.to_owned(), |t| t.label(locale).to_owned())
}
