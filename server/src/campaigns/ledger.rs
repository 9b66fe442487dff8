//! Money moves only here: receiving a gift (ledger row + receipt number)
//! and refunding it (a reversal, the receipt cancelled, never renumbered).
//! Each runs in one transaction whose first statement is a write, so
//! SQLite serialises them and PostgreSQL locks the donation and the year's
//! counter row: totals stay exact and receipt numbers have no gap or repeat.

use crate::db::{now, Db};
use crate::errors::db_error;
use chrono::Datelike;
use shared::campaigns::{
    donation_transition, receipt_number, DonationEvent, DonationRow, DonationStatus, PaymentMethod,
};
use shared::ApiError;
use sqlx::Row;

/// Who or what receives a gift: staff (by id) or the payment provider.
#[derive(Debug, Clone, Copy)]
pub enum Actor {
    Staff(i64),
    Provider,
}

impl Actor {
    fn person(self) -> Option<i64> {
        match self {
            Actor::Staff(id) => Some(id),
            Actor::Provider => None,
        }
    }
}

async fn status_of(db: &Db, id: i64) -> Result<DonationStatus, ApiError> {
    let row = sqlx::query("SELECT status FROM donations WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?
        .ok_or(ApiError::NotFound)?;
    let s: String = row.try_get("status").map_err(db_error)?;
    DonationStatus::parse(&s).ok_or(ApiError::Internal)
}

/// Marks a pledged gift received: one ledger row, the next receipt number of
/// the year, and the receipt sent through the outbox. Receiving an
/// already-received gift changes nothing and answers as the first time.
pub async fn receive(db: &Db, id: i64, actor: Actor, public_url: &str) -> Result<DonationRow, ApiError> {
    // Outside the transaction: it may write the link secret, and SQLite
    // allows one writer at a time.
    let link = super::receipts::link(db, id, public_url).await?;
    let t = now();
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    let updated = sqlx::query(
        "UPDATE donations SET status = 'received', received_at = $1, recorded_by = COALESCE(recorded_by, $2) \
         WHERE id = $3 AND status = 'pledged' RETURNING campaign_id, amount_cents, method",
    )
    .bind(t)
    .bind(actor.person())
    .bind(id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_error)?;
    let Some(row) = updated else {
        drop(tx);
        return match status_of(db, id).await? {
            DonationStatus::Received => donation(db, id).await,
            from => Err(not_allowed(from, DonationEvent::Receive)),
        };
    };
    let campaign_id: i64 = row.try_get("campaign_id").map_err(db_error)?;
    let amount: i64 = row.try_get("amount_cents").map_err(db_error)?;
    let method: String = row.try_get("method").map_err(db_error)?;
    sqlx::query(
        "INSERT INTO ledger (campaign_id, kind, amount_cents, donation_id, method, created_at, created_by) \
         VALUES ($1, 'gift', $2, $3, $4, $5, $6)",
    )
    .bind(campaign_id)
    .bind(amount)
    .bind(id)
    .bind(&method)
    .bind(t)
    .bind(actor.person())
    .execute(&mut *tx)
    .await
    .map_err(db_error)?;
    let year = shared::time::to_rome(shared::time::from_unix(t)).year() as i64;
    let number: i64 = sqlx::query(
        "INSERT INTO receipt_counters (year, last) VALUES ($1, 1) \
         ON CONFLICT (year) DO UPDATE SET last = receipt_counters.last + 1 RETURNING last",
    )
    .bind(year)
    .fetch_one(&mut *tx)
    .await
    .and_then(|r| r.try_get("last"))
    .map_err(db_error)?;
    sqlx::query("INSERT INTO receipts (donation_id, year, number, issued_at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(year)
        .bind(number)
        .bind(t)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    enqueue_receipt(&mut tx, id, year, number, &link).await?;
    tx.commit().await.map_err(db_error)?;
    donation(db, id).await
}

/// Reverses a received gift: a negative ledger row with the reason, the
/// receipt marked cancelled.
pub async fn refund(db: &Db, id: i64, reason: &str, by: i64) -> Result<DonationRow, ApiError> {
    let reason = shared::people::single_line(reason, 500).map_err(|c| ApiError::validation("reason", c))?;
    let t = now();
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    let updated = sqlx::query(
        "UPDATE donations SET status = 'refunded' WHERE id = $1 AND status = 'received' RETURNING campaign_id, amount_cents, method",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_error)?;
    let Some(row) = updated else {
        drop(tx);
        let from = status_of(db, id).await?;
        return Err(not_allowed(from, DonationEvent::Refund));
    };
    let campaign_id: i64 = row.try_get("campaign_id").map_err(db_error)?;
    let amount: i64 = row.try_get("amount_cents").map_err(db_error)?;
    let method: String = row.try_get("method").map_err(db_error)?;
    sqlx::query(
        "INSERT INTO ledger (campaign_id, kind, amount_cents, donation_id, method, note, created_at, created_by) \
         VALUES ($1, 'refund', $2, $3, $4, $5, $6, $7)",
    )
    .bind(campaign_id)
    .bind(-amount)
    .bind(id)
    .bind(&method)
    .bind(&reason)
    .bind(t)
    .bind(by)
    .execute(&mut *tx)
    .await
    .map_err(db_error)?;
    sqlx::query("UPDATE receipts SET cancelled_at = $1, cancel_reason = $2 WHERE donation_id = $3")
        .bind(t)
        .bind(&reason)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    tracing::info!(id, by, "gift refunded");
    donation(db, id).await
}

fn not_allowed(from: DonationStatus, event: DonationEvent) -> ApiError {
    debug_assert!(donation_transition(from, event).is_none());
    ApiError::InvalidTransition
}

async fn enqueue_receipt(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
    year: i64,
    number: i64,
    link: &str,
) -> Result<(), ApiError> {
    let r = sqlx::query("SELECT d.email, d.donor_name, d.amount_cents, c.title FROM donations d JOIN campaigns c ON c.id = d.campaign_id WHERE d.id = $1")
        .bind(id)
        .fetch_one(&mut **tx)
        .await
        .map_err(db_error)?;
    let email: String = r.try_get("email").map_err(db_error)?;
    let name: String = r.try_get("donor_name").map_err(db_error)?;
    let amount: i64 = r.try_get("amount_cents").map_err(db_error)?;
    let title: String = r.try_get("title").map_err(db_error)?;
    let number = receipt_number(year as i32, number);
    if email.is_empty() {
        return Ok(()); // a gift handed over in person: the receipt is printed, not sent
    }
    let body = format!(
        "Gentile {name},\n\ngrazie per la tua donazione di {} a «{title}».\nRicevuta n. {number}: {link}\n",
        shared::money::Cents(amount).format(shared::Locale::It)
    );
    sqlx::query("INSERT INTO outbox (recipient, subject, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(email)
        .bind(format!("Ricevuta n. {number}"))
        .bind(body)
        .bind(now())
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    Ok(())
}

const DONATION_SQL: &str = "\
    SELECT d.id, c.slug, d.amount_cents, d.donor_name, d.email, d.anonymous, d.method, d.status, \
      d.payment_reference, d.created_at, d.received_at, d.staff_note, d.erased_at, r.year, r.number, r.cancelled_at \
    FROM donations d JOIN campaigns c ON c.id = d.campaign_id LEFT JOIN receipts r ON r.donation_id = d.id";

fn donation_row(r: &sqlx::any::AnyRow) -> Result<DonationRow, ApiError> {
    let get = |e: sqlx::Error| db_error(e);
    let method: String = r.try_get("method").map_err(get)?;
    let status: String = r.try_get("status").map_err(get)?;
    let year: Option<i64> = r.try_get("year").map_err(get)?;
    let number: Option<i64> = r.try_get("number").map_err(get)?;
    // An erased donor's name stays on the receipt for admins only, never
    // in staff's lists and exports.
    let erased = r.try_get::<Option<i64>, _>("erased_at").map_err(get)?.is_some();
    Ok(DonationRow {
        id: r.try_get("id").map_err(get)?,
        campaign_slug: r.try_get("slug").map_err(get)?,
        amount_cents: r.try_get("amount_cents").map_err(get)?,
        donor_name: if erased { String::new() } else { r.try_get("donor_name").map_err(get)? },
        erased,
        email: r.try_get("email").map_err(get)?,
        anonymous: r.try_get::<i64, _>("anonymous").map_err(get)? != 0,
        method: PaymentMethod::parse(&method).ok_or(ApiError::Internal)?,
        status: DonationStatus::parse(&status).ok_or(ApiError::Internal)?,
        payment_reference: r.try_get("payment_reference").map_err(get)?,
        created_at: r.try_get("created_at").map_err(get)?,
        received_at: r.try_get("received_at").map_err(get)?,
        receipt: year.zip(number).map(|(y, n)| receipt_number(y as i32, n)),
        receipt_cancelled: r.try_get::<Option<i64>, _>("cancelled_at").map_err(get)?.is_some(),
        staff_note: r.try_get("staff_note").map_err(get)?,
    })
}

pub async fn donation(db: &Db, id: i64) -> Result<DonationRow, ApiError> {
    let row = sqlx::query(&format!("{DONATION_SQL} WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?
        .ok_or(ApiError::NotFound)?;
    donation_row(&row)
}

/// Gifts, newest first: of a campaign and/or with a payment reference;
/// at most `limit` (the staff list) or all (exports).
pub async fn donations(
    db: &Db,
    slug: Option<&str>,
    reference: Option<&str>,
    limit: Option<i64>,
) -> Result<Vec<DonationRow>, ApiError> {
    let mut sql = format!("{DONATION_SQL} WHERE 1 = 1");
    if slug.is_some() {
        sql.push_str(" AND c.slug = $1");
    }
    if reference.is_some() {
        sql.push_str(if slug.is_some() { " AND d.payment_reference = $2" } else { " AND d.payment_reference = $1" });
    }
    sql.push_str(" ORDER BY d.id DESC");
    if let Some(n) = limit {
        sql.push_str(&format!(" LIMIT {n}"));
    }
    let mut q = sqlx::query(&sql);
    if let Some(s) = slug {
        q = q.bind(s);
    }
    if let Some(r) = reference {
        q = q.bind(r.trim().to_uppercase());
    }
    let rows = q.fetch_all(&db.pool).await.map_err(db_error)?;
    rows.iter().map(donation_row).collect()
}
