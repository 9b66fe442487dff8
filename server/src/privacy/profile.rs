//! The profile the person corrects themselves (GDPR art. 16): name and
//! language, and their password.

use crate::auth::rate_limit::{self, Attempt};
use crate::auth::{self, password, reset};
use crate::db::Db;
use crate::errors::db_error;
use shared::error::ValidationCode;
use shared::privacy::{Profile, ValidPasswordChange};
use shared::ApiError;

pub async fn update(db: &Db, person_id: i64, profile: &Profile) -> Result<(), ApiError> {
    sqlx::query("UPDATE people SET display_name = $1, language = $2 WHERE id = $3 AND erased_at IS NULL")
        .bind(profile.display_name.as_ref())
        .bind(profile.language.code())
        .bind(person_id)
        .execute(&db.pool)
        .await
        .map_err(db_error)?;
    Ok(())
}

/// Checks the current password (counted like a sign-in, so an open session
/// cannot be used to guess it), stores the new one and ends every session
/// of the person; the caller starts a fresh one for the current device.
pub async fn change_password(
    db: &Db,
    person_id: i64,
    email: &str,
    ip: &str,
    change: &ValidPasswordChange,
) -> Result<(), ApiError> {
    rate_limit::check(db, Attempt::SignIn, ip, email).await?;
    let stored = auth::credentials(db, email).await?.filter(|(id, _)| *id == person_id).map(|(_, hash)| hash);
    if !password::verify(&change.current, stored).await {
        rate_limit::record(db, Attempt::SignIn, ip, email).await?;
        return Err(ApiError::validation("current", ValidationCode::WrongPassword));
    }
    let hash = password::hash(&change.new).await?;
    auth::set_password(db, person_id, &hash).await?;
    reset::end_sessions(db, person_id).await?;
    tracing::info!(person_id, "password changed");
    Ok(())
}
