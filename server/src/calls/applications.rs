//! Applications: started after the eligibility check, written as drafts
//! that save themselves (autosave with an optimistic version), read by
//! their applicant, staff and the evaluators allowed to.

use super::APPLICATION_COLUMNS;
use super::{col, decisions, load_application, load_call, to_json, workflow, Application, Call};
use crate::auth;
use crate::db::{now, Db};
use crate::errors::db_error;
use shared::applications::{
    timeline, ActionOption, ApplicantInfo, ApplicationAction, ApplicationRow, ApplicationState, ApplicationView,
    AssistedStart, Declaration, DraftSaved, Relation, SaveDraft, Standing,
};
use shared::calls::{check_eligibility, eligibility_error, CallStatus};
use shared::people::{DisplayName, Email, Me, Password, Registration, Role};
use shared::{ApiError, Locale};

/// Who starts an application.
pub struct Starter {
    pub applicant: i64,
    /// Staff who fill it in with the resident (consent given in front of them).
    pub assisted_by: Option<i64>,
    pub consent: bool,
}

/// Starts (or resumes) the caller's application to a call: the call must
/// accept applications and the answers pass its eligibility questions.
/// One application per person and call: `(id, false)` when it existed.
pub async fn start(db: &Db, call_id: i64, answers: &[Option<bool>], who: Starter) -> Result<(i64, bool), ApiError> {
    let call = load_call(db, call_id).await?;
    if call.status == CallStatus::Draft {
        return Err(ApiError::NotFound);
    }
    let t = now();
    if !call.accepting(t) {
        return Err(ApiError::CallNotOpen);
    }
    check_eligibility(&call.eligibility, answers).map_err(|p| eligibility_error(&p))?;
    let inserted = sqlx::query(
        "INSERT INTO applications (call_id, applicant_id, state, eligibility_answers, consent_at, assisted_by, \
           created_at, updated_at) VALUES ($1, $2, 'draft', $3, $4, $5, $6, $6) \
         ON CONFLICT (call_id, applicant_id) DO NOTHING RETURNING id",
    )
    .bind(call_id)
    .bind(who.applicant)
    .bind(to_json(&answers)?)
    .bind(who.consent.then_some(t))
    .bind(who.assisted_by)
    .bind(t)
    .fetch_optional(&db.pool)
    .await
    .map_err(db_error)?;
    if let Some(row) = inserted {
        // An evaluator of the call who applies (or assists) is recused from it.
        for person in std::iter::once(who.applicant).chain(who.assisted_by) {
            super::record_recusals(db, call_id, person).await?;
        }
        return Ok((col(&row, "id")?, true));
    }
    let row = sqlx::query("SELECT id FROM applications WHERE call_id = $1 AND applicant_id = $2")
        .bind(call_id)
        .bind(who.applicant)
        .fetch_one(&db.pool)
        .await
        .map_err(db_error)?;
    Ok((col(&row, "id")?, false))
}

/// The resident staff apply with: found by email, or created as a
/// resident with a random password nobody knows (they choose their own
/// through the password reset).
pub async fn assisted_person(db: &Db, req: &AssistedStart) -> Result<i64, ApiError> {
    let email = Email::parse(&req.email).map_err(|c| ApiError::validation("email", c))?;
    if let Some((id, _)) = auth::credentials(db, email.as_ref()).await? {
        return Ok(id);
    }
    let display_name = DisplayName::parse(&req.display_name).map_err(|c| ApiError::validation("display_name", c))?;
    let unknown = hex::encode(rand::random::<[u8; 24]>());
    let reg = Registration {
        email,
        password: Password::parse(&unknown).map_err(|_| ApiError::Internal)?,
        display_name,
        language: req.language.unwrap_or_default(),
    };
    match auth::create_person(db, &reg, &[Role::Resident]).await {
        // Created by a concurrent request a moment ago: use it.
        Err(ApiError::EmailTaken) => {
            auth::credentials(db, reg.email.as_ref()).await?.map(|(id, _)| id).ok_or(ApiError::Internal)
        }
        other => other,
    }
}

