//! Calls for enterprise ideas on the server: calls, applications and their
//! workflow, attachments, review, decisions, notes and follow-up. The rules
//! themselves are pure and live in `shared::calls` and
//! `shared::applications`; this module stores, loads and decides who may
//! see what. `backend.rs` is the entry point (one method per operation,
//! role checks first).

pub mod applications;
pub mod attachments;
pub mod backend;
// Calls themselves, beside their applications and reviews: the name says what it holds.
#[allow(clippy::module_inception)]
pub mod calls;
pub mod decisions;
pub mod follow_up;
pub mod notes;
pub mod reviews;
pub mod seed;
pub mod workflow;

use crate::db::Db;
use crate::errors::db_error;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::applications::{
    Action, ApplicationAction, ApplicationInput, ApplicationState, BudgetLineInput, Declaration, DraftBudgetLine,
    Relation, Standing,
};
use shared::calls::{AmountInput, CallDetail, CallStatus, CallSummary, Criterion, EligibilityQuestion};
use shared::money::Cents;
use shared::people::{Me, Role};
use shared::ApiError;
use sqlx::any::AnyRow;
use sqlx::Row;

/// One column of a row, with database errors logged and hidden.
pub(crate) fn col<'r, T>(r: &'r AnyRow, name: &str) -> Result<T, ApiError>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    r.try_get(name).map_err(db_error)
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| {
        tracing::error!(error = %e, "json encoding");
        ApiError::Internal
    })
}

/// Reads JSON the server wrote itself; anything else is a bug, logged.
pub(crate) fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| {
        tracing::error!(error = %e, "stored json");
        ApiError::Internal
    })
}

/// A call as stored.
#[derive(Debug, Clone)]
pub struct Call {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub budget: Cents,
    pub max_per_application: Cents,
    pub eligibility: Vec<EligibilityQuestion>,
    pub criteria: Vec<Criterion>,
    pub blind_review: bool,
    pub status: CallStatus,
}

pub(crate) const CALL_COLUMNS: &str = "id, title, description, opens_at, closes_at, budget_cents, \
    max_per_application_cents, eligibility, criteria, blind_review, status";

impl Call {
    pub(crate) fn from_row(r: &AnyRow) -> Result<Call, ApiError> {
        let status: String = col(r, "status")?;
        Ok(Call {
            id: col(r, "id")?,
            title: col(r, "title")?,
            description: col(r, "description")?,
            opens_at: col(r, "opens_at")?,
            closes_at: col(r, "closes_at")?,
            budget: Cents(col(r, "budget_cents")?),
            max_per_application: Cents(col(r, "max_per_application_cents")?),
            eligibility: from_json(&col::<String>(r, "eligibility")?)?,
            criteria: from_json(&col::<String>(r, "criteria")?)?,
            blind_review: col::<i64>(r, "blind_review")? != 0,
            status: CallStatus::parse(&status).ok_or(ApiError::Internal)?,
        })
    }

    /// Whether it accepts applications at server time `now`.
    pub fn accepting(&self, now: i64) -> bool {
        shared::calls::is_open(now, self.opens_at, self.closes_at, self.status)
    }

    pub fn summary(&self, now: i64) -> CallSummary {
        CallSummary {
            id: self.id,
            title: self.title.clone(),
            status: self.status,
            opens_at: self.opens_at,
            closes_at: self.closes_at,
            budget_cents: self.budget.0,
            max_per_application_cents: self.max_per_application.0,
            accepting: self.accepting(now),
            blind_review: self.blind_review,
        }
    }

    pub fn detail(&self, now: i64) -> CallDetail {
        CallDetail {
            summary: self.summary(now),
            description: self.description.clone(),
            eligibility: self.eligibility.clone(),
            criteria: self.criteria.clone(),
        }
    }
}

