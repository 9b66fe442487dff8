//! The map's open data (GeoJSON and JSON, public) and the writes of staff
//! (labs, meetings) and admins (districts, zones, themes).

use super::ApiJson;
use crate::ctx::Ctx;
use crate::errors::{ErrorBody, HttpError};
use crate::labs::geojson::{self, CONTENT_TYPE};
use crate::labs::zones::{ImportError, ZoneUpload};
use app::labs::ssr::LabsBackend;
use axum::extract::{Path, Query, RawQuery};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use shared::geo::BBox;
use shared::labs::{
    District, DistrictInput, LabDetail, LabFilter, LabInput, MeetingInput, MeetingRow, MunicipalityStats, PointInput,
    Theme, ThemeInput, ZoneSummary, SPREAD_ZOOM,
};
use shared::{ApiError, Locale};
use std::collections::BTreeMap;

type Res<T> = Result<T, HttpError>;

/// A GeoJSON answer with its media type.
fn geo_json<T: Serialize>(value: &T, locale: Locale) -> Res<Response> {
    let body = serde_json::to_string(value).map_err(|_| HttpError(ApiError::Internal, locale))?;
    Ok(([(header::CONTENT_TYPE, CONTENT_TYPE)], body).into_response())
}

/// The 113 municipalities with their boundary; properties `istat_code`,
/// `name`, `district_id`, `district` (name) and `district_is_demo`.
#[utoipa::path(get, path = "/api/v1/municipalities.geojson", tag = "labs",
    responses((status = 200, content_type = "application/geo+json", description = "FeatureCollection of Polygon/MultiPolygon features; properties: MunicipalityProperties")))]
pub async fn municipalities_geojson(Ctx(c): Ctx) -> Res<Response> {
    let fc = c.municipality_features().await.map_err(|e| HttpError(e, c.locale))?;
    geo_json(&fc, c.locale)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Period {
    /// `YYYY-MM-DD`, inclusive (Europe/Rome); both or neither.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Per municipality: labs running in the period, meetings held in it and
/// their participants (for the choropleth map).
#[utoipa::path(get, path = "/api/v1/municipalities/stats", tag = "labs", params(Period),
    responses((status = 200, body = Vec<MunicipalityStats>), (status = 422, body = ErrorBody)))]
