//! Giving: a validated gift becomes a pledged donation, once per
//! idempotency key however often the request arrives. A key belongs to one
//! request of one campaign: it is stored scoped to the campaign with a hash
//! of the request, and the same key with another request is refused (422,
//! Stripe's rule) instead of answering with someone else's gift.

use super::payments::{PaymentProvider, Pledge};
use crate::db::{now, Db};
use crate::errors::db_error;
use crate::settings;
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use shared::campaigns::{
    gift_window, method_offered, payment_reference, CampaignStatus, DonationStatus, Gift, GiftCreated, GiftRequest,
    PaymentMethod,
};
use shared::money::Cents;
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

/// The hash a key is stored with: SHA-256 of the request as JSON.
pub fn request_hash(request: &impl Serialize) -> String {
    hex::encode(Sha256::digest(serde_json::to_vec(request).unwrap_or_default()))
}

/// A replay must carry the request its key first came with.
pub(super) fn same_request(stored: Option<&str>, hash: &str) -> Result<(), ApiError> {
    if stored == Some(hash) {
        Ok(())
    } else {
        Err(ApiError::KeyReused)
    }
}

/// Today in Europe/Rome, as campaigns' dates are written.
pub(super) fn rome_today() -> String {
    shared::time::to_rome(chrono::Utc::now()).format("%Y-%m-%d").to_string()
}

/// Who gives, and through which card provider if any.
pub struct Giver<'a> {
    pub person_id: Option<i64>,
    pub card: Option<&'a dyn PaymentProvider>,
    pub public_url: &'a str,
}

/// Records the gift as pledged and returns how to pay. The same key with the
/// same request returns the gift it first created. The common case is two
/// queries (settings, one insert that also checks the campaign and the key),
/// plus the provider's session for a card gift.
pub async fn give(
    db: &Db,
    slug: &str,
    req: &GiftRequest,
    key: &str,
    giver: &Giver<'_>,
) -> Result<GiftCreated, ApiError> {
    let org = settings::organisation(db).await?;
    let gift = req.parse(org.max_gift)?;
    method_offered(gift.method, giver.card.is_some()).map_err(|c| ApiError::validation("method", c))?;
    let hash = request_hash(req);
    let today = rome_today();
    let provider = giver.card.filter(|_| gift.method == PaymentMethod::Card);
    let inserted = insert(db, slug, &gift, key, &hash, &today, giver.person_id, provider.map(|p| p.name()))
        .await
        .map_err(db_error)?;
    // Nothing inserted: the key is taken (a replay, or a concurrent twin that
    // won), or the campaign does not take gifts.
    let row = match inserted {
        Some(row) => row,
        None => match by_key(db, slug, key).await? {
            Some(row) => {
                same_request(row.try_get::<Option<String>, _>("request_hash").map_err(db_error)?.as_deref(), &hash)?;
                row
            }
            None => {
                let (_, status, ends_on) = campaign_state(db, slug).await?;
                gift_window(status, &ends_on, &today)?;
                return Err(ApiError::Internal);
            }
        },
    };
    let row = match provider {
        Some(p) => with_checkout(db, p, row, giver.public_url).await?,
        None => row,
    };
    created(&row, &org, giver.public_url)
}

