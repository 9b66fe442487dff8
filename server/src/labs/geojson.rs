//! The map's GeoJSON: municipalities with their district, and labs as
//! points. Served as `application/geo+json`.

use super::cells::MapEntry;
use super::province::province;
use crate::db::Db;
use crate::errors::db_error;
use serde::Serialize;
use shared::geo::{Feature, FeatureCollection, Point};
use shared::labs::{LabPublic, MapItem, MunicipalityProperties};
use shared::ApiError;
use sqlx::Row;
use std::collections::HashMap;

pub const CONTENT_TYPE: &str = "application/geo+json";

/// A GeoJSON Point (`shared::geo::Geometry` holds areas only).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "type", rename = "Point")]
pub struct PointGeometry {
    pub coordinates: [f64; 2],
}

impl From<Point> for PointGeometry {
    fn from(p: Point) -> PointGeometry {
        PointGeometry { coordinates: p.position() }
    }
}

/// Labs as Point features at their public point, with their public fields
/// as properties.
pub fn labs(labs: Vec<LabPublic>) -> FeatureCollection<LabPublic, PointGeometry> {
    let features = labs.into_iter().map(|lab| Feature { geometry: Some(lab.point.into()), properties: lab }).collect();
    FeatureCollection { features }
}

/// The map's content at a zoom (see `cells`): each lab alone where it
/// stands apart, groups (count, extent, at their mean position) where labs
/// would overlap on screen.
pub fn grouped(entries: Vec<MapEntry>) -> FeatureCollection<MapItem, PointGeometry> {
    let features = entries
        .into_iter()
        .map(|entry| match entry {
            MapEntry::Lab(lab) => Feature { geometry: Some(lab.point.into()), properties: MapItem::Lab(Box::new(lab)) },
            MapEntry::Group { at, group } => Feature { geometry: Some(at.into()), properties: MapItem::Group(group) },
        })
        .collect();
    FeatureCollection { features }
}

/// The 113 municipalities: boundaries from the embedded file, districts
/// from the database (admins change them).
pub async fn municipalities(db: &Db) -> Result<FeatureCollection<MunicipalityProperties>, ApiError> {
    let rows = sqlx::query(
        "SELECT m.istat_code, d.id AS district_id, d.name AS district, d.is_demo FROM municipalities m \
         LEFT JOIN districts d ON d.id = m.district_id",
    )
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    let mut districts: HashMap<String, (Option<i64>, Option<String>, bool)> = HashMap::with_capacity(rows.len());
    for r in rows {
        let demo: Option<i64> = r.try_get("is_demo").map_err(db_error)?;
        districts.insert(
            r.try_get("istat_code").map_err(db_error)?,
            (r.try_get("district_id").map_err(db_error)?, r.try_get("district").map_err(db_error)?, demo == Some(1)),
        );
    }
    let p = province();
    let features = p
        .comuni
        .iter()
        .zip(&p.geometries)
        .map(|(c, g)| {
            let (district_id, district, district_is_demo) = districts.remove(c.istat.as_ref()).unwrap_or_default();
            let properties = MunicipalityProperties {
                istat_code: c.istat.as_ref().to_owned(),
                name: c.name.clone(),
                district_id,
                district,
                district_is_demo,
            };
            Feature { properties, geometry: Some(g.clone()) }
        })
        .collect();
    Ok(FeatureCollection { features })
}
