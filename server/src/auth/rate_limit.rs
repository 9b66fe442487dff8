//! Sign-in rate limits, per account and per IP address, counted in the
//! database so that every server process sees the same attempts (an
//! in-memory limiter such as `tower_governor` would give each process its
//! own budget).

use crate::db::{now, Db};
use shared::ApiError;
use sqlx::Row;

/// Failed sign-ins allowed per account within the window.
pub const PER_ACCOUNT: i64 = 5;
/// Failed sign-ins allowed per IP address within the window.
pub const PER_IP: i64 = 30;
pub const WINDOW_SECS: i64 = 15 * 60;

/// `Err(RateLimited)` when the account or the address has too many recent
/// failures; the error says when the oldest counted one leaves the window.
pub async fn check(db: &Db, ip: &str, email: &str) -> Result<(), ApiError> {
    let since = now() - WINDOW_SECS;
    for (column, key, limit) in [("email", email, PER_ACCOUNT), ("ip", ip, PER_IP)] {
        let sql =
            format!("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_attempts WHERE {column} = $1 AND at > $2");
        let row = sqlx::query(&sql).bind(key).bind(since).fetch_one(&db.pool).await.map_err(internal)?;
        let n: i64 = row.try_get("n").map_err(internal)?;
        if n >= limit {
            let oldest: Option<i64> = row.try_get("oldest").map_err(internal)?;
            let retry = oldest.map_or(WINDOW_SECS, |o| o + WINDOW_SECS - now()).max(1);
            return Err(ApiError::RateLimited { retry_after_secs: retry as u64 });
        }
    }
    Ok(())
}

pub async fn record_failure(db: &Db, ip: &str, email: &str) -> Result<(), ApiError> {
    sqlx::query("INSERT INTO login_attempts (ip, email, at) VALUES ($1, $2, $3)")
        .bind(ip)
        .bind(email)
        .bind(now())
        .execute(&db.pool)
        .await
        .map_err(internal)?;
    Ok(())
}

/// A successful sign-in forgives the account's earlier failures.
pub async fn clear_account(db: &Db, email: &str) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM login_attempts WHERE email = $1").bind(email).execute(&db.pool).await.map_err(internal)?;
    Ok(())
}

fn internal(e: sqlx::Error) -> ApiError {
    crate::errors::db_error(e)
}
