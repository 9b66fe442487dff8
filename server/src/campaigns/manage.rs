//! Staff manage campaigns: create, edit, publish, close, reopen; and record
//! gifts that arrive by hand (cash, cheque, in kind).

use super::ledger::{self, Actor};
use crate::db::{is_unique_violation, now, Db};
use crate::errors::db_error;
use crate::settings;
use rand::RngCore;
use shared::campaigns::{
    campaign_transition_allowed, payment_reference, CampaignInput, CampaignStatus, DonationRow, Fund,
    OfflineGiftRequest,
};
use shared::error::ValidationCode;
use shared::ApiError;
use sqlx::Row;

pub async fn funds(db: &Db) -> Result<Vec<Fund>, ApiError> {
    let rows = sqlx::query("SELECT id, name, description FROM funds ORDER BY name")
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    rows.iter()
        .map(|r| Ok(Fund { id: r.try_get("id")?, name: r.try_get("name")?, description: r.try_get("description")? }))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(db_error)
}

/// A campaign must name an existing fund.
async fn require_fund(db: &Db, id: i64) -> Result<(), ApiError> {
    let found =
        sqlx::query("SELECT id FROM funds WHERE id = $1").bind(id).fetch_optional(&db.pool).await.map_err(db_error)?;
    found.map(|_| ()).ok_or(ApiError::validation("fund_id", ValidationCode::Required))
}

/// Creates a campaign as a draft; returns its slug.
pub async fn create(db: &Db, input: &CampaignInput, by: i64) -> Result<String, ApiError> {
    let c = input.parse()?;
    require_fund(db, c.fund_id).await?;
    let r = sqlx::query(
        "INSERT INTO campaigns (slug, title, story, fund_id, goal_cents, starts_on, ends_on, status, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9)",
    )
    .bind(c.slug.as_ref())
    .bind(&c.title)
    .bind(&c.story)
    .bind(c.fund_id)
    .bind(c.goal.0)
    .bind(c.starts_on.to_string())
    .bind(c.ends_on.to_string())
    .bind(now())
    .bind(by)
    .execute(&db.pool)
    .await;
    match r {
        Ok(_) => Ok(c.slug.as_ref().to_owned()),
        Err(e) if is_unique_violation(&e) => Err(ApiError::validation("slug", ValidationCode::SlugTaken)),
        Err(e) => Err(db_error(e)),
    }
}

/// Edits a campaign's text, goal and dates (not its slug: links stay valid).
pub async fn update(db: &Db, slug: &str, input: &CampaignInput) -> Result<(), ApiError> {
    let input = CampaignInput { slug: slug.to_owned(), ..input.clone() };
    let c = input.parse()?;
    require_fund(db, c.fund_id).await?;
    let r = sqlx::query(
        "UPDATE campaigns SET title = $1, story = $2, fund_id = $3, goal_cents = $4, starts_on = $5, ends_on = $6 WHERE slug = $7",
    )
    .bind(&c.title)
    .bind(&c.story)
    .bind(c.fund_id)
    .bind(c.goal.0)
    .bind(c.starts_on.to_string())
    .bind(c.ends_on.to_string())
    .bind(slug)
    .execute(&db.pool)
    .await
    .map_err(db_error)?;
    if r.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// Publishes, closes or reopens: only the changes the state machine allows.
pub async fn set_status(db: &Db, slug: &str, to: CampaignStatus) -> Result<(), ApiError> {
    let (_, c) = super::by_slug(db, slug).await?;
    if !campaign_transition_allowed(c.status, to) {
        return Err(ApiError::InvalidTransition);
    }
    // The WHERE on the old status makes a concurrent change lose cleanly.
    let r = sqlx::query("UPDATE campaigns SET status = $1 WHERE slug = $2 AND status = $3")
        .bind(to.code())
        .bind(slug)
        .bind(c.status.code())
        .execute(&db.pool)
        .await
        .map_err(db_error)?;
    if r.rows_affected() == 0 {
        return Err(ApiError::InvalidTransition);
    }
    Ok(())
}

/// Records a gift received by hand and receives it at once (ledger row and
/// receipt). The idempotency key makes a double submission one gift.
pub async fn record_offline(
    db: &Db,
    slug: &str,
    req: &OfflineGiftRequest,
    key: &str,
    by: i64,
    public_url: &str,
) -> Result<DonationRow, ApiError> {
    let org = settings::organisation(db).await?;
    let gift = req.parse(org.max_gift)?;
    let (campaign_id, _) = super::by_slug(db, slug).await?;
    let hash = super::giving::request_hash(req);
    let mut random = [0u8; 7];
    rand::rngs::OsRng.fill_bytes(&mut random);
    // The note is staff's (a cheque number, what was given in kind): its own
    // column, never the donor's public message.
    let inserted = sqlx::query(
        "INSERT INTO donations (campaign_id, amount_cents, donor_name, email, anonymous, staff_note, method, tax_code, \
           status, payment_reference, request_key, request_hash, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pledged', $9, $10, $11, $12, $13)",
    )
    .bind(campaign_id)
    .bind(gift.amount.0)
    .bind(&gift.donor_name)
    .bind(gift.email.as_ref().map(|e| e.as_ref().to_owned()).unwrap_or_default())
    .bind(gift.anonymous as i64)
    .bind(gift.note.as_deref())
    .bind(gift.method.code())
    .bind(gift.tax_code.as_ref().map(|t| t.as_ref().to_owned()))
    .bind(payment_reference(random))
    .bind(key)
    .bind(&hash)
    .bind(by)
    .bind(now())
    .execute(&db.pool)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {}
        Err(e) => return Err(db_error(e)),
    }
    let row = sqlx::query("SELECT id, request_hash FROM donations WHERE campaign_id = $1 AND request_key = $2")
        .bind(campaign_id)
        .bind(key)
        .fetch_one(&db.pool)
        .await
        .map_err(db_error)?;
    super::giving::same_request(row.try_get::<Option<String>, _>("request_hash").map_err(db_error)?.as_deref(), &hash)?;
    let id: i64 = row.try_get("id").map_err(db_error)?;
    ledger::receive(db, id, Actor::Staff(by), public_url).await
}