pub async fn municipality_stats(Ctx(c): Ctx, Query(p): Query<Period>) -> Res<Json<Vec<MunicipalityStats>>> {
    c.municipality_stats(p.from, p.to).await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// Districts (ambiti) with the ISTAT codes of their municipalities.
#[utoipa::path(get, path = "/api/v1/districts", tag = "labs", responses((status = 200, body = Vec<District>)))]
pub async fn districts(Ctx(c): Ctx) -> Res<Json<Vec<District>>> {
    c.districts().await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// Create a district (admin only); its municipalities leave any other district.
#[utoipa::path(post, path = "/api/v1/districts", tag = "labs", request_body = DistrictInput,
    responses((status = 201, body = District), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_district(Ctx(c): Ctx, ApiJson(body): ApiJson<DistrictInput>) -> Res<(StatusCode, Json<District>)> {
    let d = c.create_district(body).await.map_err(|e| HttpError(e, c.locale))?;
    Ok((StatusCode::CREATED, Json(d)))
}

/// Rename a district and set its municipalities (admin only).
#[utoipa::path(put, path = "/api/v1/districts/{id}", tag = "labs", params(("id" = i64, Path)), request_body = DistrictInput,
    responses((status = 200, body = District), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_district(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<DistrictInput>,
) -> Res<Json<District>> {
    c.update_district(id, body).await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// The themes of labs, in order.
#[utoipa::path(get, path = "/api/v1/themes", tag = "labs", responses((status = 200, body = Vec<Theme>)))]
pub async fn themes(Ctx(c): Ctx) -> Res<Json<Vec<Theme>>> {
    c.themes().await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// Rename a theme, or add one with a new key (admin only).
#[utoipa::path(put, path = "/api/v1/themes/{key}", tag = "labs", params(("key" = String, Path)), request_body = ThemeInput,
    responses((status = 200, body = Theme), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_theme(Ctx(c): Ctx, Path(key): Path<String>, ApiJson(body): ApiJson<ThemeInput>) -> Res<Json<Theme>> {
    c.save_theme(key, body).await.map(Json).map_err(|e| HttpError(e, c.locale))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ZoneQuery {
    /// ISTAT code; all zones when absent.
    pub municipality: Option<String>,
}

/// Zones (quartieri) with their shapes; properties `id`, `istat_code`, `name`.
#[utoipa::path(get, path = "/api/v1/zones.geojson", tag = "labs", params(ZoneQuery),
    responses((status = 200, content_type = "application/geo+json", description = "FeatureCollection; properties: ZoneSummary")))]
pub async fn zones_geojson(Ctx(c): Ctx, Query(q): Query<ZoneQuery>) -> Res<Response> {
    let fc = c.zone_features(q.municipality).await.map_err(|e| HttpError(e, c.locale))?;
    geo_json(&fc, c.locale)
}

/// Import zones (admin only): a GeoJSON FeatureCollection of Polygon or
/// MultiPolygon features in WGS84, each with a `name` (or `nome`) property,
/// inside the province. Each zone goes to the municipality its centre lies
/// in; a zone with the name of an existing one there replaces it. All or
/// nothing: a refused shape answers 422 with the reason as `message` and
/// the feature as the field `features[i].geometry`.
#[utoipa::path(post, path = "/api/v1/zones", tag = "labs", request_body(content = String, content_type = "application/geo+json", description = "FeatureCollection"),
    responses((status = 201, body = Vec<ZoneSummary>), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import_zones(Ctx(c): Ctx, ApiJson(body): ApiJson<ZoneUpload>) -> Result<Response, Response> {
    match c.import_zones_detailed(&body).await {
        Ok(saved) => Ok((StatusCode::CREATED, Json(saved)).into_response()),
        Err(ImportError::Zone { feature, error }) => {
            let field = format!("features[{feature}].geometry");
            let fields = BTreeMap::from([(field, error.code().text().get(c.locale))]);
            let body = ErrorBody { error: "validation", message: error.text().get(c.locale), fields };
            Err((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response())
        }
        Err(ImportError::Other(e)) => Err(HttpError(e, c.locale).into_response()),
    }
}

/// Remove a zone (admin only); its labs are placed in their municipality.
#[utoipa::path(delete, path = "/api/v1/zones/{id}", tag = "labs", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_zone(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<StatusCode> {
    c.delete_zone(id).await.map_err(|e| HttpError(e, c.locale))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The query of `labs.geojson` (documentation; it is read leniently with
/// `LabFilter::from_query`, so a stale shared link still works).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[allow(dead_code)]
pub struct LabQuery {
    /// `minLon,minLat,maxLon,maxLat` (west, south, east, north): only labs shown inside. All labs when absent.
    pub bbox: Option<String>,
    /// The map's zoom: below 15, labs that would overlap come grouped.
    pub zoom: Option<u8>,
    /// A theme key, e.g. `housing`.
    pub theme: Option<String>,
    /// `planned`, `active`, `paused` or `closed`.
    pub status: Option<String>,
    /// A district's id.
    pub district: Option<i64>,
    /// An ISTAT code.
    pub municipality: Option<String>,
    /// `YYYY-MM-DD`: labs running at some time from this day…
    pub from: Option<String>,
    /// …to this day.
    pub to: Option<String>,
}

/// The map's zoom (0–22), when the map asks for labs grouped as it shows them.
fn zoom_param(query: &str) -> Option<u8> {
    let raw = url::form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k == "zoom").last()?;
    raw.1.parse::<u8>().ok().filter(|z| *z <= 22)
}

/// The `bbox` parameter, percent-decoded (URLSearchParams writes `,` as `%2C`).
fn bbox_param(query: &str) -> Result<Option<BBox>, ApiError> {
    let raw = url::form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k == "bbox").last();
    raw.map(|(_, v)| BBox::parse_query(&v).map_err(|code| ApiError::validation("bbox", code))).transpose()
}

/// Labs as GeoJSON Points with their public fields (`LabPublic` as
/// properties). With `zoom` below 15, labs that would overlap on a map at
/// that zoom come as one feature `{group: true, count, bbox}` at their mean
/// position, so a whole-province view stays small at any number of labs. A lab shown by area is at its zone's or municipality's
/// centre, without address.
#[utoipa::path(get, path = "/api/v1/labs.geojson", tag = "labs", params(LabQuery),
    responses((status = 200, content_type = "application/geo+json", description = "FeatureCollection of Point features; properties: LabPublic"),
              (status = 422, body = ErrorBody)))]
pub async fn labs_geojson(Ctx(c): Ctx, RawQuery(query): RawQuery) -> Res<Response> {
    let fail = |e| HttpError(e, c.locale);
    let query = query.unwrap_or_default();
    let bbox = bbox_param(&query).map_err(fail)?;
    let filter = LabFilter::from_query(&query);
    match zoom_param(&query) {
        Some(zoom) if zoom < SPREAD_ZOOM => {
            geo_json(&geojson::grouped(c.map_entries(bbox, filter, zoom).await.map_err(fail)?), c.locale)
        }
        _ => geo_json(&geojson::labs(c.labs(bbox, filter).await.map_err(fail)?), c.locale),
    }
}

/// A lab's public page: public fields, upcoming meetings and attendance in aggregate.
#[utoipa::path(get, path = "/api/v1/labs/{id}", tag = "labs", params(("id" = i64, Path)),
    responses((status = 200, body = LabDetail), (status = 404, body = ErrorBody)))]
pub async fn lab(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<Json<LabDetail>> {
    c.lab(id).await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// A lab as its edit form holds it, with the exact point and address (staff only).
#[utoipa::path(get, path = "/api/v1/labs/{id}/form", tag = "labs", params(("id" = i64, Path)),
    responses((status = 200, body = LabInput), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn lab_form(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<Json<LabInput>> {
    c.lab_form(id).await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// Create a lab (staff only). Municipality and zone come from the point; a
/// point outside the province is 422 on `point`.
#[utoipa::path(post, path = "/api/v1/labs", tag = "labs", request_body = LabInput,
    responses((status = 201, body = LabDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_lab(Ctx(c): Ctx, ApiJson(body): ApiJson<LabInput>) -> Res<(StatusCode, Json<LabDetail>)> {
    let lab = c.create_lab(body).await.map_err(|e| HttpError(e, c.locale))?;
    Ok((StatusCode::CREATED, Json(lab)))
}

/// Change every field of a lab (staff only).
#[utoipa::path(put, path = "/api/v1/labs/{id}", tag = "labs", params(("id" = i64, Path)), request_body = LabInput,
    responses((status = 200, body = LabDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_lab(Ctx(c): Ctx, Path(id): Path<i64>, ApiJson(body): ApiJson<LabInput>) -> Res<Json<LabDetail>> {
    c.update_lab(id, body).await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// Move a lab (staff only): municipality and zone follow the new point.
#[utoipa::path(put, path = "/api/v1/labs/{id}/point", tag = "labs", params(("id" = i64, Path)), request_body = PointInput,
    responses((status = 200, body = LabDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn move_lab(Ctx(c): Ctx, Path(id): Path<i64>, ApiJson(body): ApiJson<PointInput>) -> Res<Json<LabDetail>> {
    c.move_lab(id, body).await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// A lab's meetings with attendance and internal notes (staff only), latest first.
#[utoipa::path(get, path = "/api/v1/labs/{id}/meetings", tag = "labs", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<MeetingRow>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn meetings(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<Json<Vec<MeetingRow>>> {
    c.meetings(id).await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// Record a meeting, planned or held (staff only).
#[utoipa::path(post, path = "/api/v1/labs/{id}/meetings", tag = "labs", params(("id" = i64, Path)), request_body = MeetingInput,
    responses((status = 201, body = MeetingRow), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_meeting(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MeetingInput>,
) -> Res<(StatusCode, Json<MeetingRow>)> {
    let m = c.add_meeting(id, body).await.map_err(|e| HttpError(e, c.locale))?;
    Ok((StatusCode::CREATED, Json(m)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::error::ValidationCode;

    #[test]
    fn bbox_is_read_decoded() {
        let b = bbox_param("theme=housing&bbox=9.6%2C45.3%2C9.8%2C45.4").unwrap().unwrap();
        assert_eq!((b.min_lon, b.max_lat), (9.6, 45.4));
        assert_eq!(bbox_param("status=active").unwrap(), None);
        assert_eq!(bbox_param("bbox=1,2,3"), Err(ApiError::validation("bbox", ValidationCode::Bbox)));
    }
}
