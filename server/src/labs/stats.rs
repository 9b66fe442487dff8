//! Activity per municipality in a period, for the choropleth: counts and
//! sums only, never single meetings.

use crate::db::{now, Db};
use crate::errors::db_error;
use chrono::NaiveDate;
use shared::labs::MunicipalityStats;
use shared::ApiError;
use sqlx::Row;
use std::collections::HashMap;

/// A period in Rome days, both ends included; `None` for all time.
pub async fn per_municipality(
    db: &Db,
    period: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<MunicipalityStats>, ApiError> {
    let (from, to) = match period {
        Some((f, t)) => (f.to_string(), t.to_string()),
        None => ("0000-01-01".to_owned(), "9999-12-31".to_owned()),
    };
    let (start, end) = match period {
        Some((f, t)) => {
            (shared::time::rome_midnight_utc(f), shared::time::rome_midnight_utc(t + chrono::Duration::days(1)))
        }
        None => (i64::MIN, i64::MAX),
    };
    let labs = sqlx::query(
        "SELECT istat_code, COUNT(*) AS n FROM labs WHERE starts_on <= $1 AND (ends_on IS NULL OR ends_on >= $2) \
         GROUP BY istat_code",
    )
    .bind(to)
    .bind(from)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    // Meetings count once they have taken place, planned ones not yet.
    let meetings = sqlx::query(
        "SELECT l.istat_code, COUNT(*) AS n, CAST(COALESCE(SUM(mt.attendance_total), 0) AS BIGINT) AS people \
         FROM meetings mt JOIN labs l ON l.id = mt.lab_id \
         WHERE mt.starts_at >= $1 AND mt.starts_at < $2 AND mt.starts_at <= $3 GROUP BY l.istat_code",
    )
    .bind(start)
    .bind(end)
    .bind(now())
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    let mut lab_counts: HashMap<String, i64> = HashMap::new();
    for r in labs {
        lab_counts.insert(r.try_get("istat_code").map_err(db_error)?, r.try_get("n").map_err(db_error)?);
    }
    let mut meeting_counts: HashMap<String, (i64, i64)> = HashMap::new();
    for r in meetings {
        let counts = (r.try_get("n").map_err(db_error)?, r.try_get("people").map_err(db_error)?);
        meeting_counts.insert(r.try_get("istat_code").map_err(db_error)?, counts);
    }
    let rows = sqlx::query("SELECT istat_code, name, district_id FROM municipalities ORDER BY name")
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let istat_code: String = r.try_get("istat_code").map_err(db_error)?;
            let (meetings, participants) = meeting_counts.get(&istat_code).copied().unwrap_or_default();
            Ok(MunicipalityStats {
                labs: lab_counts.get(&istat_code).copied().unwrap_or_default(),
                meetings,
                participants,
                name: r.try_get("name").map_err(db_error)?,
                district_id: r.try_get("district_id").map_err(db_error)?,
                istat_code,
            })
        })
        .collect()
}