/// Autosave: validated with `validate_draft`, written by one conditional
/// UPDATE that checks ownership, the editable state, the call's dates and
/// the version together (its ownership condition is the rule's
/// `ActAsApplicant`: the applicant or who assisted them). Only when it
/// changes nothing does a second read find out why, through the rule.
pub async fn save_draft(
    db: &Db,
    id: i64,
    person: i64,
    req: &SaveDraft,
    locale: Locale,
) -> Result<DraftSaved, ApiError> {
    let d = req.draft.validate_draft(locale)?;
    let t = now();
    let row = sqlx::query(
        "UPDATE applications SET idea_title = $1, summary = $2, problem_and_customers = $3, team = $4, \
           community_benefit = $5, budget_lines = $6, budget_total_cents = $7, requested_cents = $8, lab_id = $9, \
           consent_at = CASE WHEN $10 = 0 THEN NULL ELSE COALESCE(consent_at, $11) END, \
           version = version + 1, updated_at = $11 \
         WHERE id = $12 AND version = $13 AND (applicant_id = $14 OR assisted_by = $14) \
           AND (state = 'more_info_requested' OR (state = 'draft' AND EXISTS ( \
             SELECT 1 FROM calls c WHERE c.id = applications.call_id AND c.status = 'open' \
               AND c.opens_at <= $11 AND c.closes_at > $11))) \
         RETURNING version",
    )
    .bind(&d.idea_title)
    .bind(&d.summary)
    .bind(&d.problem_and_customers)
    .bind(&d.team)
    .bind(&d.community_benefit)
    .bind(to_json(&d.budget_lines)?)
    .bind(d.budget_total.0)
    .bind(d.requested.map(|c| c.0))
    .bind(d.lab_id)
    .bind(i64::from(d.consent))
    .bind(t)
    .bind(id)
    .bind(req.version)
    .bind(person)
    .fetch_optional(&db.pool)
    .await
    .map_err(db_error)?;
    match row {
        Some(r) => Ok(DraftSaved { version: col(&r, "version")?, saved_at: t, budget_total_cents: d.budget_total.0 }),
        None => Err(why_not_saved(db, id, person, t).await),
    }
}

/// Why a save changed nothing, most basic reason first.
async fn why_not_saved(db: &Db, id: i64, person: i64, t: i64) -> ApiError {
    let app = match load_application(db, id).await {
        Ok(app) => app,
        Err(e) => return e,
    };
    let roles = match crate::auth::roles_of(db, person).await {
        Ok(roles) => roles,
        Err(e) => return e,
    };
    let standing = match load_call(db, app.call_id).await {
        Ok(call) => super::standing_of(db, person, &roles, &app, &call).await,
        Err(e) => Err(e),
    };
    match standing {
        Err(e) => e,
        Ok(standing) => match editable(db, &app, &standing, t).await {
            Err(e) => e,
            Ok(()) => ApiError::StaleVersion,
        },
    }
}

/// Whether someone of `standing` may change the texts and attachments of
/// `app` now: its applicant's side, in an editable state; a draft only
/// while the call accepts applications (after the close drafts are
/// read-only).
pub async fn editable(db: &Db, app: &Application, standing: &Standing, t: i64) -> Result<(), ApiError> {
    standing.check(ApplicationAction::ActAsApplicant)?;
    if !app.state.editable_by_applicant() {
        return Err(ApiError::InvalidTransition);
    }
    if app.state == ApplicationState::Draft && !load_call(db, app.call_id).await?.accepting(t) {
        return Err(ApiError::CallNotOpen);
    }
    Ok(())
}

