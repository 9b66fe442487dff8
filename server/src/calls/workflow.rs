//! Every state change of an application: checked by
//! `shared::applications::transition` with the caller's actors, applied by
//! a conditional UPDATE (`… WHERE state = $from`, so of two concurrent
//! changes exactly one wins) and written to `application_audit` in the same
//! transaction.

use super::{col, Application, Call};
use crate::db::{now, Db};
use crate::errors::db_error;
use crate::outbox;
use shared::applications::{transition, Action, ApplicationState, AuditEntry, Standing, TransitionRequest};
use shared::i18n::t;
use shared::people::Me;
use shared::{ApiError, Locale};
use sqlx::AnyConnection;

/// A change already allowed by [`transition`].
pub struct Change<'a> {
    pub app_id: i64,
    pub from: ApplicationState,
    pub action: Action,
    pub to: ApplicationState,
    /// `None`: the system.
    pub actor: Option<i64>,
    pub note: Option<&'a str>,
}

/// Applies `change` inside the caller's transaction. `InvalidTransition`
/// (409) when the state is no longer `from`: someone else changed it first.
pub async fn record(conn: &mut AnyConnection, change: &Change<'_>) -> Result<(), ApiError> {
    let t = now();
    let submitted = change.to == ApplicationState::Submitted;
    let done = sqlx::query(
        "UPDATE applications SET state = $1, version = version + 1, updated_at = $2, \
           submitted_at = CASE WHEN $3 = 1 THEN $2 ELSE submitted_at END \
         WHERE id = $4 AND state = $5",
    )
    .bind(change.to.code())
    .bind(t)
    .bind(i64::from(submitted))
    .bind(change.app_id)
    .bind(change.from.code())
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    if done.rows_affected() == 0 {
        return Err(ApiError::InvalidTransition);
    }
    sqlx::query(
        "INSERT INTO application_audit (application_id, actor_id, action, from_state, to_state, note, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(change.app_id)
    .bind(change.actor)
    .bind(change.action.code())
    .bind(change.from.code())
    .bind(change.to.code())
    .bind(change.note)
    .bind(t)
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    Ok(())
}

/// Decisions carry a letter: they go through the decision route instead.
fn is_decision(action: Action) -> bool {
    matches!(action, Action::Approve | Action::ApproveWithConditions | Action::Reject)
}

/// Takes a workflow step on `app` for `me`, of `standing` (who may read it:
/// checked by the caller). The workflow table decides with the rule's
/// actors (`Standing::actors`: the applicant's side acts only as the
/// applicant). Submitting needs the call open and a complete application;
/// funding records the day. The applicant hears of every step they did not
/// take themselves.
#[allow(clippy::too_many_arguments)]
pub async fn take(
    db: &Db,
    app: &Application,
    call: &Call,
    me: &Me,
    standing: &Standing,
    req: &TransitionRequest,
    locale: Locale,
    public_url: &str,
) -> Result<(), ApiError> {
    if is_decision(req.action) {
        return Err(ApiError::BadRequest("decisions are recorded with POST /api/v1/applications/{id}/decision".into()));
    }
    let to = transition(app.state, req.action, &standing.actors(), req.note.as_deref())?;
    if matches!(req.action, Action::Submit | Action::Resubmit) {
        ready_to_submit(app, call, req.action, locale)?;
    }
    let note = shared::applications::clean_note(req.note.as_deref());
    let change =
        Change { app_id: app.id, from: app.state, action: req.action, to, actor: Some(me.id), note: note.as_deref() };
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    record(&mut tx, &change).await?;
    if req.action == Action::Fund {
        let today = shared::time::to_rome(chrono::Utc::now()).date().to_string();
        sqlx::query("UPDATE applications SET funded_on = $1 WHERE id = $2")
            .bind(today)
            .bind(app.id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
    }
    if app.applicant_id != me.id {
        notify_applicant(&mut tx, app, &change, public_url).await?;
    }
    tx.commit().await.map_err(db_error)?;
    Ok(())
}

/// Submission (and resubmission) rules beyond the table: a first
/// submission only while the call accepts applications (server time); the
/// texts complete by `validate_for_submit`.
fn ready_to_submit(app: &Application, call: &Call, action: Action, locale: Locale) -> Result<(), ApiError> {
    if action == Action::Submit && !call.accepting(now()) {
        return Err(ApiError::CallNotOpen);
    }
    app.form().validate_for_submit(call.max_per_application, locale).map(|_| ())
}

/// A message to the applicant about a step, in their language, written to
/// the outbox in the step's transaction.
async fn notify_applicant(
    conn: &mut AnyConnection,
    app: &Application,
    change: &Change<'_>,
    public_url: &str,
) -> Result<(), ApiError> {
    let Some(person) = applicant_contact(conn, app.applicant_id).await? else { return Ok(()) };
    let l = person.1;
    let mut body = format!("{}\n{}\n", t::APPL_NOTICE_STATE.get(l), change.to.applicant_text().get(l));
    if let Some(note) = change.note.filter(|_| change.action.note_for_applicant()) {
        body.push_str(&format!("\n{} {note}\n", t::APPL_NOTICE_NOTE.get(l)));
    }
    body.push_str(&format!("\n{}\n{public_url}/bandi/domande/{}\n", t::APPL_NOTICE_LINK.get(l), app.id));
    outbox::enqueue_in(conn, &person.0, t::APPL_NOTICE_SUBJECT.get(l), &body).await
}

/// `(email, language)` of a person.
pub async fn applicant_contact(conn: &mut AnyConnection, person: i64) -> Result<Option<(String, Locale)>, ApiError> {
    let row = sqlx::query("SELECT email, language FROM people WHERE id = $1")
        .bind(person)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_error)?;
    row.map(|r| {
        let lang: String = col(&r, "language")?;
        Ok((col(&r, "email")?, Locale::parse(&lang).unwrap_or_default()))
    })
    .transpose()
}

/// The history of an application, oldest first; steps of the system are
/// signed [`t::APPL_BY_SYSTEM`]. The steps of the people in `hidden` (the
/// applicant and who assisted them, for evaluators of a blind call) are
/// signed [`t::APPL_BY_APPLICANT`] instead of their name.
pub async fn audit(db: &Db, app_id: i64, hidden: &[i64], locale: Locale) -> Result<Vec<AuditEntry>, ApiError> {
    let rows = sqlx::query(
        "SELECT u.actor_id, p.display_name, u.action, u.from_state, u.to_state, u.note, u.at \
         FROM application_audit u LEFT JOIN people p ON p.id = u.actor_id \
         WHERE u.application_id = $1 ORDER BY u.id",
    )
    .bind(app_id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let parse_state = |name: &str| -> Result<ApplicationState, ApiError> {
                ApplicationState::parse(&col::<String>(r, name)?).ok_or(ApiError::Internal)
            };
            let actor: Option<i64> = col(r, "actor_id")?;
            let who = match col::<Option<String>>(r, "display_name")? {
                _ if actor.is_some_and(|a| hidden.contains(&a)) => t::APPL_BY_APPLICANT.get(locale).to_owned(),
                Some(name) => name,
                None => t::APPL_BY_SYSTEM.get(locale).to_owned(),
            };
            Ok(AuditEntry {
                who,
                at: col(r, "at")?,
                action: Action::parse(&col::<String>(r, "action")?).ok_or(ApiError::Internal)?,
                from: parse_state("from_state")?,
                to: parse_state("to_state")?,
                note: col(r, "note")?,
            })
        })
        .collect()
}
