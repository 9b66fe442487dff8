//! Giving: a validated gift becomes a pledged donation, once per
//! idempotency key however often the request arrives.

use crate::db::{now, Db};
use crate::errors::db_error;
use crate::settings;
use rand::RngCore;
use shared::campaigns::{
    payment_reference, CampaignStatus, DonationStatus, Gift, GiftCreated, GiftRequest, PaymentMethod,
};
use shared::ApiError;
use sqlx::Row;

/// Idempotency keys: 8 to 200 visible ASCII characters.
pub fn parse_key(raw: Option<&str>) -> Result<String, ApiError> {
    let key = raw.map(str::trim).unwrap_or("");
    if (8..=200).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(key.to_owned())
    } else {
        Err(ApiError::BadRequest("Idempotency-Key header: 8 to 200 visible ASCII characters".into()))
    }
}

/// Records the gift as pledged and returns how to pay. The same key returns
/// the gift it first created. The common case is two queries (settings, one
/// insert that also checks the campaign and the key).
pub async fn give(
    db: &Db,
    slug: &str,
    req: &GiftRequest,
    key: &str,
    person_id: Option<i64>,
    public_url: &str,
) -> Result<GiftCreated, ApiError> {
    let org = settings::organisation(db).await?;
    let gift = req.parse(org.max_gift)?;
    if let Some(row) = insert(db, slug, &gift, key, person_id).await.map_err(db_error)? {
        return created(&row, &org, public_url);
    }
    // Nothing inserted: the key is taken (a replay, or a concurrent twin that
    // won), or the campaign does not take gifts.
    if let Some(existing) = by_key(db, key, public_url, &org).await? {
        return Ok(existing);
    }
    match campaign_state(db, slug).await? {
        (_, CampaignStatus::Published) => Err(ApiError::Internal),
        _ => Err(ApiError::CampaignClosed),
    }
}

/// Id and status only: giving does not need the campaign's figures.
pub(super) async fn campaign_state(db: &Db, slug: &str) -> Result<(i64, CampaignStatus), ApiError> {
    let row = sqlx::query("SELECT id, status FROM campaigns WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?
        .ok_or(ApiError::NotFound)?;
    let status: String = row.try_get("status").map_err(db_error)?;
    Ok((row.try_get("id").map_err(db_error)?, CampaignStatus::parse(&status).ok_or(ApiError::Internal)?))
}

const RETURNED: &str = "id, status, amount_cents, method, payment_reference, provider_session";

/// Inserts the pledge if the campaign is published and the key is new.
async fn insert(
    db: &Db,
    slug: &str,
    gift: &Gift,
    key: &str,
    person_id: Option<i64>,
) -> Result<Option<sqlx::any::AnyRow>, sqlx::Error> {
    let mut random = [0u8; 7];
    rand::rngs::OsRng.fill_bytes(&mut random);
    let session = (gift.method == PaymentMethod::Card).then(super::payments::new_session_id);
    sqlx::query(&format!(
        "INSERT INTO donations (campaign_id, amount_cents, donor_name, email, anonymous, message, method, tax_code, \
           status, payment_reference, idempotency_key, provider_session, person_id, created_at) \
         SELECT id, $2, $3, $4, $5, $6, $7, $8, 'pledged', $9, $10, $11, $12, $13 FROM campaigns \
         WHERE slug = $1 AND status = 'published' \
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING {RETURNED}"
    ))
    .bind(slug)
    .bind(gift.amount.0)
    .bind(&gift.donor_name)
    .bind(gift.email.as_ref())
    .bind(gift.anonymous as i64)
    .bind(gift.message.as_deref())
    .bind(gift.method.code())
    .bind(gift.tax_code.as_ref().map(|t| t.as_ref().to_owned()))
    .bind(payment_reference(random))
    .bind(key)
    .bind(session)
    .bind(person_id)
    .bind(now())
    .fetch_optional(&db.pool)
    .await
}

async fn by_key(
    db: &Db,
    key: &str,
    public_url: &str,
    org: &settings::Organisation,
) -> Result<Option<GiftCreated>, ApiError> {
    let row = sqlx::query(&format!("SELECT {RETURNED} FROM donations WHERE idempotency_key = $1"))
        .bind(key)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?;
    row.map(|r| created(&r, org, public_url)).transpose()
}

/// The answer to a giver, from the donation's row.
fn created(r: &sqlx::any::AnyRow, org: &settings::Organisation, public_url: &str) -> Result<GiftCreated, ApiError> {
    let method: String = r.try_get("method").map_err(db_error)?;
    let method = PaymentMethod::parse(&method).ok_or(ApiError::Internal)?;
    let status: String = r.try_get("status").map_err(db_error)?;
    let session: Option<String> = r.try_get("provider_session").map_err(db_error)?;
    let transfer = method == PaymentMethod::BankTransfer;
    Ok(GiftCreated {
        id: r.try_get("id").map_err(db_error)?,
        status: DonationStatus::parse(&status).ok_or(ApiError::Internal)?,
        amount_cents: r.try_get("amount_cents").map_err(db_error)?,
        method,
        payment_reference: r.try_get("payment_reference").map_err(db_error)?,
        iban: transfer.then(|| org.iban.clone()),
        beneficiary: transfer.then(|| org.name.clone()),
        checkout_url: session.map(|s| format!("{public_url}/pagamento/prova/{s}")),
    })
}
