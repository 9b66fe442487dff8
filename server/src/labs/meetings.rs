//! Meetings of a lab. Per-meeting attendance and notes are for staff; the
//! public sees upcoming dates and sums (see `store::detail`).

use crate::db::{now, Db};
use crate::errors::db_error;
use shared::labs::{MeetingRow, ValidMeeting};
use shared::ApiError;
use sqlx::any::AnyRow;
use sqlx::Row;

const COLUMNS: &str = "id, lab_id, starts_at, topic, attendance_total, attendance_first_time, organisations, notes";

fn from_row(r: &AnyRow) -> Result<MeetingRow, sqlx::Error> {
    Ok(MeetingRow {
        id: r.try_get("id")?,
        lab_id: r.try_get("lab_id")?,
        starts_at: r.try_get("starts_at")?,
        topic: r.try_get("topic")?,
        attendance_total: r.try_get("attendance_total")?,
        attendance_first_time: r.try_get("attendance_first_time")?,
        organisations: r.try_get("organisations")?,
        notes: r.try_get("notes")?,
    })
}

async fn lab_exists(db: &Db, lab: i64) -> Result<(), ApiError> {
    let found =
        sqlx::query("SELECT id FROM labs WHERE id = $1").bind(lab).fetch_optional(&db.pool).await.map_err(db_error)?;
    found.map(|_| ()).ok_or(ApiError::NotFound)
}

/// Every meeting of a lab, latest first.
pub async fn list(db: &Db, lab: i64) -> Result<Vec<MeetingRow>, ApiError> {
    lab_exists(db, lab).await?;
    let rows =
        sqlx::query(&format!("SELECT {COLUMNS} FROM meetings WHERE lab_id = $1 ORDER BY starts_at DESC, id DESC"))
            .bind(lab)
            .fetch_all(&db.pool)
            .await
            .map_err(db_error)?;
    rows.iter().map(from_row).collect::<Result<_, _>>().map_err(db_error)
}

pub async fn add(db: &Db, lab: i64, m: &ValidMeeting, by: Option<i64>) -> Result<MeetingRow, ApiError> {
    lab_exists(db, lab).await?;
    let row = sqlx::query(&format!(
        "INSERT INTO meetings (lab_id, starts_at, topic, attendance_total, attendance_first_time, organisations, \
         notes, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {COLUMNS}"
    ))
    .bind(lab)
    .bind(m.starts_at)
    .bind(m.topic.as_deref())
    .bind(m.attendance_total)
    .bind(m.attendance_first_time)
    .bind(m.organisations)
    .bind(m.notes.as_deref())
    .bind(now())
    .bind(by)
    .fetch_one(&db.pool)
    .await
    .map_err(db_error)?;
    from_row(&row).map_err(db_error)
}
