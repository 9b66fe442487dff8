//! Campaign figures from the append-only ledger, in time independent of its
//! length. Rows older than `SETTLE_SECS` are *settled*: every ledger row is
//! written with `created_at = now()` by a transaction far shorter than that,
//! so no row can still appear before the settle line. Settled rows are
//! summed once, by whole hours, into `ledger_checkpoints` and
//! `ledger_hourly`; a page adds the unsettled tail (at most about 70
//! minutes of rows). The checkpoint is a cache of an immutable prefix, not a
//! counter that concurrent writers update: recomputing it from the ledger
//! always gives the same numbers.
//!
//! Because a checkpoint never changes once written, any checkpoint a
//! process has seen, however old, plus the ledger rows since it, gives the
//! exact figures. Each process therefore keeps the last checkpoint it read
//! and the settled days folded from it ([`SettledCache`]) and re-reads them
//! every [`RECHECK`]; a page then only reads the tail.

use crate::db::{now, Db};
use crate::errors::db_error;
use shared::campaigns::DailyTotal;
use shared::ApiError;
use sqlx::Row;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a process uses a checkpoint before asking for a newer one
/// (newer only means a shorter tail to add up).
const RECHECK: Duration = Duration::from_secs(30);

pub const SETTLE_SECS: i64 = 600;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub raised: i64,
    pub spent: i64,
    /// Gifts received minus gifts refunded.
    pub donors: i64,
}

const SUMS: &str =
    "CAST(COALESCE(SUM(CASE WHEN kind IN ('gift', 'refund') THEN amount_cents ELSE 0 END), 0) AS BIGINT) AS raised, \
     CAST(COALESCE(SUM(CASE WHEN kind = 'expense' THEN -amount_cents ELSE 0 END), 0) AS BIGINT) AS spent, \
     CAST(COALESCE(SUM(CASE WHEN kind = 'gift' THEN 1 ELSE 0 END), 0) AS BIGINT) AS gifts, \
     CAST(COALESCE(SUM(CASE WHEN kind = 'refund' THEN 1 ELSE 0 END), 0) AS BIGINT) AS refunds";

fn read(r: &sqlx::any::AnyRow) -> Result<(i64, i64, i64, i64), sqlx::Error> {
    Ok((r.try_get("raised")?, r.try_get("spent")?, r.try_get("gifts")?, r.try_get("refunds")?))
}

/// `(through_at, raised, spent, gifts, refunds)` of the checkpoint, zeros if none.
async fn checkpoint(db: &Db, campaign_id: i64) -> Result<(i64, i64, i64, i64, i64), ApiError> {
    let row = sqlx::query(
        "SELECT through_at, raised_cents, spent_cents, gifts, refunds FROM ledger_checkpoints WHERE campaign_id = $1",
    )
    .bind(campaign_id)
    .fetch_optional(&db.pool)
    .await
    .map_err(db_error)?;
    match row {
        None => Ok((0, 0, 0, 0, 0)),
        Some(r) => Ok((
            r.try_get("through_at").map_err(db_error)?,
            r.try_get("raised_cents").map_err(db_error)?,
            r.try_get("spent_cents").map_err(db_error)?,
            r.try_get("gifts").map_err(db_error)?,
            r.try_get("refunds").map_err(db_error)?,
        )),
    }
}

/// A checkpoint as one process last read it, with its settled days.
#[derive(Clone)]
struct Settled {
    through: i64,
    sums: (i64, i64, i64, i64),
    days: Arc<Vec<DailyTotal>>,
    read_at: Instant,
}

/// Per-process memory of settled checkpoints, by campaign id (see the module doc).
#[derive(Default)]
pub struct SettledCache(Mutex<HashMap<i64, Settled>>);

impl SettledCache {
    fn get(&self, campaign_id: i64) -> Option<Settled> {
        self.0.lock().ok()?.get(&campaign_id).cloned()
    }

