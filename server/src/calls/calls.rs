//! Calls: staff write them as drafts, publish, close and publish results;
//! everyone reads the published ones. Evaluators are assigned per call.

use super::{col, load_call, to_json, Call, CALL_COLUMNS};
use crate::db::{now, Db};
use crate::errors::db_error;
use shared::applications::ApplicationState;
use shared::calls::{CallDetail, CallForm, CallStatus, CallSummary, EvaluatorRow, ValidCall};
use shared::error::ValidationCode;
use shared::people::Role;
use shared::{ApiError, Locale};

/// Newest first; drafts only for staff.
pub async fn list(db: &Db, staff: bool) -> Result<Vec<CallSummary>, ApiError> {
    let filter = if staff { "" } else { " WHERE status <> 'draft'" };
    let rows = sqlx::query(&format!("SELECT {CALL_COLUMNS} FROM calls{filter} ORDER BY opens_at DESC, id DESC"))
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    let t = now();
    rows.iter().map(|r| Call::from_row(r).map(|c| c.summary(t))).collect()
}

/// A call; a draft is not found except by staff.
pub async fn detail(db: &Db, id: i64, staff: bool) -> Result<CallDetail, ApiError> {
    let call = visible(db, id, staff).await?;
    Ok(call.detail(now()))
}

/// The call if the caller may know it exists.
pub async fn visible(db: &Db, id: i64, staff: bool) -> Result<Call, ApiError> {
    let call = load_call(db, id).await?;
    if call.status == CallStatus::Draft && !staff {
        return Err(ApiError::NotFound);
    }
    Ok(call)
}

fn validate(form: &CallForm, locale: Locale) -> Result<ValidCall, ApiError> {
    form.call.validate(locale)
}

/// A new call, as a draft.
pub async fn create(db: &Db, form: &CallForm, locale: Locale, by: i64) -> Result<i64, ApiError> {
    let c = validate(form, locale)?;
    let t = now();
    let row = sqlx::query(
        "INSERT INTO calls (title, description, opens_at, closes_at, budget_cents, max_per_application_cents, \
           eligibility, criteria, blind_review, status, created_at, created_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11, $10) RETURNING id",
    )
    .bind(&c.title)
    .bind(&c.description)
    .bind(c.opens_at)
    .bind(c.closes_at)
    .bind(c.budget.0)
    .bind(c.max_per_application.0)
    .bind(to_json(&c.eligibility)?)
    .bind(to_json(&c.criteria)?)
    .bind(i64::from(form.blind_review))
    .bind(t)
    .bind(by)
    .fetch_one(&db.pool)
    .await
    .map_err(db_error)?;
    col(&row, "id")
}

/// Changes a call while it is a draft. Once published, residents may have
/// applied on its terms and evaluators score by its criteria: it is frozen.
pub async fn update(db: &Db, id: i64, form: &CallForm, locale: Locale) -> Result<(), ApiError> {
    let c = validate(form, locale)?;
    let done = sqlx::query(
        "UPDATE calls SET title = $1, description = $2, opens_at = $3, closes_at = $4, budget_cents = $5, \
           max_per_application_cents = $6, eligibility = $7, criteria = $8, blind_review = $9, updated_at = $10 \
         WHERE id = $11 AND status = 'draft'",
    )
    .bind(&c.title)
    .bind(&c.description)
    .bind(c.opens_at)
    .bind(c.closes_at)
    .bind(c.budget.0)
    .bind(c.max_per_application.0)
    .bind(to_json(&c.eligibility)?)
    .bind(to_json(&c.criteria)?)
    .bind(i64::from(form.blind_review))
    .bind(now())
    .bind(id)
    .execute(&db.pool)
    .await
    .map_err(db_error)?;
    if done.rows_affected() == 0 {
        load_call(db, id).await?;
        return Err(ApiError::InvalidTransition);
    }
    Ok(())
}