/// Id, status and end date only: giving does not need the campaign's figures.
pub(super) async fn campaign_state(db: &Db, slug: &str) -> Result<(i64, CampaignStatus, String), ApiError> {
    let row = sqlx::query("SELECT id, status, ends_on FROM campaigns WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?
        .ok_or(ApiError::NotFound)?;
    let status: String = row.try_get("status").map_err(db_error)?;
    Ok((
        row.try_get("id").map_err(db_error)?,
        CampaignStatus::parse(&status).ok_or(ApiError::Internal)?,
        row.try_get("ends_on").map_err(db_error)?,
    ))
}

const RETURNED: &str =
    "id, status, amount_cents, method, payment_reference, provider_session, checkout_url, request_hash, email, campaign_id";

/// Inserts the pledge if the campaign takes gifts today (published, not past
/// its end: the rule of `shared::campaigns::gift_window`, in SQL so that the
/// check and the insert are one statement) and the key is new for it.
#[allow(clippy::too_many_arguments)]
async fn insert(
    db: &Db,
    slug: &str,
    gift: &Gift,
    key: &str,
    hash: &str,
    today: &str,
    person_id: Option<i64>,
    provider: Option<&str>,
) -> Result<Option<sqlx::any::AnyRow>, sqlx::Error> {
    let mut random = [0u8; 7];
    rand::rngs::OsRng.fill_bytes(&mut random);
    sqlx::query(&format!(
        "INSERT INTO donations (campaign_id, amount_cents, donor_name, email, anonymous, message, method, tax_code, \
           status, payment_reference, request_key, request_hash, provider, person_id, created_at) \
         SELECT id, $2, $3, $4, $5, $6, $7, $8, 'pledged', $9, $10, $11, $12, $13, $14 FROM campaigns \
         WHERE slug = $1 AND status = 'published' AND ends_on >= $15 \
         ON CONFLICT (campaign_id, request_key) DO NOTHING RETURNING {RETURNED}"
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
    .bind(hash)
    .bind(provider)
    .bind(person_id)
    .bind(now())
    .bind(today)
    .fetch_optional(&db.pool)
    .await
}

async fn by_key(db: &Db, slug: &str, key: &str) -> Result<Option<sqlx::any::AnyRow>, ApiError> {
    sqlx::query(&format!(
        "SELECT {RETURNED} FROM donations \
         WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = $1) AND request_key = $2"
    ))
    .bind(slug)
    .bind(key)
    .fetch_optional(&db.pool)
    .await
    .map_err(db_error)
}

/// A card pledge's hosted checkout, created once: a retry of the same
/// request finds it stored, or creates it if the first attempt failed.
async fn with_checkout(
    db: &Db,
    provider: &dyn PaymentProvider,
    row: sqlx::any::AnyRow,
    public_url: &str,
) -> Result<sqlx::any::AnyRow, ApiError> {
    let stored: Option<String> = row.try_get("checkout_url").map_err(db_error)?;
    let status: String = row.try_get("status").map_err(db_error)?;
    if stored.is_some() || status != "pledged" {
        return Ok(row);
    }
    let id: i64 = row.try_get("id").map_err(db_error)?;
    let campaign_id: i64 = row.try_get("campaign_id").map_err(db_error)?;
    let campaign = sqlx::query("SELECT slug, title FROM campaigns WHERE id = $1")
        .bind(campaign_id)
        .fetch_one(&db.pool)
        .await
        .map_err(db_error)?;
    let pledge = Pledge {
        donation_id: id,
        amount: Cents(row.try_get("amount_cents").map_err(db_error)?),
        campaign_title: campaign.try_get("title").map_err(db_error)?,
        campaign_slug: campaign.try_get("slug").map_err(db_error)?,
        email: row.try_get("email").map_err(db_error)?,
        public_url: public_url.to_owned(),
    };
    let session = provider.create_checkout(&pledge).await?;
    // A concurrent twin may have stored its session first: the first one stays.
    sqlx::query(
        "UPDATE donations SET provider_session = $1, checkout_url = $2 WHERE id = $3 AND provider_session IS NULL",
    )
    .bind(&session.id)
    .bind(&session.url)
    .bind(id)
    .execute(&db.pool)
    .await
    .map_err(db_error)?;
    sqlx::query(&format!("SELECT {RETURNED} FROM donations WHERE id = $1"))
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .map_err(db_error)
}

/// The answer to a giver, from the donation's row.
fn created(r: &sqlx::any::AnyRow, org: &settings::Organisation, public_url: &str) -> Result<GiftCreated, ApiError> {
    let method: String = r.try_get("method").map_err(db_error)?;
    let method = PaymentMethod::parse(&method).ok_or(ApiError::Internal)?;
    let status: String = r.try_get("status").map_err(db_error)?;
    let session: Option<String> = r.try_get("provider_session").map_err(db_error)?;
    let url: Option<String> = r.try_get("checkout_url").map_err(db_error)?;
    let transfer = method == PaymentMethod::BankTransfer;
    Ok(GiftCreated {
        id: r.try_get("id").map_err(db_error)?,
        status: DonationStatus::parse(&status).ok_or(ApiError::Internal)?,
        amount_cents: r.try_get("amount_cents").map_err(db_error)?,
        method,
        payment_reference: r.try_get("payment_reference").map_err(db_error)?,
        iban: transfer.then(|| org.iban.clone()),
        beneficiary: transfer.then(|| org.name.clone()),
        // Pledges from before checkout_url was stored went to the development page.
        checkout_url: url.or_else(|| session.map(|s| format!("{public_url}/pagamento/prova/{s}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_answers_only_for_its_own_request() {
        let a = request_hash(&serde_json::json!({"amount_cents": 1000}));
        let b = request_hash(&serde_json::json!({"amount_cents": 100000}));
        assert_ne!(a, b);
        assert_eq!(same_request(Some(&a), &a), Ok(()));
        assert_eq!(same_request(Some(&a), &b), Err(ApiError::KeyReused));
        assert_eq!(same_request(None, &a), Err(ApiError::KeyReused), "a row without a hash answers no replay");
    }
}
