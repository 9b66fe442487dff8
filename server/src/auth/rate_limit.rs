//! Rate limits on sign-in and on password-reset requests, counted in the
//! database so that every server process sees the same attempts (an
//! in-memory limiter such as `tower_governor` would give each process its
//! own budget).
//!
//! Sign-in failures are limited per account *and* address, plus per
//! address: five wrong passwords from one address lock that address out of
//! that account, never the real owner signing in from elsewhere.

use crate::db::{now, Db};
use shared::ApiError;
use sqlx::Row;

/// Failed sign-ins allowed per account from one address within the window.
pub const PER_ACCOUNT_AND_ADDRESS: i64 = 5;
/// Failed sign-ins allowed per address within the window, whatever the account.
pub const PER_IP: i64 = 30;
/// Password-reset requests per account from one address, and per address.
pub const RESETS_PER_ACCOUNT_AND_ADDRESS: i64 = 3;
pub const RESETS_PER_IP: i64 = 10;
/// Registrations per address from one address, and per address: each one
/// sends an e-mail, which must not become a way to flood someone's inbox.
pub const REGISTRATIONS_PER_ACCOUNT_AND_ADDRESS: i64 = 3;
pub const REGISTRATIONS_PER_IP: i64 = 20;
pub const WINDOW_SECS: i64 = 15 * 60;

/// What is being counted.
#[derive(Debug, Clone, Copy)]
pub enum Attempt {
    SignIn,
    Reset,
    Register,
}

impl Attempt {
    fn code(self) -> &'static str {
        match self {
            Attempt::SignIn => "sign_in",
            Attempt::Reset => "reset",
            Attempt::Register => "register",
        }
    }

    fn limits(self) -> (i64, i64) {
        match self {
            Attempt::SignIn => (PER_ACCOUNT_AND_ADDRESS, PER_IP),
            Attempt::Reset => (RESETS_PER_ACCOUNT_AND_ADDRESS, RESETS_PER_IP),
            Attempt::Register => (REGISTRATIONS_PER_ACCOUNT_AND_ADDRESS, REGISTRATIONS_PER_IP),
        }
    }
}

/// `Err(RateLimited)` when the account from this address, or the address,
/// has too many recent attempts; the error says when the oldest counted one
/// leaves the window.
pub async fn check(db: &Db, kind: Attempt, ip: &str, email: &str) -> Result<(), ApiError> {
    let since = now() - WINDOW_SECS;
    let (per_account, per_ip) = kind.limits();
    let account = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_attempts \
         WHERE kind = $1 AND email = $2 AND ip = $3 AND at > $4",
    )
    .bind(kind.code())
    .bind(email)
    .bind(ip)
    .bind(since);
    let address = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_attempts WHERE kind = $1 AND ip = $2 AND at > $3",
    )
    .bind(kind.code())
    .bind(ip)
    .bind(since);
    for (query, limit) in [(account, per_account), (address, per_ip)] {
        let row = query.fetch_one(&db.pool).await.map_err(internal)?;
        let n: i64 = row.try_get("n").map_err(internal)?;
        if n >= limit {
            let oldest: Option<i64> = row.try_get("oldest").map_err(internal)?;
            let retry = oldest.map_or(WINDOW_SECS, |o| o + WINDOW_SECS - now()).max(1);
            return Err(ApiError::RateLimited { retry_after_secs: retry as u64 });
        }
    }
    Ok(())
}

/// Counts a failed sign-in, or any password-reset request.
pub async fn record(db: &Db, kind: Attempt, ip: &str, email: &str) -> Result<(), ApiError> {
    sqlx::query("INSERT INTO login_attempts (kind, ip, email, at) VALUES ($1, $2, $3, $4)")
        .bind(kind.code())
        .bind(ip)
        .bind(email)
        .bind(now())
        .execute(&db.pool)
        .await
        .map_err(internal)?;
    Ok(())
}

/// A successful sign-in forgives the account's earlier failed sign-ins.
pub async fn clear_account(db: &Db, email: &str) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM login_attempts WHERE kind = 'sign_in' AND email = $1")
        .bind(email)
        .execute(&db.pool)
        .await
        .map_err(internal)?;
    Ok(())
}

fn internal(e: sqlx::Error) -> ApiError {
    crate::errors::db_error(e)
}
