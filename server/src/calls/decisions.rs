//! Decisions: approve, approve with conditions or reject, each with a
//! letter rendered from staff's template. The state change, its audit
//! line, the stored letter, the granted amount and the notice to the
//! applicant are one transaction.

use super::workflow::{self, Change};
use super::{col, Application, Call};
use crate::db::{now, Db};
use crate::errors::db_error;
use crate::outbox;
use shared::applications::{
    decision_letter, transition, Action, ApplicationAction, DecisionInput, DecisionView, LetterData, Standing,
};
use shared::i18n::t;
use shared::money::Cents;
use shared::people::Me;
use shared::{ApiError, Locale};

pub async fn decide(
    db: &Db,
    app: &Application,
    call: &Call,
    me: &Me,
    standing: &Standing,
    input: &DecisionInput,
    locale: Locale,
) -> Result<(), ApiError> {
    // Allowed to decide (checked by the caller); the table says from which state.
    standing.check(ApplicationAction::Decide)?;
    let who = standing.actors();
    // Who and from which state first: a resident learns nothing from field errors.
    if let Some(action) =
        input.action.filter(|a| matches!(a, Action::Approve | Action::ApproveWithConditions | Action::Reject))
    {
        transition(app.state, action, &who, Some("-"))?;
    }
    let d = input.validate(app.requested.unwrap_or(Cents::ZERO), locale)?;
    let to = transition(app.state, d.action, &who, d.note.as_deref())?;
    let applicant = crate::auth::load_me(db, app.applicant_id).await?.ok_or(ApiError::Internal)?;
    let language = applicant.language;
    let letter = decision_letter(
        &d.letter_template,
        &LetterData {
            name: &applicant.display_name,
            idea: &app.idea_title,
            call: &call.title,
            amount: d.granted,
            motivation: d.note.as_deref().unwrap_or(""),
            date: now(),
        },
        language,
    )?;
    let change =
        Change { app_id: app.id, from: app.state, action: d.action, to, actor: Some(me.id), note: d.note.as_deref() };
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    workflow::record(&mut tx, &change).await?;
    sqlx::query("UPDATE applications SET granted_cents = $1 WHERE id = $2")
        .bind(d.granted.map(|c| c.0))
        .bind(app.id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    sqlx::query(
        "INSERT INTO decisions (application_id, action, letter, feedback, next_step, granted_cents, decided_by, \
           decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(app.id)
    .bind(d.action.code())
    .bind(&letter)
    .bind(d.feedback.as_deref())
    .bind(d.next_step.as_deref())
    .bind(d.granted.map(|c| c.0))
    .bind(me.id)
    .bind(now())
    .execute(&mut *tx)
    .await
    .map_err(db_error)?;
    let body = notice(&letter, d.feedback.as_deref(), d.next_step.as_deref(), language);
    outbox::enqueue_in(&mut tx, &applicant.email, t::APPL_DECISION_SUBJECT.get(language), &body).await?;
    tx.commit().await.map_err(db_error)
}

/// The letter, then what to improve and the suggested next step.
fn notice(letter: &str, feedback: Option<&str>, next_step: Option<&str>, l: Locale) -> String {
    let mut body = format!("{letter}\n");
    if let Some(f) = feedback {
        body.push_str(&format!("\n{}\n{f}\n", t::APPL_FEEDBACK.get(l)));
    }
    if let Some(n) = next_step {
        body.push_str(&format!("\n{}\n{n}\n", t::APPL_NEXT_STEP.get(l)));
    }
    body
}

/// The latest decision on an application (an approval later revoked shows
/// the revocation).
pub async fn latest(db: &Db, app_id: i64) -> Result<Option<DecisionView>, ApiError> {
    let row = sqlx::query(
        "SELECT action, letter, feedback, next_step, granted_cents, decided_at FROM decisions \
         WHERE application_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(app_id)
    .fetch_optional(&db.pool)
    .await
    .map_err(db_error)?;
    row.map(|r| {
        Ok(DecisionView {
            action: Action::parse(&col::<String>(&r, "action")?).ok_or(ApiError::Internal)?,
            letter: col(&r, "letter")?,
            feedback: col(&r, "feedback")?,
            next_step: col(&r, "next_step")?,
            granted_cents: col(&r, "granted_cents")?,
            decided_at: col(&r, "decided_at")?,
        })
    })
    .transpose()
}
