//! The committee's review: each assigned evaluator declares a conflict of
//! interest or none, then scores every criterion (or abstains). With a
//! conflict they are recused. Others' scores are shown to an evaluator only
//! after they submitted their own, so nobody anchors on a colleague.

use super::{col, from_json, to_json, Application, Call};
use crate::db::{now, Db};
use crate::errors::db_error;
use shared::applications::{
    ApplicationAction, ApplicationState, ConflictDeclaration, Ranking, RankingRow, Relation, Review, ReviewInput,
    ReviewRow, Score, Standing,
};
use shared::i18n::t;
use shared::people::Me;
use shared::{ApiError, Locale};
use std::collections::{HashMap, HashSet};

/// Records what `me` sends on `app`: a conflict (recused from then on), no
/// conflict with no scores (the declaration alone), or no conflict with
/// the scores (final: 409 once submitted). Scores only while under review.
/// `me` may review it: checked by the caller (`ApplicationAction::Review`).
pub async fn submit(db: &Db, app: &Application, call: &Call, me: &Me, input: &ReviewInput) -> Result<(), ApiError> {
    match &input.conflict {
        ConflictDeclaration::Conflict { .. } => {
            let Review::Conflict { reason } = input.validate(&call.criteria)? else { return Err(ApiError::Internal) };
            declare_conflict(db, app.id, me.id, &reason).await
        }
        ConflictDeclaration::None if input.scores.is_empty() => declare_none(db, app.id, me.id).await,
        ConflictDeclaration::None => {
            let Review::Scored { scores } = input.validate(&call.criteria)? else { return Err(ApiError::Internal) };
            if app.state != ApplicationState::UnderReview {
                return Err(ApiError::InvalidTransition);
            }
            save_scores(db, app.id, me.id, &scores).await
        }
    }
}

/// A conflict may be declared until scores are submitted.
async fn declare_conflict(db: &Db, app_id: i64, person: i64, reason: &str) -> Result<(), ApiError> {
    let t = now();
    let done = sqlx::query(
        "INSERT INTO reviews (application_id, evaluator_id, conflict, conflict_reason, declared_at, submitted_at) \
         VALUES ($1, $2, 1, $3, $4, $4) \
         ON CONFLICT (application_id, evaluator_id) DO UPDATE SET conflict = 1, conflict_reason = $3, \
           declared_at = $4, submitted_at = $4 WHERE reviews.submitted_at IS NULL",
    )
    .bind(app_id)
    .bind(person)
    .bind(reason)
    .bind(t)
    .execute(&db.pool)
    .await
    .map_err(db_error)?;
    if done.rows_affected() == 0 {
        return Err(ApiError::InvalidTransition);
    }
    Ok(())
}

async fn declare_none(db: &Db, app_id: i64, person: i64) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO reviews (application_id, evaluator_id, conflict, declared_at) VALUES ($1, $2, 0, $3) \
         ON CONFLICT (application_id, evaluator_id) DO NOTHING",
    )
    .bind(app_id)
    .bind(person)
    .bind(now())
    .execute(&db.pool)
    .await
    .map_err(db_error)?;
    Ok(())
}

/// Scores once: a second submission changes nothing and answers 409.
async fn save_scores(db: &Db, app_id: i64, person: i64, scores: &[Score]) -> Result<(), ApiError> {
    let t = now();
    let done = sqlx::query(
        "INSERT INTO reviews (application_id, evaluator_id, conflict, declared_at, scores, submitted_at) \
         VALUES ($1, $2, 0, $3, $4, $3) \
         ON CONFLICT (application_id, evaluator_id) DO UPDATE SET scores = $4, submitted_at = $3 \
         WHERE reviews.submitted_at IS NULL AND reviews.conflict = 0",
    )
    .bind(app_id)
    .bind(person)
    .bind(t)
    .bind(to_json(&scores)?)
    .execute(&db.pool)
    .await
    .map_err(db_error)?;
    if done.rows_affected() == 0 {
        return Err(ApiError::InvalidTransition);
    }
    Ok(())
}

/// A stored review row, with the submitted review when there is one.
struct Stored {
    row: ReviewRow,
    review: Option<Review>,
}

const REVIEW_SQL: &str = "SELECT r.application_id, r.evaluator_id, p.display_name, r.conflict, r.conflict_reason, \
    r.scores, r.submitted_at FROM reviews r JOIN people p ON p.id = r.evaluator_id";

fn stored(r: &sqlx::any::AnyRow, call: &Call) -> Result<Stored, ApiError> {
    let conflict = col::<i64>(r, "conflict")? != 0;
    let reason: Option<String> = col(r, "conflict_reason")?;
    let scores: Vec<Score> = match col::<Option<String>>(r, "scores")? {
        Some(json) => from_json(&json)?,
        None => Vec::new(),
    };
    let submitted_at: Option<i64> = col(r, "submitted_at")?;
    let review = match (conflict, submitted_at) {
        (true, _) => Some(Review::Conflict { reason: reason.clone().unwrap_or_default() }),
        (false, Some(_)) => Some(Review::Scored { scores: scores.clone() }),
        (false, None) => None,
    };
    let weighted_score = review.as_ref().and_then(|rv| rv.weighted_score(&call.criteria));
    Ok(Stored {
        row: ReviewRow {
            evaluator_id: col(r, "evaluator_id")?,
            evaluator_name: col(r, "display_name")?,
            conflict: if conflict { reason } else { None },
            scores,
            weighted_score,
            submitted_at,
        },
        review,
    })
}

