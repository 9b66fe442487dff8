//! After funding: milestones, grant tranches (tied to milestones, never
//! adding up to more than the grant), the mentoring log and the status
//! checks at 6, 12 and 24 months. Staff write; the applicant reads.

use super::{col, Application};
use crate::db::{now, Db};
use crate::errors::db_error;
use shared::applications::{
    grant_remaining, ApplicationState, Checkpoint, FollowUp, MentoringInput, MentoringRow, MilestoneInput,
    MilestoneRow, StatusCheckInput, StatusCheckRow, TrancheRequest, TrancheRow,
};
use shared::error::ValidationCode;
use shared::money::Cents;
use shared::{ApiError, Locale};
use sqlx::any::AnyRow;

/// Follow-up is written for approved ideas with a grant, until closed.
fn require_granted(app: &Application) -> Result<Cents, ApiError> {
    let followed = matches!(
        app.state,
        ApplicationState::Approved | ApplicationState::ApprovedWithConditions | ApplicationState::Funded
    );
    match app.granted {
        Some(granted) if followed => Ok(granted),
        _ => Err(ApiError::InvalidTransition),
    }
}

pub async fn get(db: &Db, app: &Application) -> Result<FollowUp, ApiError> {
    let tranches = tranches(db, app.id).await?;
    let planned: Vec<Cents> = tranches.iter().map(|t| Cents(t.amount_cents)).collect();
    let granted = app.granted.unwrap_or(Cents::ZERO);
    Ok(FollowUp {
        granted_cents: app.granted.map(|c| c.0),
        funded_on: app.funded_on.clone(),
        remaining_cents: grant_remaining(granted, &planned).0,
        milestones: milestones(db, app.id).await?,
        tranches,
        mentoring: mentoring(db, app.id).await?,
        checks: checks(db, app).await?,
    })
}

fn milestone_row(r: &AnyRow) -> Result<MilestoneRow, ApiError> {
    Ok(MilestoneRow {
        id: col(r, "id")?,
        title: col(r, "title")?,
        description: col(r, "description")?,
        due_on: col(r, "due_on")?,
        done_on: col(r, "done_on")?,
    })
}