pub async fn load_call(db: &Db, id: i64) -> Result<Call, ApiError> {
    let row = sqlx::query(&format!("SELECT {CALL_COLUMNS} FROM calls WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?
        .ok_or(ApiError::NotFound)?;
    Call::from_row(&row)
}

/// An application as stored.
#[derive(Debug, Clone)]
pub struct Application {
    pub id: i64,
    pub call_id: i64,
    pub applicant_id: i64,
    pub state: ApplicationState,
    pub version: i64,
    pub idea_title: String,
    pub summary: String,
    pub problem_and_customers: String,
    pub team: String,
    pub community_benefit: String,
    pub budget_lines: Vec<DraftBudgetLine>,
    pub budget_total: Cents,
    pub requested: Option<Cents>,
    pub lab_id: Option<i64>,
    pub consent_at: Option<i64>,
    pub assisted_by: Option<i64>,
    pub granted: Option<Cents>,
    pub funded_on: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub submitted_at: Option<i64>,
}

pub(crate) const APPLICATION_COLUMNS: &str = "a.id, a.call_id, a.applicant_id, a.state, a.version, a.idea_title, \
    a.summary, a.problem_and_customers, a.team, a.community_benefit, a.budget_lines, a.budget_total_cents, \
    a.requested_cents, a.lab_id, a.consent_at, a.assisted_by, a.granted_cents, a.funded_on, a.created_at, \
    a.updated_at, a.submitted_at";

impl Application {
    pub(crate) fn from_row(r: &AnyRow) -> Result<Application, ApiError> {
        let state: String = col(r, "state")?;
        Ok(Application {
            id: col(r, "id")?,
            call_id: col(r, "call_id")?,
            applicant_id: col(r, "applicant_id")?,
            state: ApplicationState::parse(&state).ok_or(ApiError::Internal)?,
            version: col(r, "version")?,
            idea_title: col(r, "idea_title")?,
            summary: col(r, "summary")?,
            problem_and_customers: col(r, "problem_and_customers")?,
            team: col(r, "team")?,
            community_benefit: col(r, "community_benefit")?,
            budget_lines: from_json(&col::<String>(r, "budget_lines")?)?,
            budget_total: Cents(col(r, "budget_total_cents")?),
            requested: col::<Option<i64>>(r, "requested_cents")?.map(Cents),
            lab_id: col(r, "lab_id")?,
            consent_at: col(r, "consent_at")?,
            assisted_by: col(r, "assisted_by")?,
            granted: col::<Option<i64>>(r, "granted_cents")?.map(Cents),
            funded_on: col(r, "funded_on")?,
            created_at: col(r, "created_at")?,
            updated_at: col(r, "updated_at")?,
            submitted_at: col(r, "submitted_at")?,
        })
    }

    /// The form as saved, amounts in cents, so it reloads as it was left
    /// and can be checked again for submission.
    pub fn form(&self) -> ApplicationInput {
        let amount = |c: Option<Cents>| c.map(AmountInput::from).unwrap_or_default();
        ApplicationInput {
            idea_title: self.idea_title.clone(),
            summary: self.summary.clone(),
            problem_and_customers: self.problem_and_customers.clone(),
            team: self.team.clone(),
            community_benefit: self.community_benefit.clone(),
            budget_lines: self
                .budget_lines
                .iter()
                .map(|l| BudgetLineInput { item: l.item.clone(), amount: amount(l.amount) })
                .collect(),
            requested: amount(self.requested),
            lab_id: self.lab_id,
            consent: self.consent_at.is_some(),
        }
    }
}

pub async fn load_application(db: &Db, id: i64) -> Result<Application, ApiError> {
    let row = sqlx::query(&format!("SELECT {APPLICATION_COLUMNS} FROM applications a WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?
        .ok_or(ApiError::NotFound)?;
    Application::from_row(&row)
}

/// Whether `person` is assigned to review `app`: to its whole call or to it.
pub async fn is_assigned(db: &Db, person: i64, app: &Application) -> Result<bool, ApiError> {
    let row = sqlx::query(
        "SELECT 1 AS one FROM call_evaluators WHERE call_id = $1 AND person_id = $2 \
         UNION SELECT 1 AS one FROM application_evaluators WHERE application_id = $3 AND person_id = $2",
    )
    .bind(app.call_id)
    .bind(person)
    .bind(app.id)
    .fetch_optional(&db.pool)
    .await
    .map_err(db_error)?;
    Ok(row.is_some())
}

pub async fn declaration(db: &Db, app_id: i64, person: i64) -> Result<Declaration, ApiError> {
    let row = sqlx::query("SELECT conflict FROM reviews WHERE application_id = $1 AND evaluator_id = $2")
        .bind(app_id)
        .bind(person)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?;
    Ok(match row {
        None => Declaration::Undeclared,
        Some(r) if col::<i64>(&r, "conflict")? != 0 => Declaration::Conflict,
        Some(_) => Declaration::NoConflict,
    })
}

/// How `person` stands to `app`: the facts `shared`'s rule
/// ([`Standing::allows`]) needs. Every check on an application goes
/// through it.
pub async fn standing_of(
    db: &Db,
    person: i64,
    roles: &[Role],
    app: &Application,
    call: &Call,
) -> Result<Standing, ApiError> {
    let applicant = app.applicant_id == person;
    let assisting = app.assisted_by == Some(person);
    // The assignment matters only when no closer tie decides (Relation::of).
    let assigned = if applicant || assisting || !is_assigned(db, person, app).await? {
        None
    } else {
        Some(declaration(db, app.id, person).await?)
    };
    Ok(Standing {
        roles: roles.to_vec(),
        relation: Relation::of(applicant, assisting, assigned),
        blind: call.blind_review,
        draft: app.state == ApplicationState::Draft,
    })
}

/// Loads an application and its call for `me`, who must be allowed
/// `action` on it (403 otherwise; 404 for an unknown application).
pub async fn open_for(
    db: &Db,
    me: &Me,
    id: i64,
    action: ApplicationAction,
) -> Result<(Application, Call, Standing), ApiError> {
    let app = load_application(db, id).await?;
    let call = load_call(db, app.call_id).await?;
    let standing = standing_of(db, me.id, &me.roles, &app, &call).await?;
    standing.check(action)?;
    Ok((app, call, standing))
}

/// The applications of a call that are `person`'s own: they applied, or
/// assisted the applicant (the applicant's side of `Relation::of`).
pub async fn own_in_call(db: &Db, call_id: i64, person: i64) -> Result<Vec<Application>, ApiError> {
    let rows = sqlx::query(&format!(
        "SELECT {APPLICATION_COLUMNS} FROM applications a \
         WHERE a.call_id = $1 AND (a.applicant_id = $2 OR a.assisted_by = $2) ORDER BY a.id"
    ))
    .bind(call_id)
    .bind(person)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter().map(Application::from_row).collect()
}

/// The people whose names a reader without [`ApplicationAction::ReadIdentity`]
/// must not see where they acted (timeline, notes, reviews): the applicant
/// and who assisted them. Empty for everyone else.
pub fn hidden_people(app: &Application, standing: &Standing) -> Vec<i64> {
    if standing.allows(ApplicationAction::ReadIdentity) {
        return Vec::new();
    }
    std::iter::once(app.applicant_id).chain(app.assisted_by).collect()
}

/// Records in the audit log that `person`, an evaluator of the whole call,
/// is recused from the applications of that call that are their own
/// (`Relation::recused_as_own`: they applied, or assisted the applicant).
/// Once per person and application; the state does not change.
pub async fn record_recusals(db: &Db, call_id: i64, person: i64) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO application_audit (application_id, actor_id, action, from_state, to_state, note, at) \
         SELECT a.id, $2, $3, a.state, a.state, NULL, $4 FROM applications a \
         WHERE a.call_id = $1 AND (a.applicant_id = $2 OR a.assisted_by = $2) \
           AND EXISTS (SELECT 1 FROM call_evaluators e WHERE e.call_id = a.call_id AND e.person_id = $2) \
           AND NOT EXISTS (SELECT 1 FROM application_audit u WHERE u.application_id = a.id \
             AND u.action = $3 AND u.actor_id = $2)",
    )
    .bind(call_id)
    .bind(person)
    .bind(Action::Recuse.code())
    .bind(crate::db::now())
    .execute(&db.pool)
    .await
    .map_err(db_error)?;
    Ok(())
}
