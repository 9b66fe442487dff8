//! Expenses paid from a campaign's fund: a ledger row (negative) with the
//! expense's details and, optionally, its document in file storage.

use crate::db::{is_unique_violation, now, Db};
use crate::errors::db_error;
use crate::storage::Storage;
use shared::campaigns::{ExpenseCategory, ExpenseInput, ExpenseRow};
use shared::error::ValidationCode;
use shared::files::{sniff, MAX_ATTACHMENT_BYTES};
use shared::ApiError;
use sqlx::Row;

/// A document sent with an expense.
pub struct Attachment {
    pub bytes: Vec<u8>,
}

/// Records an expense (and its ledger row) once per idempotency key.
pub async fn record(
    db: &Db,
    storage: &Storage,
    slug: &str,
    input: &ExpenseInput,
    attachment: Option<Attachment>,
    key: &str,
    by: i64,
) -> Result<ExpenseRow, ApiError> {
    if let Some(id) = by_key(db, key).await? {
        return expense(db, id).await;
    }
    let e = input.parse()?;
    let (campaign_id, _) = super::by_slug(db, slug).await?;
    let stored = match attachment {
        None => None,
        Some(a) if a.bytes.len() > MAX_ATTACHMENT_BYTES => return Err(ApiError::PayloadTooLarge),
        Some(a) => {
            let kind = sniff(&a.bytes).ok_or(ApiError::validation("attachment", ValidationCode::FileType))?;
            Some((storage.put_new("expenses", kind.extension(), a.bytes).await?, kind.mime()))
        }
    };
    let t = now();
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    let inserted = sqlx::query(
        "INSERT INTO expenses (campaign_id, amount_cents, spent_on, category, supplier, description, \
           attachment_key, attachment_type, idempotency_key, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(campaign_id)
    .bind(e.amount.0)
    .bind(e.spent_on.to_string())
    .bind(e.category.code())
    .bind(&e.supplier)
    .bind(e.description.as_deref())
    .bind(stored.as_ref().map(|(k, _)| k.clone()))
    .bind(stored.as_ref().map(|(_, m)| m.to_string()))
    .bind(key)
    .bind(t)
    .bind(by)
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(r) => r.try_get("id").map_err(db_error)?,
        Err(err) if is_unique_violation(&err) => {
            drop(tx);
            let id = by_key(db, key).await?.ok_or(ApiError::Internal)?;
            return expense(db, id).await;
        }
        Err(err) => return Err(db_error(err)),
    };
    sqlx::query(
        "INSERT INTO ledger (campaign_id, kind, amount_cents, expense_id, note, created_at, created_by) \
         VALUES ($1, 'expense', $2, $3, $4, $5, $6)",
    )
    .bind(campaign_id)
    .bind(-e.amount.0)
    .bind(id)
    .bind(&e.supplier)
    .bind(t)
    .bind(by)
    .execute(&mut *tx)
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    expense(db, id).await
}

async fn by_key(db: &Db, key: &str) -> Result<Option<i64>, ApiError> {
    let row = sqlx::query("SELECT id FROM expenses WHERE idempotency_key = $1")
        .bind(key)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?;
    row.map(|r| r.try_get("id").map_err(db_error)).transpose()
}

const EXPENSE_SQL: &str =
    "SELECT id, amount_cents, spent_on, category, supplier, description, attachment_key FROM expenses";

fn row(r: &sqlx::any::AnyRow) -> Result<ExpenseRow, ApiError> {
    let category: String = r.try_get("category").map_err(db_error)?;
    Ok(ExpenseRow {
        id: r.try_get("id").map_err(db_error)?,
        amount_cents: r.try_get("amount_cents").map_err(db_error)?,
        spent_on: r.try_get("spent_on").map_err(db_error)?,
        category: ExpenseCategory::parse(&category).ok_or(ApiError::Internal)?,
        supplier: r.try_get("supplier").map_err(db_error)?,
        description: r.try_get("description").map_err(db_error)?,
        has_attachment: r.try_get::<Option<String>, _>("attachment_key").map_err(db_error)?.is_some(),
    })
}

pub async fn expense(db: &Db, id: i64) -> Result<ExpenseRow, ApiError> {
    let r = sqlx::query(&format!("{EXPENSE_SQL} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?
        .ok_or(ApiError::NotFound)?;
    row(&r)
}

/// The expenses of a campaign by slug; a draft's only for staff.
pub async fn of_slug(db: &Db, slug: &str, staff: bool) -> Result<Vec<ExpenseRow>, ApiError> {
    let (id, status, _) = super::giving::campaign_state(db, slug).await?;
    if status == shared::campaigns::CampaignStatus::Draft && !staff {
        return Err(ApiError::NotFound);
    }
    of_campaign(db, id).await
}

pub async fn of_campaign(db: &Db, campaign_id: i64) -> Result<Vec<ExpenseRow>, ApiError> {
    let rows = sqlx::query(&format!("{EXPENSE_SQL} WHERE campaign_id = $1 ORDER BY spent_on DESC, id DESC"))
        .bind(campaign_id)
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    rows.iter().map(row).collect()
}

/// The stored document of an expense: `(bytes, mime type)`.
pub async fn attachment(db: &Db, storage: &Storage, id: i64) -> Result<(Vec<u8>, String), ApiError> {
    let r = sqlx::query("SELECT attachment_key, attachment_type FROM expenses WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?
        .ok_or(ApiError::NotFound)?;
    let key: Option<String> = r.try_get("attachment_key").map_err(db_error)?;
    let mime: Option<String> = r.try_get("attachment_type").map_err(db_error)?;
    let key = key.ok_or(ApiError::NotFound)?;
    Ok((storage.get(&key).await?, mime.unwrap_or_else(|| "application/octet-stream".into())))
}
