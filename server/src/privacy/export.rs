//! The export of everything Legami holds about the signed-in person (GDPR
//! art. 15 and 20). Gifts are theirs when made while signed in or with their
//! account's e-mail.

use crate::db::{now, Db};
use crate::errors::db_error;
use shared::campaigns::receipt_number;
use shared::privacy::{ExportAccount, ExportApplication, ExportAttempt, ExportGift, PersonalExport};
use shared::ApiError;
use sqlx::any::AnyRow;
use sqlx::Row;

pub async fn export(db: &Db, person_id: i64) -> Result<PersonalExport, ApiError> {
    let me = crate::auth::load_me(db, person_id).await?.ok_or(ApiError::NotFound)?;
    let created_at: i64 = sqlx::query("SELECT created_at FROM people WHERE id = $1")
        .bind(person_id)
        .fetch_one(&db.pool)
        .await
        .and_then(|r| r.try_get("created_at"))
        .map_err(db_error)?;
    let mut out = PersonalExport {
        generated_at: now(),
        summary: Vec::new(),
        account: ExportAccount {
            id: me.id,
            email: me.email.clone(),
            display_name: me.display_name.clone(),
            language: me.language,
            roles: me.roles.clone(),
            created_at,
        },
        gifts: gifts(db, person_id, &me.email).await?,
        applications: applications(db, person_id).await?,
        sign_in_attempts: attempts(db, &me.email).await?,
        erasure_requested_at: super::erasure::open_request(db, person_id).await?,
    };
    out.summarise(me.language);
    Ok(out)
}

async fn gifts(db: &Db, person_id: i64, email: &str) -> Result<Vec<ExportGift>, ApiError> {
    let rows = sqlx::query(
        "SELECT d.id, c.title, d.amount_cents, d.method, d.status, d.donor_name, d.email, d.tax_code, d.anonymous, \
           d.message, d.payment_reference, d.created_at, d.received_at, r.year, r.number \
         FROM donations d JOIN campaigns c ON c.id = d.campaign_id LEFT JOIN receipts r ON r.donation_id = d.id \
         WHERE (d.person_id = $1 OR d.email = $2) AND d.erased_at IS NULL ORDER BY d.id",
    )
    .bind(person_id)
    .bind(email)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    let mut gifts: Vec<ExportGift> = rows.iter().map(gift).collect::<Result<_, sqlx::Error>>().map_err(db_error)?;
    for g in gifts.iter_mut().filter(|g| g.receipt.is_some()) {
        g.receipt_url = Some(crate::campaigns::receipts::link(db, g.id, "").await?);
    }
    Ok(gifts)
}

fn gift(r: &AnyRow) -> Result<ExportGift, sqlx::Error> {
    let year: Option<i64> = r.try_get("year")?;
    let number: Option<i64> = r.try_get("number")?;
    Ok(ExportGift {
        id: r.try_get("id")?,
        campaign: r.try_get("title")?,
        amount_cents: r.try_get("amount_cents")?,
        method: r.try_get("method")?,
        status: r.try_get("status")?,
        donor_name: r.try_get("donor_name")?,
        email: r.try_get("email")?,
        tax_code: r.try_get("tax_code")?,
        anonymous: r.try_get::<i64, _>("anonymous")? != 0,
        message: r.try_get("message")?,
        payment_reference: r.try_get("payment_reference")?,
        created_at: r.try_get("created_at")?,
        received_at: r.try_get("received_at")?,
        receipt: year.zip(number).map(|(y, n)| receipt_number(y as i32, n)),
        receipt_url: None,
    })
}

async fn applications(db: &Db, person_id: i64) -> Result<Vec<ExportApplication>, ApiError> {
    let rows = sqlx::query(
        "SELECT a.id, c.title, a.state, a.idea_title, a.summary, a.problem_and_customers, a.team, \
           a.community_benefit, a.requested_cents, a.granted_cents, a.consent_at, a.created_at, a.submitted_at \
         FROM applications a JOIN calls c ON c.id = a.call_id WHERE a.applicant_id = $1 ORDER BY a.id",
    )
    .bind(person_id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            Ok(ExportApplication {
                id: r.try_get("id")?,
                call: r.try_get("title")?,
                state: r.try_get("state")?,
                idea_title: r.try_get("idea_title")?,
                summary: r.try_get("summary")?,
                problem_and_customers: r.try_get("problem_and_customers")?,
                team: r.try_get("team")?,
                community_benefit: r.try_get("community_benefit")?,
                requested_cents: r.try_get("requested_cents")?,
                granted_cents: r.try_get("granted_cents")?,
                consent_at: r.try_get("consent_at")?,
                created_at: r.try_get("created_at")?,
                submitted_at: r.try_get("submitted_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(db_error)
}

async fn attempts(db: &Db, email: &str) -> Result<Vec<ExportAttempt>, ApiError> {
    let rows = sqlx::query("SELECT kind, ip, at FROM login_attempts WHERE email = $1 ORDER BY at")
        .bind(email)
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    rows.iter()
        .map(|r| Ok(ExportAttempt { kind: r.try_get("kind")?, ip: r.try_get("ip")?, at: r.try_get("at")? }))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(db_error)
}