/// Publish, close, publish results: only forward ([`CallStatus::can_become`]),
/// and only from the status read (two staff clicking at once: one wins).
pub async fn set_status(db: &Db, id: i64, to: CallStatus) -> Result<(), ApiError> {
    let call = load_call(db, id).await?;
    if !call.status.can_become(to) {
        return Err(ApiError::InvalidTransition);
    }
    let done = sqlx::query("UPDATE calls SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(to.code())
        .bind(now())
        .bind(id)
        .bind(call.status.code())
        .execute(&db.pool)
        .await
        .map_err(db_error)?;
    if done.rows_affected() == 0 {
        return Err(ApiError::InvalidTransition);
    }
    Ok(())
}

pub async fn evaluators(db: &Db, call_id: i64) -> Result<Vec<EvaluatorRow>, ApiError> {
    load_call(db, call_id).await?;
    let rows = sqlx::query(
        "SELECT p.id, p.display_name, p.email FROM call_evaluators e JOIN people p ON p.id = e.person_id \
         WHERE e.call_id = $1 ORDER BY p.display_name, p.id",
    )
    .bind(call_id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter().map(evaluator_row).collect()
}

/// Everyone holding the evaluator role, by name.
pub async fn evaluator_candidates(db: &Db) -> Result<Vec<EvaluatorRow>, ApiError> {
    let rows = sqlx::query(
        "SELECT p.id, p.display_name, p.email FROM person_roles r JOIN people p ON p.id = r.person_id \
         WHERE r.role = 'evaluator' ORDER BY p.display_name, p.id",
    )
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter().map(evaluator_row).collect()
}

fn evaluator_row(r: &sqlx::any::AnyRow) -> Result<EvaluatorRow, ApiError> {
    Ok(EvaluatorRow { person_id: col(r, "id")?, display_name: col(r, "display_name")?, email: col(r, "email")? })
}

/// Refuses anyone without the evaluator role (field `person_id`).
pub async fn require_evaluator(db: &Db, person: i64) -> Result<(), ApiError> {
    if crate::auth::roles_of(db, person).await?.contains(&Role::Evaluator) {
        Ok(())
    } else {
        Err(ApiError::validation("person_id", ValidationCode::NotEvaluator))
    }
}

/// Assigns an evaluator to every application of a call, or removes them.
pub async fn assign(db: &Db, call_id: i64, person: i64, assigned: bool, by: i64) -> Result<(), ApiError> {
    load_call(db, call_id).await?;
    let query = if assigned {
        require_evaluator(db, person).await?;
        sqlx::query(
            "INSERT INTO call_evaluators (call_id, person_id, assigned_at, assigned_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (call_id, person_id) DO NOTHING",
        )
        .bind(call_id)
        .bind(person)
        .bind(now())
        .bind(by)
    } else {
        sqlx::query("DELETE FROM call_evaluators WHERE call_id = $1 AND person_id = $2").bind(call_id).bind(person)
    };
    query.execute(&db.pool).await.map_err(db_error)?;
    Ok(())
}

/// Applications per call, state and lab of origin, for the staff dashboard.
pub async fn dashboard(db: &Db) -> Result<Vec<shared::applications::DashboardRow>, ApiError> {
    let rows = sqlx::query(
        "SELECT c.id AS call_id, c.title, a.state, a.lab_id, COUNT(*) AS n \
         FROM applications a JOIN calls c ON c.id = a.call_id \
         GROUP BY c.id, c.title, a.state, a.lab_id ORDER BY c.id DESC, a.state, a.lab_id",
    )
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let state: String = col(r, "state")?;
            Ok(shared::applications::DashboardRow {
                call_id: col(r, "call_id")?,
                call_title: col(r, "title")?,
                state: ApplicationState::parse(&state).ok_or(ApiError::Internal)?,
                lab_id: col(r, "lab_id")?,
                count: col(r, "n")?,
            })
        })
        .collect()
}
