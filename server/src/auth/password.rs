//! Password hashing with argon2id (the crate's defaults: m=19 MiB, t=2, p=1,
//! OWASP's recommendation). Hashing runs on the blocking pool.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use shared::people::Password;
use shared::ApiError;

pub async fn hash(password: &Password) -> Result<String, ApiError> {
    let plain = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(plain.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            ApiError::Internal
        })
    })
    .await
    .map_err(|_| ApiError::Internal)?
}

/// Checks `plain` against `stored`. With no stored hash (unknown email) it
/// still does the work of one verification, so timing does not reveal
/// which emails have accounts.
pub async fn verify(plain: &str, stored: Option<String>) -> bool {
    let plain = plain.to_owned();
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        let ok = Argon2::default().verify_password(plain.as_bytes(), &parsed).is_ok();
        ok && known
    })
    .await
    .unwrap_or(false)
}

/// An argon2id hash of a random string nobody knows, made once per process.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(salt.as_str().as_bytes(), &salt).map(|h| h.to_string()).unwrap_or_default()
    })
}
