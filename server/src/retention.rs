//! What Legami keeps no longer than it needs (GDPR art. 5(1)(e)): a worker
//! in every server purges sign-in and reset attempts past their use, reset
//! tokens once used or expired, the bodies of messages already sent, and
//! registrations never confirmed, the donor's name on receipts of erased gifts once the law no longer
//! requires them.
//! Each purge is one idempotent statement, so several servers may run it.

use crate::db::{now, Db};
use crate::errors::db_error;
use shared::ApiError;

/// Attempts are kept a day past the rate limit's window, for the admins to
/// see an attack; then they go.
pub const ATTEMPTS_KEPT_SECS: i64 = 24 * 60 * 60;

/// What one purge removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    pub attempts: u64,
    pub reset_tokens: u64,
    pub message_bodies: u64,
    pub receipts_anonymised: u64,
    pub registrations: u64,
}

/// Purges everything past its retention at time `at`.
pub async fn purge(db: &Db, at: i64) -> Result<Purged, ApiError> {
    let attempts = sqlx::query("DELETE FROM login_attempts WHERE at < $1")
        .bind(at - ATTEMPTS_KEPT_SECS)
        .execute(&db.pool)
        .await
        .map_err(db_error)?
        .rows_affected();
    let reset_tokens = sqlx::query("DELETE FROM password_resets WHERE used_at IS NOT NULL OR expires_at < $1")
        .bind(at)
        .execute(&db.pool)
        .await
        .map_err(db_error)?
        .rows_affected();
    let message_bodies = sqlx::query("UPDATE outbox SET body = '' WHERE sent_at IS NOT NULL AND body <> ''")
        .execute(&db.pool)
        .await
        .map_err(db_error)?
        .rows_affected();
    let receipts_anonymised = crate::privacy::erasure::anonymise_old_receipts(db, at).await?;
    let registrations = crate::auth::registration::purge_expired(db, at).await?;
    Ok(Purged { attempts, reset_tokens, message_bodies, receipts_anonymised, registrations })
}

/// The purge, now.
pub async fn purge_now(db: &Db) -> Result<Purged, ApiError> {
    purge(db, now()).await
}