    fn put(&self, campaign_id: i64, settled: Settled) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(campaign_id, settled);
        }
    }
}

async fn settled(db: &Db, campaign_id: i64) -> Result<Settled, ApiError> {
    let known = db.settled.get(campaign_id);
    if let Some(s) = known.as_ref().filter(|s| s.read_at.elapsed() < RECHECK) {
        return Ok(s.clone());
    }
    let (through, raised, spent, gifts, refunds) = checkpoint(db, campaign_id).await?;
    let days = match known {
        Some(old) if old.through == through => old.days,
        _ => Arc::new(fold_days(Vec::new(), settled_hours(db, campaign_id).await?)),
    };
    let s = Settled { through, sums: (raised, spent, gifts, refunds), days, read_at: Instant::now() };
    db.settled.put(campaign_id, s.clone());
    Ok(s)
}

pub async fn totals(db: &Db, campaign_id: i64) -> Result<Totals, ApiError> {
    let Settled { through, sums: (raised, spent, gifts, refunds), .. } = settled(db, campaign_id).await?;
    let tail = sqlx::query(&format!("SELECT {SUMS} FROM ledger WHERE campaign_id = $1 AND created_at >= $2"))
        .bind(campaign_id)
        .bind(through)
        .fetch_one(&db.pool)
        .await
        .map_err(db_error)?;
    let (t_raised, t_spent, t_gifts, t_refunds) = read(&tail).map_err(db_error)?;
    Ok(Totals { raised: raised + t_raised, spent: spent + t_spent, donors: gifts + t_gifts - refunds - t_refunds })
}

/// The totals and the gifts per day together, from one read of the tail
/// (the campaign page shows both): the same figures as [`totals`] and
/// [`daily`].
pub async fn figures(db: &Db, campaign_id: i64) -> Result<(Totals, Vec<DailyTotal>), ApiError> {
    let s = settled(db, campaign_id).await?;
    let rows = sqlx::query(&format!(
        "SELECT created_at / 3600 AS hour, {SUMS} FROM ledger WHERE campaign_id = $1 AND created_at >= $2 \
         GROUP BY created_at / 3600 ORDER BY hour"
    ))
    .bind(campaign_id)
    .bind(s.through)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    let (mut raised, mut spent, mut gifts, mut refunds) = s.sums;
    let mut hours = Vec::with_capacity(rows.len());
    for r in &rows {
        let (h_raised, h_spent, h_gifts, h_refunds) = read(r).map_err(db_error)?;
        (raised, spent, gifts, refunds) = (raised + h_raised, spent + h_spent, gifts + h_gifts, refunds + h_refunds);
        // An hour with expenses only has no bar, as in `daily`.
        if h_gifts + h_refunds > 0 {
            hours.push((r.try_get("hour").map_err(db_error)?, h_raised));
        }
    }
    let totals = Totals { raised, spent, donors: gifts - refunds };
    Ok((totals, fold_days(s.days.as_ref().clone(), hours)))
}

/// Net gifts per day (Europe/Rome): the settled days, then the tail's hours.
pub async fn daily(db: &Db, campaign_id: i64) -> Result<Vec<DailyTotal>, ApiError> {
    let s = settled(db, campaign_id).await?;
    let tail = sqlx::query(
        "SELECT created_at / 3600 AS hour, CAST(SUM(amount_cents) AS BIGINT) AS cents FROM ledger \
         WHERE campaign_id = $1 AND kind IN ('gift', 'refund') AND created_at >= $2 \
         GROUP BY created_at / 3600 ORDER BY hour",
    )
    .bind(campaign_id)
    .bind(s.through)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    Ok(fold_days(s.days.as_ref().clone(), hour_rows(&tail)?))
}

