//! The map's GeoJSON: municipalities with their district, and labs as
//! points. Served as `application/geo+json`.

use super::province::province;
use crate::db::Db;
use crate::errors::db_error;
use serde::Serialize;
use shared::geo::{Feature, FeatureCollection, Point};
use shared::labs::{LabGroup, LabPublic, MapItem, MunicipalityProperties, GROUP_CELL_PX};
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

/// Labs for a map at `zoom`: each lab alone where it stands apart, groups
/// (count, extent, at their mean position) where labs would overlap on screen.
pub fn grouped(labs: Vec<LabPublic>, zoom: u8) -> FeatureCollection<MapItem, PointGeometry> {
    let points: Vec<Point> = labs.iter().map(|l| l.point).collect();
    let groups = shared::geo::grid_groups(&points, zoom, GROUP_CELL_PX);
    let mut labs: Vec<Option<LabPublic>> = labs.into_iter().map(Some).collect();
    let features = groups
        .into_iter()
        .filter_map(|members| match members.as_slice() {
            [one] => labs[*one]
                .take()
                .map(|lab| Feature { geometry: Some(lab.point.into()), properties: MapItem::Lab(Box::new(lab)) }),
            _ => Some(group_feature(&members.iter().map(|&i| points[i]).collect::<Vec<_>>())),
        })
        .collect();
    FeatureCollection { features }
}

fn group_feature(points: &[Point]) -> Feature<MapItem, PointGeometry> {
    let n = points.len() as f64;
    let mean = Point {
        lon: points.iter().map(|p| p.lon).sum::<f64>() / n,
        lat: points.iter().map(|p| p.lat).sum::<f64>() / n,
    };
    let fold = |f: fn(f64, f64) -> f64, init: f64, get: fn(&Point) -> f64| points.iter().map(get).fold(init, f);
    let bbox = [
        fold(f64::min, f64::INFINITY, |p| p.lon),
        fold(f64::min, f64::INFINITY, |p| p.lat),
        fold(f64::max, f64::NEG_INFINITY, |p| p.lon),
        fold(f64::max, f64::NEG_INFINITY, |p| p.lat),
    ];
    Feature {
        geometry: Some(mean.into()),
        properties: MapItem::Group(LabGroup { group: true, count: points.len(), bbox }),
    }
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
