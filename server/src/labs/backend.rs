//! The labs rules for each caller, shared by the API and the pages: the
//! role check of every method is here.

use super::zones::{ImportError, ZoneUpload};
use super::{cells, districts, geojson, meetings, stats, store, zones};
use crate::ctx::RequestCtx;
use app::labs::ssr::LabsBackend;
use shared::geo::{BBox, FeatureCollection};
use shared::labs::{
    District, DistrictInput, LabDetail, LabFilter, LabInput, LabList, LabPublic, ListPage, MeetingInput, MeetingRow,
    MunicipalityProperties, MunicipalityStats, PointInput, Theme, ThemeInput, Tiles, ZoneSummary,
};
use shared::people::Access;
use shared::ApiError;

impl RequestCtx {
    /// Admin: imports zones, keeping a refused shape's detailed reason for
    /// the API's answer (the trait method reduces it to an `ApiError`).
    pub async fn import_zones_detailed(&self, file: &ZoneUpload) -> Result<Vec<ZoneSummary>, ImportError> {
        let admin = self.require(Access::ADMIN).await?;
        let saved = zones::import(&self.state.db, file, admin.id).await?;
        tracing::info!(by = admin.id, zones = saved.len(), "zones imported");
        Ok(saved)
    }

    /// The map's labs at `zoom`, crowded ones grouped (public data).
    pub async fn map_entries(
        &self,
        bbox: Option<BBox>,
        filter: LabFilter,
        zoom: u8,
    ) -> Result<Vec<cells::MapEntry>, ApiError> {
        cells::map_entries(&self.state.db, bbox, &filter, zoom).await
    }
}

#[async_trait::async_trait]
impl LabsBackend for RequestCtx {
    fn map_tiles(&self) -> Option<Tiles> {
        self.state.config.tiles()
    }

    fn municipality_bounds(&self) -> Vec<(String, BBox)> {
        super::province::province().comuni.iter().map(|c| (c.istat.as_ref().to_owned(), c.bbox)).collect()
    }

    async fn labs(&self, bbox: Option<BBox>, filter: LabFilter) -> Result<Vec<LabPublic>, ApiError> {
        store::public_labs(&self.state.db, bbox, &filter).await
    }

    async fn lab_list(&self, filter: LabFilter, page: ListPage) -> Result<LabList, ApiError> {
        let db = &self.state.db;
        let (total, labs) = store::public_list(db, &filter, page.offset(), ListPage::SIZE).await?;
        // A page beyond the last (an old link, fewer labs now): the last one.
        let shown = page.within(total);
        if shown == page {
            return Ok(LabList { total, page: page.number(), labs });
        }
        let (total, labs) = store::public_list(db, &filter, shown.offset(), ListPage::SIZE).await?;
        Ok(LabList { total, page: shown.number(), labs })
    }

    async fn lab(&self, id: i64) -> Result<LabDetail, ApiError> {
        store::detail(&self.state.db, id).await
    }

    async fn lab_form(&self, id: i64) -> Result<LabInput, ApiError> {
        self.require(Access::STAFF).await?;
        store::form(&self.state.db, id).await
    }

    async fn create_lab(&self, input: LabInput) -> Result<LabDetail, ApiError> {
        let staff = self.require(Access::STAFF).await?;
        let lab = input.validate()?;
        let id = store::create(&self.state.db, &lab, Some(staff.id), false).await?;
        store::detail(&self.state.db, id).await
    }

    async fn update_lab(&self, id: i64, input: LabInput) -> Result<LabDetail, ApiError> {
        let staff = self.require(Access::STAFF).await?;
        let lab = input.validate()?;
        store::update(&self.state.db, id, &lab, staff.id).await?;
        store::detail(&self.state.db, id).await
    }

    async fn move_lab(&self, id: i64, to: PointInput) -> Result<LabDetail, ApiError> {
        let staff = self.require(Access::STAFF).await?;
        let point = to.validate()?;
        store::move_to(&self.state.db, id, point, staff.id).await?;
        store::detail(&self.state.db, id).await
    }

    async fn meetings(&self, lab: i64) -> Result<Vec<MeetingRow>, ApiError> {
        self.require(Access::STAFF).await?;
        meetings::list(&self.state.db, lab).await
    }

    async fn add_meeting(&self, lab: i64, input: MeetingInput) -> Result<MeetingRow, ApiError> {
        let staff = self.require(Access::STAFF).await?;
        let meeting = input.validate()?;
        meetings::add(&self.state.db, lab, &meeting, Some(staff.id)).await
    }

    async fn themes(&self) -> Result<Vec<Theme>, ApiError> {
        districts::themes(&self.state.db).await
    }

    async fn save_theme(&self, key: String, input: ThemeInput) -> Result<Theme, ApiError> {
        self.require(Access::ADMIN).await?;
        let theme = input.validate(&key)?;
        districts::save_theme(&self.state.db, &theme).await?;
        Ok(theme)
    }

    async fn districts(&self) -> Result<Vec<District>, ApiError> {
        districts::list(&self.state.db).await
    }

    async fn create_district(&self, input: DistrictInput) -> Result<District, ApiError> {
        let admin = self.require(Access::ADMIN).await?;
        let district = input.validate()?;
        let id = districts::create(&self.state.db, &district).await?;
        tracing::info!(by = admin.id, id, "district created");
        districts::get(&self.state.db, id).await
    }

    async fn update_district(&self, id: i64, input: DistrictInput) -> Result<District, ApiError> {
        let admin = self.require(Access::ADMIN).await?;
        let district = input.validate()?;
        districts::update(&self.state.db, id, &district).await?;
        tracing::info!(by = admin.id, id, "district changed");
        districts::get(&self.state.db, id).await
    }

    async fn municipality_features(&self) -> Result<FeatureCollection<MunicipalityProperties>, ApiError> {
        geojson::municipalities(&self.state.db).await
    }

    async fn zone_features(&self, municipality: Option<String>) -> Result<FeatureCollection<ZoneSummary>, ApiError> {
        zones::features(&self.state.db, municipality.as_deref()).await
    }

    async fn import_zones(&self, file: ZoneUpload) -> Result<Vec<ZoneSummary>, ApiError> {
        self.import_zones_detailed(&file).await.map_err(ApiError::from)
    }

    async fn delete_zone(&self, id: i64) -> Result<(), ApiError> {
        let admin = self.require(Access::ADMIN).await?;
        zones::delete(&self.state.db, id).await?;
        tracing::info!(by = admin.id, id, "zone deleted");
        Ok(())
    }

    async fn municipality_stats(
        &self,
        from: Option<String>,
        to: Option<String>,
    ) -> Result<Vec<MunicipalityStats>, ApiError> {
        let period = match (from.as_deref(), to.as_deref()) {
            (Some(f), Some(t)) => Some(shared::campaigns::parse_period(f, t)?),
            (None, None) => None,
            (Some(_), None) => return Err(ApiError::validation("to", shared::error::ValidationCode::Required)),
            (None, Some(_)) => return Err(ApiError::validation("from", shared::error::ValidationCode::Required)),
        };
        stats::per_municipality(&self.state.db, period).await
    }
}
