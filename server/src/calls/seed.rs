//! Demo data for the calls pages: one open call with criteria and
//! eligibility questions, the demo evaluator assigned to it, and one
//! application of the demo resident already under review.

use super::workflow::{self, Change};
use super::{col, to_json};
use crate::db::{now, Db};
use crate::errors::db_error;
use shared::applications::{Action, ApplicationState, DraftBudgetLine};
use shared::calls::{Criterion, EligibilityQuestion};
use shared::money::Cents;
use shared::ApiError;

const TITLE: &str = "Idee in comune 2026";

async fn person(db: &Db, email: &str) -> Result<i64, ApiError> {
    crate::auth::credentials(db, email).await?.map(|(id, _)| id).ok_or(ApiError::NotFound)
}

/// Idempotent: does nothing when the demo call exists. Needs the demo people.
pub async fn seed_demo(db: &Db) -> Result<(), ApiError> {
    let exists = sqlx::query("SELECT id FROM calls WHERE title = $1")
        .bind(TITLE)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?;
    if exists.is_some() {
        return Ok(());
    }
    let staff = person(db, "staff@legami.demo").await?;
    let evaluator = person(db, "valutatore@legami.demo").await?;
    let resident = person(db, "residente@legami.demo").await?;
    let call = insert_call(db, staff).await?;
    super::calls::assign(db, call, evaluator, true, staff).await?;
    let app = insert_application(db, call, resident).await?;
    let steps = [
        (Action::Submit, ApplicationState::Draft, ApplicationState::Submitted, resident),
        (Action::MarkEligible, ApplicationState::Submitted, ApplicationState::Eligible, staff),
        (Action::StartReview, ApplicationState::Eligible, ApplicationState::UnderReview, staff),
    ];
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    for (action, from, to, actor) in steps {
        workflow::record(&mut tx, &Change { app_id: app, from, action, to, actor: Some(actor), note: None }).await?;
    }
    tx.commit().await.map_err(db_error)
}

async fn insert_call(db: &Db, staff: i64) -> Result<i64, ApiError> {
    let eligibility = [
        EligibilityQuestion {
            question: "Vivi o lavori in provincia di Cremona?".into(),
            required_answer: true,
            explanation: "Il bando è riservato a chi vive o lavora in provincia di Cremona.".into(),
        },
        EligibilityQuestion {
            question: "Hai già ricevuto un contributo da questo bando?".into(),
            required_answer: false,
            explanation: "Ogni idea può ricevere un solo contributo da questo bando.".into(),
        },
    ];
    let criterion = |name: &str, description: &str, weight| Criterion {
        name: name.into(),
        description: description.into(),
        weight,
    };
    let criteria = [
        criterion("Impatto sociale", "Quanto migliora la vita del quartiere.", 40),
        criterion("Sostenibilità", "Se l'impresa può reggersi dopo il contributo.", 35),
        criterion("Squadra", "Competenze e impegno delle persone coinvolte.", 25),
    ];
    let t = now();
    let row = sqlx::query(
        "INSERT INTO calls (title, description, opens_at, closes_at, budget_cents, max_per_application_cents, \
           eligibility, criteria, blind_review, status, created_at, created_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 'open', $9, $10, $9) RETURNING id",
    )
    .bind(TITLE)
    .bind("Contributi fino a 10.000 euro per nuove imprese di comunità nate nei quartieri della provincia.\nLe domande si presentano online; il comitato valuta impatto, sostenibilità e squadra.")
    .bind(t - 30 * 86_400)
    .bind(t + 60 * 86_400)
    .bind(5_000_000_i64)
    .bind(1_000_000_i64)
    .bind(to_json(&eligibility)?)
    .bind(to_json(&criteria)?)
    .bind(t)
    .bind(staff)
    .fetch_one(&db.pool)
    .await
    .map_err(db_error)?;
    col(&row, "id")
}

async fn insert_application(db: &Db, call: i64, resident: i64) -> Result<i64, ApiError> {
    let lines = [
        DraftBudgetLine { item: "Attrezzi da falegnameria".into(), amount: Some(Cents(300_000)) },
        DraftBudgetLine { item: "Affitto del locale per un anno".into(), amount: Some(Cents(450_000)) },
    ];
    let t = now();
    let row = sqlx::query(
        "INSERT INTO applications (call_id, applicant_id, state, idea_title, summary, problem_and_customers, team, \
           community_benefit, budget_lines, budget_total_cents, requested_cents, eligibility_answers, consent_at, \
           created_at, updated_at) \
         VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $12) RETURNING id",
    )
    .bind(call)
    .bind(resident)
    .bind("Bottega del riuso")
    .bind("Ripariamo e rivendiamo mobili usati, insegnando il mestiere a chi cerca lavoro.")
    .bind("Famiglie che non possono comprare mobili nuovi; giovani senza un mestiere.")
    .bind("Tre falegnami in pensione e due giovani del quartiere.")
    .bind("Meno rifiuti ingombranti, due posti di lavoro, un luogo d'incontro.")
    .bind(to_json(&lines)?)
    .bind(750_000_i64)
    .bind(600_000_i64)
    .bind("[true,false]")
    .bind(t)
    .fetch_one(&db.pool)
    .await
    .map_err(db_error)?;
    col(&row, "id")
}
