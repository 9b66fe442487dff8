//! Registration that answers alike whether or not the address has an
//! account, so that nobody learns who has one by trying addresses. Either
//! way the password is hashed (the same work, the same time) and one message
//! goes to the address: a link that creates the account, or, to an existing
//! owner, a note that someone tried, with the ways to sign in and to reset
//! the password. The account exists once the link is opened.

use super::{insert_person, password, reset::new_token, reset::token_hash, Account};
use crate::db::{now, Db};
use crate::errors::db_error;
use crate::outbox;
use shared::i18n::t;
use shared::people::{Registration, Role};
use shared::{ApiError, Locale};
use sqlx::Row;

/// How long the link works.
pub const TOKEN_TTL_SECS: i64 = 24 * 60 * 60;

/// Starts a registration; the answer says nothing of the address.
pub async fn start(db: &Db, reg: &Registration, public_url: &str) -> Result<(), ApiError> {
    let hash = password::hash(&reg.password).await?;
    let email = reg.email.as_ref();
    if let Some((id, _)) = super::credentials(db, email).await? {
        let locale = super::load_me(db, id).await?.map(|m| m.language).unwrap_or(reg.language);
        return outbox::enqueue(db, email, t::REGISTER_TAKEN_SUBJECT.get(locale), &taken_body(locale, public_url))
            .await;
    }
    let token = new_token();
    sqlx::query(
        "INSERT INTO registrations (token_hash, email, display_name, language, password_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token_hash(&token))
    .bind(email)
    .bind(reg.display_name.as_ref())
    .bind(reg.language.code())
    .bind(hash)
    .bind(now())
    .bind(now() + TOKEN_TTL_SECS)
    .execute(&db.pool)
    .await
    .map_err(db_error)?;
    let l = reg.language;
    let link = format!("{public_url}/registrati/conferma?token={token}");
    let body = format!(
        "{} {},\n\n{}\n\n{link}\n\n{}\n",
        t::WELCOME.get(l),
        reg.display_name.as_ref(),
        t::REGISTER_CONFIRM_INTRO.get(l),
        t::REGISTER_CONFIRM_IGNORE.get(l)
    );
    outbox::enqueue(db, email, t::REGISTER_CONFIRM_SUBJECT.get(l), &body).await
}

fn taken_body(l: Locale, public_url: &str) -> String {
    format!(
        "{}\n\n{}: {public_url}/accedi\n{}: {public_url}/password/dimenticata\n\n{}\n",
        t::REGISTER_TAKEN_INTRO.get(l),
        t::NAV_SIGN_IN.get(l),
        t::FORGOT_PASSWORD.get(l),
        t::REGISTER_CONFIRM_IGNORE.get(l)
    )
}

/// Redeems the link: creates the account (a resident) and returns its id.
/// A link works once; one for an address that has meanwhile got an account
/// is spent and invalid.
pub async fn confirm(db: &Db, token: &str) -> Result<i64, ApiError> {
    let row = sqlx::query(
        "DELETE FROM registrations WHERE token_hash = $1 AND expires_at > $2 \
         RETURNING email, display_name, language, password_hash",
    )
    .bind(token_hash(token))
    .bind(now())
    .fetch_optional(&db.pool)
    .await
    .map_err(db_error)?
    .ok_or(ApiError::TokenInvalid)?;
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_error);
    let (email, name, language, hash) =
        (text("email")?, text("display_name")?, text("language")?, text("password_hash")?);
    let account = Account {
        email: &email,
        display_name: &name,
        language: Locale::parse(&language).unwrap_or_default(),
        password_hash: &hash,
    };
    match insert_person(db, &account, &[Role::Resident]).await {
        Err(ApiError::EmailTaken) => Err(ApiError::TokenInvalid),
        other => other,
    }
}

/// The retention purge's part: requests whose link has expired.
pub async fn purge_expired(db: &Db, at: i64) -> Result<u64, ApiError> {
    Ok(sqlx::query("DELETE FROM registrations WHERE expires_at < $1")
        .bind(at)
        .execute(&db.pool)
        .await
        .map_err(db_error)?
        .rows_affected())
}
