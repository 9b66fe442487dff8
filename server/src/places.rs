//! Municipalities and districts: the real boundaries of the 113 comuni of
//! the Province of Cremona ship inside the binary and are loaded at start-up.

use crate::db::Db;
use crate::errors::db_error;
use serde_json::Value;
use shared::dto::MunicipalityRow;
use shared::places::IstatCode;
use shared::ApiError;
use sqlx::Row;

/// ISTAT 2023 boundaries (openpolis, CC BY 4.0); see server/data/README.md.
pub const COMUNI_GEOJSON: &str = include_str!("../data/cremona-comuni.geojson");

pub struct Comune {
    pub istat: IstatCode,
    pub name: String,
    pub catasto: String,
    pub bbox: [f64; 4],
    pub geometry: String,
}

/// Parses the embedded GeoJSON.
pub fn comuni() -> Result<Vec<Comune>, String> {
    let fc: Value = serde_json::from_str(COMUNI_GEOJSON).map_err(|e| e.to_string())?;
    let features = fc["features"].as_array().ok_or("no features")?;
    features
        .iter()
        .map(|f| {
            let p = &f["properties"];
            let text = |k: &str| p[k].as_str().map(str::to_owned).ok_or(format!("missing {k}"));
            Ok(Comune {
                istat: IstatCode::parse(&text("istat_code")?).map_err(|_| "bad istat code")?,
                name: text("name")?,
                catasto: text("catasto_code")?,
                bbox: bbox(&f["geometry"]["coordinates"]),
                geometry: f["geometry"].to_string(),
            })
        })
        .collect()
}

/// The bounding box `[min_lon, min_lat, max_lon, max_lat]` of nested coordinates.
fn bbox(coords: &Value) -> [f64; 4] {
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    fn walk(v: &Value, b: &mut [f64; 4]) {
        match v.as_array() {
            Some(a) if a.len() == 2 && a[0].is_number() => {
                let (x, y) = (a[0].as_f64().unwrap_or(0.0), a[1].as_f64().unwrap_or(0.0));
                b[0] = b[0].min(x);
                b[1] = b[1].min(y);
                b[2] = b[2].max(x);
                b[3] = b[3].max(y);
            }
            Some(a) => a.iter().for_each(|c| walk(c, b)),
            None => {}
        }
    }
    walk(coords, &mut b);
    b
}

/// Inserts the comuni that are missing; returns how many were added.
pub async fn load_comuni(db: &Db) -> Result<u64, ApiError> {
    let comuni = comuni().map_err(|e| {
        tracing::error!(error = %e, "embedded comuni GeoJSON");
        ApiError::Internal
    })?;
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    let mut added = 0;
    for c in comuni {
        let r = sqlx::query(
            "INSERT INTO municipalities (istat_code, name, catasto_code, min_lon, min_lat, max_lon, max_lat, geometry) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (istat_code) DO NOTHING",
        )
        .bind(c.istat.as_ref())
        .bind(&c.name)
        .bind(&c.catasto)
        .bind(c.bbox[0])
        .bind(c.bbox[1])
        .bind(c.bbox[2])
        .bind(c.bbox[3])
        .bind(&c.geometry)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        added += r.rows_affected();
    }
    tx.commit().await.map_err(db_error)?;
    Ok(added)
}

pub async fn municipalities(db: &Db) -> Result<Vec<MunicipalityRow>, ApiError> {
    let rows = sqlx::query(
        "SELECT m.istat_code, m.name, d.name AS district, d.is_demo FROM municipalities m \
         LEFT JOIN districts d ON d.id = m.district_id ORDER BY m.name",
    )
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            Ok(MunicipalityRow {
                istat_code: r.try_get("istat_code")?,
                name: r.try_get("name")?,
                district: r.try_get("district")?,
                district_is_demo: r.try_get::<Option<i64>, _>("is_demo")?.unwrap_or(0) != 0,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(db_error)
}

pub async fn count(db: &Db, table: &'static str) -> Result<i64, ApiError> {
    sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
        .fetch_one(&db.pool)
        .await
        .and_then(|r| r.try_get("n"))
        .map_err(db_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_comuni_are_the_113_of_cremona() {
        let c = comuni().unwrap();
        assert_eq!(c.len(), 113);
        assert!(c.iter().all(|c| c.istat.province() == "019"));
        let cremona = c.iter().find(|c| c.istat.as_ref() == "019036").unwrap();
        assert_eq!(cremona.name, "Cremona");
        // Cremona's centre (10.02 E, 45.13 N) lies in its bounding box.
        assert!(cremona.bbox[0] < 10.02 && 10.02 < cremona.bbox[2]);
        assert!(cremona.bbox[1] < 45.13 && 45.13 < cremona.bbox[3]);
    }
}
