//! Zones (quartieri): neighbourhood shapes admins import from GeoJSON. Each
//! goes to the municipality its representative point lies in, and the labs
//! of that municipality are placed again.

use super::placement::relocate_labs;
use super::province::province;
use crate::db::{now, Db};
use crate::errors::db_error;
use shared::error::ValidationCode;
use shared::geo::{validate_zone, Feature, FeatureCollection, Geometry, GeometryInput, ZoneError};
use shared::labs::{ZoneProperties, ZoneSummary};
use shared::ApiError;
use sqlx::Row;
use std::collections::BTreeSet;

/// An uploaded file of zones.
pub type ZoneUpload = FeatureCollection<ZoneProperties, GeometryInput>;

/// Why an import was refused: a shape problem keeps its detailed message
/// and the position of the feature in the file, for the admin to fix it.
#[derive(Debug)]
pub enum ImportError {
    Zone { feature: usize, error: ZoneError },
    Other(ApiError),
}

impl From<ApiError> for ImportError {
    fn from(e: ApiError) -> ImportError {
        ImportError::Other(e)
    }
}

impl From<ImportError> for ApiError {
    fn from(e: ImportError) -> ApiError {
        match e {
            ImportError::Zone { error, .. } => error.into(),
            ImportError::Other(e) => e,
        }
    }
}

struct ValidZone {
    istat: String,
    name: String,
    geometry: Geometry,
}

fn check_feature(index: usize, f: &Feature<ZoneProperties, GeometryInput>) -> Result<ValidZone, ImportError> {
    let zone_error = |error| ImportError::Zone { feature: index, error };
    let name = f.properties.validate()?;
    let input = f.geometry.as_ref().ok_or(zone_error(ZoneError::Empty))?;
    let geometry = validate_zone(input, &province().geometries).map_err(zone_error)?;
    // Inside the province within a tolerance, so the point may still fall
    // just outside every municipality.
    let comune = geometry
        .centroid()
        .and_then(|c| province().municipality_at(c))
        .ok_or(ApiError::validation("geometry", ValidationCode::OutsideProvince))?;
    Ok(ValidZone { istat: comune.istat.as_ref().to_owned(), name, geometry })
}

/// Checks every feature first, so a bad file changes nothing. A zone with
/// the name of one already in its municipality replaces its shape.
pub async fn import(db: &Db, upload: &ZoneUpload, by: i64) -> Result<Vec<ZoneSummary>, ImportError> {
    if upload.features.is_empty() {
        return Err(ImportError::Zone { feature: 0, error: ZoneError::Empty });
    }
    let zones: Vec<ValidZone> =
        upload.features.iter().enumerate().map(|(i, f)| check_feature(i, f)).collect::<Result<_, _>>()?;
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    let mut saved = Vec::with_capacity(zones.len());
    for z in &zones {
        saved.push(upsert(&mut tx, z, by).await?);
    }
    let touched: BTreeSet<&str> = zones.iter().map(|z| z.istat.as_str()).collect();
    for istat in touched {
        relocate_labs(&mut tx, istat).await?;
    }
    tx.commit().await.map_err(db_error)?;
    Ok(saved)
}

async fn upsert(conn: &mut sqlx::AnyConnection, z: &ValidZone, by: i64) -> Result<ZoneSummary, ApiError> {
    let (bbox, centroid) = match (z.geometry.bbox(), z.geometry.centroid()) {
        (Some(b), Some(c)) => (b, c),
        _ => return Err(ApiError::validation("geometry", ValidationCode::Geometry)),
    };
    let text = serde_json::to_string(&z.geometry).map_err(|_| ApiError::Internal)?;
    let id: i64 = sqlx::query(
        "INSERT INTO zones (istat_code, name, geometry, min_lon, min_lat, max_lon, max_lat, centroid_lon, \
         centroid_lat, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (istat_code, name) DO UPDATE SET geometry = excluded.geometry, min_lon = excluded.min_lon, \
         min_lat = excluded.min_lat, max_lon = excluded.max_lon, max_lat = excluded.max_lat, \
         centroid_lon = excluded.centroid_lon, centroid_lat = excluded.centroid_lat RETURNING id",
    )
    .bind(&z.istat)
    .bind(&z.name)
    .bind(text)
    .bind(bbox.min_lon)
    .bind(bbox.min_lat)
    .bind(bbox.max_lon)
    .bind(bbox.max_lat)
    .bind(centroid.lon)
    .bind(centroid.lat)
    .bind(now())
    .bind(by)
    .fetch_one(&mut *conn)
    .await
    .and_then(|r| r.try_get("id"))
    .map_err(db_error)?;
    Ok(ZoneSummary { id, istat_code: z.istat.clone(), name: z.name.clone() })
}

/// The zones of one municipality, or all, with their shapes.
pub async fn features(db: &Db, istat: Option<&str>) -> Result<FeatureCollection<ZoneSummary>, ApiError> {
    const SELECT: &str = "SELECT id, istat_code, name, geometry FROM zones";
    let (one, all) = (
        format!("{SELECT} WHERE istat_code = $1 ORDER BY name, id"),
        format!("{SELECT} ORDER BY istat_code, name, id"),
    );
    let rows = match istat {
        Some(code) => sqlx::query(&one).bind(code),
        None => sqlx::query(&all),
    }
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    let features = rows
        .iter()
        .map(|r| {
            let text: String = r.try_get("geometry").map_err(db_error)?;
            let geometry: Geometry = serde_json::from_str(&text).map_err(|_| ApiError::Internal)?;
            let properties = ZoneSummary {
                id: r.try_get("id").map_err(db_error)?,
                istat_code: r.try_get("istat_code").map_err(db_error)?,
                name: r.try_get("name").map_err(db_error)?,
            };
            Ok(Feature { properties, geometry: Some(geometry) })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(FeatureCollection { features })
}

/// Removes a zone; its labs fall back to the municipality.
pub async fn delete(db: &Db, id: i64) -> Result<(), ApiError> {
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    let istat: String = sqlx::query("DELETE FROM zones WHERE id = $1 RETURNING istat_code")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or(ApiError::NotFound)?
        .try_get("istat_code")
        .map_err(db_error)?;
    relocate_labs(&mut tx, &istat).await?;
    tx.commit().await.map_err(db_error)
}