/// The reviews of `app` as `me`, of `standing`, may see them (with
/// `ReadReviews`): those who score it their own, and everyone's once their
/// own is submitted (nobody anchors on a colleague); staff, who do not
/// score, all. A reader who may not learn who applied gets no review by
/// the applicant's side (there should be none: they cannot review) and no
/// conflict's reason (it may name them).
pub async fn list(
    db: &Db,
    app: &Application,
    call: &Call,
    me: &Me,
    standing: &Standing,
    locale: Locale,
) -> Result<Vec<ReviewRow>, ApiError> {
    standing.check(ApplicationAction::ReadReviews)?;
    let rows = sqlx::query(&format!("{REVIEW_SQL} WHERE r.application_id = $1 ORDER BY r.declared_at, r.evaluator_id"))
        .bind(app.id)
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    let mut all: Vec<ReviewRow> = rows.iter().map(|r| stored(r, call).map(|s| s.row)).collect::<Result<_, _>>()?;
    let hidden = super::hidden_people(app, standing);
    if !standing.allows(ApplicationAction::ReadIdentity) {
        all.retain(|r| !hidden.contains(&r.evaluator_id));
        for r in all.iter_mut().filter(|r| r.evaluator_id != me.id) {
            if r.conflict.is_some() {
                r.conflict = Some(t::REVIEW_CONFLICT_DECLARED.get(locale).to_owned());
            }
        }
    }
    if !standing.allows(ApplicationAction::Review) {
        return Ok(all);
    }
    let own_submitted = all.iter().any(|r| r.evaluator_id == me.id && r.submitted_at.is_some());
    Ok(all.into_iter().filter(|r| own_submitted || r.evaluator_id == me.id).collect())
}

/// The committee's ranking of a call (staff): weighted mean and median,
/// spread and missing reviews per application, best first.
/// Only the applications whose reviews `me` may read: not their own, nor
/// one they declared a conflict on.
pub async fn ranking(db: &Db, call: &Call, me: &Me) -> Result<Vec<RankingRow>, ApiError> {
    let mut candidates = Vec::new();
    for (app, name) in super::applications::ranked_candidates(db, call.id).await? {
        if super::standing_of(db, me.id, &me.roles, &app, call).await?.allows(ApplicationAction::ReadReviews) {
            candidates.push((app, name));
        }
    }
    let assigned = assignments(db, call.id).await?;
    let rows = sqlx::query(&format!(
        "{REVIEW_SQL} JOIN applications a ON a.id = r.application_id WHERE a.call_id = $1 AND r.submitted_at IS NOT NULL"
    ))
    .bind(call.id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    let mut reviews: HashMap<i64, Vec<Review>> = HashMap::new();
    for r in &rows {
        if let Some(review) = stored(r, call)?.review {
            reviews.entry(col(r, "application_id")?).or_default().push(review);
        }
    }
    let mut out: Vec<RankingRow> = candidates
        .into_iter()
        .map(|(app, name)| {
            let given = reviews.get(&app.id).map(Vec::as_slice).unwrap_or(&[]);
            // The call's panel and the application's own evaluators, less
            // those recused because it is their own (they will never review it).
            let extra = assigned.extra.get(&app.id);
            let count = assigned
                .call
                .iter()
                .chain(extra.into_iter().flatten().filter(|p| !assigned.call.contains(p)))
                .filter(|p| !Relation::of(**p == app.applicant_id, Some(**p) == app.assisted_by, None).recused_as_own())
                .count();
            RankingRow {
                application_id: app.id,
                idea_title: app.idea_title,
                applicant_name: name,
                state: app.state,
                requested_cents: app.requested.map(|c| c.0),
                ranking: Ranking::compute(given, &call.criteria, count),
            }
        })
        .collect();
    out.sort_by(|a, b| Ranking::order(&a.ranking, &b.ranking));
    Ok(out)
}

/// Evaluators of a call: of the whole call, and per application.
struct Assignments {
    call: HashSet<i64>,
    extra: HashMap<i64, HashSet<i64>>,
}

async fn assignments(db: &Db, call_id: i64) -> Result<Assignments, ApiError> {
    let call_rows = sqlx::query("SELECT person_id FROM call_evaluators WHERE call_id = $1")
        .bind(call_id)
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    let app_rows = sqlx::query(
        "SELECT e.application_id, e.person_id FROM application_evaluators e \
         JOIN applications a ON a.id = e.application_id WHERE a.call_id = $1",
    )
    .bind(call_id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    let call = call_rows.iter().map(|r| col(r, "person_id")).collect::<Result<HashSet<i64>, _>>()?;
    let mut extra: HashMap<i64, HashSet<i64>> = HashMap::new();
    for r in &app_rows {
        extra.entry(col(r, "application_id")?).or_default().insert(col(r, "person_id")?);
    }
    Ok(Assignments { call, extra })
}
