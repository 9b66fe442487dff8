//! What the map and the labs pages ask of the server (see `crate::ssr`).
//! Every method checks the caller's role: anyone reads public data, staff
//! write labs and meetings, admins write districts, zones and themes.

use shared::geo::{BBox, FeatureCollection, GeometryInput};
use shared::labs::{
    District, DistrictInput, LabDetail, LabFilter, LabInput, LabList, LabPublic, ListPage, MeetingInput, MeetingRow,
    MunicipalityProperties, MunicipalityStats, PointInput, Theme, ThemeInput, Tiles, ZoneProperties, ZoneSummary,
};
use shared::ApiError;

#[async_trait::async_trait]
pub trait LabsBackend: Send + Sync {
    /// The map's background tiles, unless switched off in the configuration.
    fn map_tiles(&self) -> Option<Tiles>;
    /// Each municipality's bounding box by ISTAT code: the map opens framed
    /// on the filtered comune or district without waiting for boundaries.
    fn municipality_bounds(&self) -> Vec<(String, BBox)>;
    /// Public labs whose public point is in `bbox` (all when `None`), filtered.
    async fn labs(&self, bbox: Option<BBox>, filter: LabFilter) -> Result<Vec<LabPublic>, ApiError>;
    /// How many public labs pass the filter, and one page of them by
    /// municipality and name.
    async fn lab_list(&self, filter: LabFilter, page: ListPage) -> Result<LabList, ApiError>;
    /// A lab's public page.
    async fn lab(&self, id: i64) -> Result<LabDetail, ApiError>;
    /// Staff: a lab as its edit form holds it, with the exact point and address.
    async fn lab_form(&self, id: i64) -> Result<LabInput, ApiError>;
    /// Staff: a new lab, placed from its point.
    async fn create_lab(&self, input: LabInput) -> Result<LabDetail, ApiError>;
    /// Staff: every field of a lab.
    async fn update_lab(&self, id: i64, input: LabInput) -> Result<LabDetail, ApiError>;
    /// Staff: a new point; municipality and zone follow.
    async fn move_lab(&self, id: i64, to: PointInput) -> Result<LabDetail, ApiError>;
    /// Staff: a lab's meetings with attendance and notes.
    async fn meetings(&self, lab: i64) -> Result<Vec<MeetingRow>, ApiError>;
    /// Staff: record a meeting, planned or held.
    async fn add_meeting(&self, lab: i64, input: MeetingInput) -> Result<MeetingRow, ApiError>;
    async fn themes(&self) -> Result<Vec<Theme>, ApiError>;
    /// Admin: rename a theme or add one.
    async fn save_theme(&self, key: String, input: ThemeInput) -> Result<Theme, ApiError>;
    async fn districts(&self) -> Result<Vec<District>, ApiError>;
    /// Admin: a district and its municipalities (taken from other districts).
    async fn create_district(&self, input: DistrictInput) -> Result<District, ApiError>;
    async fn update_district(&self, id: i64, input: DistrictInput) -> Result<District, ApiError>;
    /// The 113 municipalities with their boundary and district.
    async fn municipality_features(&self) -> Result<FeatureCollection<MunicipalityProperties>, ApiError>;
    /// Zones with their shapes, of one municipality or all.
    async fn zone_features(&self, municipality: Option<String>) -> Result<FeatureCollection<ZoneSummary>, ApiError>;
    /// Admin: import zones from a GeoJSON FeatureCollection (all or none).
    async fn import_zones(
        &self,
        file: FeatureCollection<ZoneProperties, GeometryInput>,
    ) -> Result<Vec<ZoneSummary>, ApiError>;
    /// Admin: remove a zone; its labs fall back to their municipality.
    async fn delete_zone(&self, id: i64) -> Result<(), ApiError>;
    /// Labs, meetings and participants per municipality; dates `YYYY-MM-DD`, both or neither.
    async fn municipality_stats(
        &self,
        from: Option<String>,
        to: Option<String>,
    ) -> Result<Vec<MunicipalityStats>, ApiError>;
}