async fn settled_hours(db: &Db, campaign_id: i64) -> Result<Vec<(i64, i64)>, ApiError> {
    let rows = sqlx::query("SELECT hour, cents FROM ledger_hourly WHERE campaign_id = $1 ORDER BY hour")
        .bind(campaign_id)
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    hour_rows(&rows)
}

fn hour_rows(rows: &[sqlx::any::AnyRow]) -> Result<Vec<(i64, i64)>, ApiError> {
    rows.iter()
        .map(|r| Ok((r.try_get("hour")?, r.try_get("cents")?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(db_error)
}

/// Adds UTC hours (in order) to days. Summer time changes on the hour, so
/// each UTC hour belongs to exactly one Rome day.
fn fold_days(mut days: Vec<DailyTotal>, hours: Vec<(i64, i64)>) -> Vec<DailyTotal> {
    for (hour, cents) in hours {
        let day = shared::time::to_rome(shared::time::from_unix(hour * 3600)).format("%Y-%m-%d").to_string();
        match days.last_mut() {
            Some(last) if last.day == day => last.cents += cents,
            _ => days.push(DailyTotal { day, cents }),
        }
    }
    days
}

/// Moves every campaign's checkpoint to the last whole hour before the
/// settle line. Safe to run from several processes at once: a checkpoint
/// only moves if nobody moved it meanwhile.
pub async fn advance(db: &Db) -> Result<(), ApiError> {
    let target = (now() - SETTLE_SECS).div_euclid(3600) * 3600;
    let ids: Vec<i64> = sqlx::query("SELECT id FROM campaigns")
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?
        .iter()
        .filter_map(|r| r.try_get("id").ok())
        .collect();
    for id in ids {
        advance_one(db, id, target).await?;
    }
    Ok(())
}

async fn advance_one(db: &Db, campaign_id: i64, target: i64) -> Result<(), ApiError> {
    let (through, ..) = checkpoint(db, campaign_id).await?;
    if target <= through {
        return Ok(());
    }
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    // Claim the move first (a write, so SQLite takes its lock at once).
    let claimed = sqlx::query(
        "INSERT INTO ledger_checkpoints (campaign_id, through_at, raised_cents, spent_cents, gifts, refunds) \
         VALUES ($1, $2, 0, 0, 0, 0) \
         ON CONFLICT (campaign_id) DO UPDATE SET through_at = excluded.through_at \
         WHERE ledger_checkpoints.through_at = $3",
    )
    .bind(campaign_id)
    .bind(target)
    .bind(through)
    .execute(&mut *tx)
    .await
    .map_err(db_error)?;
    if claimed.rows_affected() == 0 {
        return Ok(()); // another process moved it
    }
    let sums = sqlx::query(&format!(
        "SELECT {SUMS} FROM ledger WHERE campaign_id = $1 AND created_at >= $2 AND created_at < $3"
    ))
    .bind(campaign_id)
    .bind(through)
    .bind(target)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_error)?;
    let (raised, spent, gifts, refunds) = read(&sums).map_err(db_error)?;
    sqlx::query(
        "UPDATE ledger_checkpoints SET raised_cents = raised_cents + $1, spent_cents = spent_cents + $2, \
         gifts = gifts + $3, refunds = refunds + $4 WHERE campaign_id = $5",
    )
    .bind(raised)
    .bind(spent)
    .bind(gifts)
    .bind(refunds)
    .bind(campaign_id)
    .execute(&mut *tx)
    .await
    .map_err(db_error)?;
    sqlx::query(
        "INSERT INTO ledger_hourly (campaign_id, hour, cents) \
         SELECT campaign_id, created_at / 3600, CAST(SUM(amount_cents) AS BIGINT) FROM ledger \
         WHERE campaign_id = $1 AND kind IN ('gift', 'refund') AND created_at >= $2 AND created_at < $3 \
         GROUP BY campaign_id, created_at / 3600",
    )
    .bind(campaign_id)
    .bind(through)
    .bind(target)
    .execute(&mut *tx)
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(())
}