/// The application as someone of `standing` may see it: who applied, who
/// assisted and the decision letter (which names the applicant) only with
/// `ReadIdentity`; the internal notes of the timeline only with
/// `ReadInternalNotes` (otherwise the applicant's timeline).
pub async fn view(
    db: &Db,
    app: &Application,
    call: &Call,
    _me: &Me,
    standing: &Standing,
    locale: Locale,
) -> Result<ApplicationView, ApiError> {
    let identity = standing.allows(ApplicationAction::ReadIdentity);
    let for_applicant = !standing.allows(ApplicationAction::ReadInternalNotes);
    let applicant = if identity { applicant_info(db, app.applicant_id).await? } else { None };
    let assisted_by = match app.assisted_by {
        Some(id) if identity => auth::load_me(db, id).await?.map(|m| m.display_name),
        _ => None,
    };
    let entries = workflow::audit(db, app.id, &super::hidden_people(app, standing), locale).await?;
    let decision = if identity { decisions::latest(db, app.id).await? } else { None };
    Ok(ApplicationView {
        id: app.id,
        call_id: call.id,
        call_title: call.title.clone(),
        state: app.state,
        state_label: state_label(app.state, for_applicant, locale),
        version: app.version,
        created_at: app.created_at,
        updated_at: app.updated_at,
        submitted_at: app.submitted_at,
        applicant,
        assisted_by,
        form: app.form(),
        budget_total_cents: app.budget_total.0,
        consent_at: app.consent_at,
        editable: editable(db, app, standing, now()).await.is_ok(),
        actions: ActionOption::list(app.state, &standing.actors(), locale),
        timeline: timeline(&entries, for_applicant, locale),
        decision,
        granted_cents: app.granted.map(|c| c.0),
        may: standing.allowed(),
    })
}

fn state_label(state: ApplicationState, for_applicant: bool, locale: Locale) -> String {
    let text = if for_applicant { state.applicant_text() } else { state.staff_text() };
    text.get(locale).to_owned()
}

/// The applicant's name, as an evaluator of a non-blind call reads it.
pub async fn applicant_name(db: &Db, person: i64) -> Result<String, ApiError> {
    applicant_info(db, person).await?.map(|i| i.display_name).ok_or(ApiError::NotFound)
}

async fn applicant_info(db: &Db, person: i64) -> Result<Option<ApplicantInfo>, ApiError> {
    Ok(auth::load_me(db, person).await?.map(|m| ApplicantInfo {
        person_id: m.id,
        display_name: m.display_name,
        email: m.email,
    }))
}

// Literals, so that `concat!` can join them.
macro_rules! row_columns {
    () => {
        "a.id, a.call_id, c.title AS call_title, c.blind_review, a.idea_title, a.applicant_id, a.assisted_by, \
         p.display_name, a.state, a.requested_cents, a.lab_id, a.updated_at, a.submitted_at"
    };
}
macro_rules! row_from {
    () => {
        "FROM applications a JOIN calls c ON c.id = a.call_id JOIN people p ON p.id = a.applicant_id"
    };
}
const ROW_COLUMNS: &str = row_columns!();
const ROW_FROM: &str = row_from!();
const ROW_SQL: &str = concat!("SELECT ", row_columns!(), " ", row_from!());

fn row(
    r: &sqlx::any::AnyRow,
    for_applicant: bool,
    hide_blind: bool,
    locale: Locale,
) -> Result<ApplicationRow, ApiError> {
    let state = ApplicationState::parse(&col::<String>(r, "state")?).ok_or(ApiError::Internal)?;
    let blind = hide_blind && col::<i64>(r, "blind_review")? != 0;
    Ok(ApplicationRow {
        id: col(r, "id")?,
        call_id: col(r, "call_id")?,
        call_title: col(r, "call_title")?,
        idea_title: col(r, "idea_title")?,
        applicant_name: if blind { None } else { Some(col(r, "display_name")?) },
        state,
        state_label: state_label(state, for_applicant, locale),
        requested_cents: col(r, "requested_cents")?,
        lab_id: col(r, "lab_id")?,
        updated_at: col(r, "updated_at")?,
        submitted_at: col(r, "submitted_at")?,
    })
}

/// The caller's own applications, newest first: a resident resumes a
/// draft from any device.
pub async fn mine(db: &Db, person: i64, locale: Locale) -> Result<Vec<ApplicationRow>, ApiError> {
    let rows = sqlx::query(&format!("{ROW_SQL} WHERE a.applicant_id = $1 ORDER BY a.updated_at DESC, a.id DESC"))
        .bind(person)
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    rows.iter().map(|r| row(r, true, false, locale)).collect()
}