async fn milestones(db: &Db, app_id: i64) -> Result<Vec<MilestoneRow>, ApiError> {
    let rows = sqlx::query(
        "SELECT id, title, description, due_on, done_on FROM milestones WHERE application_id = $1 ORDER BY due_on, id",
    )
    .bind(app_id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter().map(milestone_row).collect()
}

pub async fn add_milestone(db: &Db, app: &Application, input: &MilestoneInput) -> Result<MilestoneRow, ApiError> {
    require_granted(app)?;
    let m = input.validate()?;
    let row = sqlx::query(
        "INSERT INTO milestones (application_id, title, description, due_on, done_on, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, title, description, due_on, done_on",
    )
    .bind(app.id)
    .bind(&m.title)
    .bind(&m.description)
    .bind(m.due_on.to_string())
    .bind(m.done_on.map(|d| d.to_string()))
    .bind(now())
    .fetch_one(&db.pool)
    .await
    .map_err(db_error)?;
    milestone_row(&row)
}

/// Changes a milestone (typically: reached on a date).
pub async fn update_milestone(
    db: &Db,
    app: &Application,
    id: i64,
    input: &MilestoneInput,
) -> Result<MilestoneRow, ApiError> {
    require_granted(app)?;
    let m = input.validate()?;
    let row = sqlx::query(
        "UPDATE milestones SET title = $1, description = $2, due_on = $3, done_on = $4 \
         WHERE id = $5 AND application_id = $6 RETURNING id, title, description, due_on, done_on",
    )
    .bind(&m.title)
    .bind(&m.description)
    .bind(m.due_on.to_string())
    .bind(m.done_on.map(|d| d.to_string()))
    .bind(id)
    .bind(app.id)
    .fetch_optional(&db.pool)
    .await
    .map_err(db_error)?
    .ok_or(ApiError::NotFound)?;
    milestone_row(&row)
}

const TRANCHE_SQL: &str = "SELECT id, milestone_id, amount_cents, due_on, paid_on, note FROM tranches";

fn tranche_row(r: &AnyRow) -> Result<TrancheRow, ApiError> {
    Ok(TrancheRow {
        id: col(r, "id")?,
        milestone_id: col(r, "milestone_id")?,
        amount_cents: col(r, "amount_cents")?,
        due_on: col(r, "due_on")?,
        paid_on: col(r, "paid_on")?,
        note: col(r, "note")?,
    })
}

async fn tranches(db: &Db, app_id: i64) -> Result<Vec<TrancheRow>, ApiError> {
    let rows = sqlx::query(&format!("{TRANCHE_SQL} WHERE application_id = $1 ORDER BY due_on, id"))
        .bind(app_id)
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    rows.iter().map(tranche_row).collect()
}

/// A tranche of the grant. The sum of tranches is read under the
/// application's row lock, so two staff adding at once cannot together
/// plan more than the grant.
pub async fn add_tranche(
    db: &Db,
    app: &Application,
    req: &TrancheRequest,
    locale: Locale,
) -> Result<TrancheRow, ApiError> {
    let granted = require_granted(app)?;
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    sqlx::query("UPDATE applications SET updated_at = updated_at WHERE id = $1")
        .bind(app.id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    if let Some(m) = req.milestone_id {
        let found = sqlx::query("SELECT id FROM milestones WHERE id = $1 AND application_id = $2")
            .bind(m)
            .bind(app.id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?;
        if found.is_none() {
            return Err(ApiError::validation("milestone_id", ValidationCode::Choice));
        }
    }
    let planned: i64 = col(
        &sqlx::query(
            "SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) AS s FROM tranches WHERE application_id = $1",
        )
        .bind(app.id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?,
        "s",
    )?;
    let t = req.tranche.validate(grant_remaining(granted, &[Cents(planned)]), locale)?;
    let row = sqlx::query(
        "INSERT INTO tranches (application_id, milestone_id, amount_cents, due_on, paid_on, note, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, milestone_id, amount_cents, due_on, paid_on, note",
    )
    .bind(app.id)
    .bind(req.milestone_id)
    .bind(t.amount.0)
    .bind(t.due_on.to_string())
    .bind(t.paid_on.map(|d| d.to_string()))
    .bind(&t.note)
    .bind(now())
    .fetch_one(&mut *tx)
    .await
    .map_err(db_error)?;
    let out = tranche_row(&row)?;
    tx.commit().await.map_err(db_error)?;
    Ok(out)
}

fn mentoring_row(r: &AnyRow) -> Result<MentoringRow, ApiError> {
    Ok(MentoringRow {
        id: col(r, "id")?,
        held_on: col(r, "held_on")?,
        mentor: col(r, "mentor")?,
        topic: col(r, "topic")?,
        notes: col(r, "notes")?,
    })
}

async fn mentoring(db: &Db, app_id: i64) -> Result<Vec<MentoringRow>, ApiError> {
    let rows = sqlx::query(
        "SELECT id, held_on, mentor, topic, notes FROM mentoring WHERE application_id = $1 ORDER BY held_on, id",
    )
    .bind(app_id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter().map(mentoring_row).collect()
}

pub async fn add_mentoring(
    db: &Db,
    app: &Application,
    input: &MentoringInput,
    by: i64,
) -> Result<MentoringRow, ApiError> {
    require_granted(app)?;
    let m = input.validate()?;
    let row = sqlx::query(
        "INSERT INTO mentoring (application_id, held_on, mentor, topic, notes, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, held_on, mentor, topic, notes",
    )
    .bind(app.id)
    .bind(m.held_on.to_string())
    .bind(&m.mentor)
    .bind(&m.topic)
    .bind(&m.notes)
    .bind(by)
    .bind(now())
    .fetch_one(&db.pool)
    .await
    .map_err(db_error)?;
    mentoring_row(&row)
}

/// The three checkpoints, each with its due date (from the funding day)
/// and what was recorded.
async fn checks(db: &Db, app: &Application) -> Result<Vec<StatusCheckRow>, ApiError> {
    let rows = sqlx::query(
        "SELECT checkpoint, checked_on, active, people_working, notes FROM status_checks WHERE application_id = $1",
    )
    .bind(app.id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    let funded = app.funded_on.as_deref().and_then(|d| shared::campaigns::parse_date(d).ok());
    Checkpoint::ALL
        .into_iter()
        .map(|cp| {
            let mut out = StatusCheckRow {
                checkpoint: cp,
                due_on: funded.map(|f| cp.due_on(f).to_string()),
                checked_on: None,
                active: None,
                people_working: None,
                notes: None,
            };
            for r in &rows {
                if col::<String>(r, "checkpoint")? == cp.code() {
                    out.checked_on = Some(col(r, "checked_on")?);
                    out.active = Some(col::<i64>(r, "active")? != 0);
                    out.people_working = Some(col(r, "people_working")?);
                    out.notes = Some(col(r, "notes")?);
                }
            }
            Ok(out)
        })
        .collect()
}

/// Records (or corrects) one checkpoint of a funded enterprise.
pub async fn save_check(db: &Db, app: &Application, input: &StatusCheckInput, by: i64) -> Result<FollowUp, ApiError> {
    if app.state != ApplicationState::Funded && app.state != ApplicationState::Closed || app.funded_on.is_none() {
        return Err(ApiError::InvalidTransition);
    }
    let c = input.validate()?;
    sqlx::query(
        "INSERT INTO status_checks (application_id, checkpoint, checked_on, active, people_working, notes, \
           recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (application_id, checkpoint) DO UPDATE SET checked_on = $3, active = $4, \
           people_working = $5, notes = $6, recorded_by = $7, recorded_at = $8",
    )
    .bind(app.id)
    .bind(c.checkpoint.code())
    .bind(c.checked_on.to_string())
    .bind(i64::from(c.active))
    .bind(i64::from(c.people_working))
    .bind(&c.notes)
    .bind(by)
    .bind(now())
    .execute(&db.pool)
    .await
    .map_err(db_error)?;
    get(db, app).await
}
