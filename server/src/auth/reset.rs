//! Password reset by a one-time token that expires after an hour. Only the
//! token's SHA-256 is stored: a copy of the database cannot reset anyone.

use crate::db::{now, Db};
use crate::errors::db_error;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use shared::ApiError;
use sqlx::Row;

pub const TOKEN_TTL_SECS: i64 = 60 * 60;

pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// 256 random bits, URL-safe: the secret a link carries.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Creates a token for the person and returns it (to be sent, never stored).
pub async fn issue(db: &Db, person_id: i64) -> Result<String, ApiError> {
    let token = new_token();
    sqlx::query("INSERT INTO password_resets (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(&token))
        .bind(person_id)
        .bind(now())
        .bind(now() + TOKEN_TTL_SECS)
        .execute(&db.pool)
        .await
        .map_err(db_error)?;
    Ok(token)
}

/// Whether the token can still be redeemed: one indexed lookup, made before
/// any password is hashed.
pub async fn check(db: &Db, token: &str) -> Result<(), ApiError> {
    let row = sqlx::query(
        "SELECT 1 AS ok FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(now())
    .fetch_optional(&db.pool)
    .await
    .map_err(db_error)?;
    row.map(|_| ()).ok_or(ApiError::TokenInvalid)
}

/// Marks the token used and returns its person, atomically: a token works
/// once, even when two requests race.
pub async fn redeem(db: &Db, token: &str) -> Result<i64, ApiError> {
    let row = sqlx::query(
        "UPDATE password_resets SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING person_id",
    )
    .bind(now())
    .bind(token_hash(token))
    .fetch_optional(&db.pool)
    .await
    .map_err(db_error)?;
    match row {
        Some(r) => r.try_get("person_id").map_err(db_error),
        None => Err(ApiError::TokenInvalid),
    }
}

/// Ends every session of the person (after a password change).
pub async fn end_sessions(db: &Db, person_id: i64) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM sessions WHERE person_id = $1")
        .bind(person_id)
        .execute(&db.pool)
        .await
        .map_err(db_error)?;
    Ok(())
}