/// A call's applications: all of them for staff; for an evaluator, those
/// assigned to them (through the call or one by one) whose subject the rule
/// lets them read (submitted, not recused by a conflict, not their own),
/// without names in a blind call.
pub async fn of_call(db: &Db, call_id: i64, me: &Me, locale: Locale) -> Result<Vec<ApplicationRow>, ApiError> {
    let call = load_call(db, call_id).await?;
    if me.is_staff() {
        let rows = sqlx::query(&format!("{ROW_SQL} WHERE a.call_id = $1 ORDER BY a.id"))
            .bind(call.id)
            .fetch_all(&db.pool)
            .await
            .map_err(db_error)?;
        return rows.iter().map(|r| row(r, false, false, locale)).collect();
    }
    if !me.has(Role::Evaluator) {
        return Err(ApiError::Forbidden);
    }
    let rows = sqlx::query(&format!(
        "SELECT {ROW_COLUMNS}, r.conflict {ROW_FROM} \
         LEFT JOIN reviews r ON r.application_id = a.id AND r.evaluator_id = $2 \
         WHERE a.call_id = $1 \
           AND (EXISTS (SELECT 1 FROM call_evaluators e WHERE e.call_id = a.call_id AND e.person_id = $2) \
             OR EXISTS (SELECT 1 FROM application_evaluators e WHERE e.application_id = a.id AND e.person_id = $2)) \
         ORDER BY a.id"
    ))
    .bind(call.id)
    .bind(me.id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    let mut out = Vec::new();
    for r in &rows {
        let declared = match col::<Option<i64>>(r, "conflict")? {
            None => Declaration::Undeclared,
            Some(0) => Declaration::NoConflict,
            Some(_) => Declaration::Conflict,
        };
        let state = ApplicationState::parse(&col::<String>(r, "state")?).ok_or(ApiError::Internal)?;
        let standing = Standing {
            roles: me.roles.clone(),
            relation: Relation::of(
                col::<i64>(r, "applicant_id")? == me.id,
                col::<Option<i64>>(r, "assisted_by")? == Some(me.id),
                Some(declared),
            ),
            blind: call.blind_review,
            draft: state == ApplicationState::Draft,
        };
        if standing.allows(ApplicationAction::ReadSubject) {
            out.push(row(r, false, !standing.allows(ApplicationAction::ReadIdentity), locale)?);
        }
    }
    Ok(out)
}

/// Assigns an evaluator to one application, or removes them. The person
/// must be allowed to serve as its evaluator (422 on `person_id` for
/// someone without the role, and for its applicant or who assisted them).
pub async fn assign(
    db: &Db,
    app: &Application,
    call: &Call,
    person: i64,
    assigned: bool,
    by: i64,
) -> Result<(), ApiError> {
    let query = if assigned {
        let roles = auth::roles_of(db, person).await?;
        super::standing_of(db, person, &roles, app, call).await?.check(ApplicationAction::ServeAsEvaluator)?;
        sqlx::query(
            "INSERT INTO application_evaluators (application_id, person_id, assigned_at, assigned_by) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (application_id, person_id) DO NOTHING",
        )
        .bind(app.id)
        .bind(person)
        .bind(now())
        .bind(by)
    } else {
        sqlx::query("DELETE FROM application_evaluators WHERE application_id = $1 AND person_id = $2")
            .bind(app.id)
            .bind(person)
    };
    query.execute(&db.pool).await.map_err(db_error)?;
    Ok(())
}

/// Rows of a call for the ranking: `(application, applicant name)` of every
/// application past screening (not drafts, withdrawn or ineligible ones).
pub async fn ranked_candidates(db: &Db, call_id: i64) -> Result<Vec<(Application, String)>, ApiError> {
    let rows = sqlx::query(&format!(
        "SELECT {APPLICATION_COLUMNS}, p.display_name FROM applications a JOIN people p ON p.id = a.applicant_id \
         WHERE a.call_id = $1 AND a.state NOT IN ('draft', 'withdrawn', 'ineligible', 'submitted') ORDER BY a.id"
    ))
    .bind(call_id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter().map(|r| Ok((Application::from_row(r)?, col(r, "display_name")?))).collect()
}
