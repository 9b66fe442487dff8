//! People, roles, sign-in and password reset: the operations behind both the
//! server functions and the HTTP API.

pub mod password;
pub mod rate_limit;
pub mod registration;
pub mod reset;
pub mod session_store;

use crate::db::{now, Db};
use crate::errors::db_error;
use shared::people::{Me, Registration, Role};
use shared::{ApiError, Locale};
use sqlx::Row;

/// Loads a person with their roles.
pub async fn load_me(db: &Db, person_id: i64) -> Result<Option<Me>, ApiError> {
    let row = sqlx::query("SELECT id, email, display_name, language FROM people WHERE id = $1 AND erased_at IS NULL")
        .bind(person_id)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?;
    let Some(row) = row else { return Ok(None) };
    let language: String = row.try_get("language").map_err(db_error)?;
    Ok(Some(Me {
        id: row.try_get("id").map_err(db_error)?,
        email: row.try_get("email").map_err(db_error)?,
        display_name: row.try_get("display_name").map_err(db_error)?,
        language: Locale::parse(&language).unwrap_or_default(),
        roles: roles_of(db, person_id).await?,
    }))
}

pub async fn roles_of(db: &Db, person_id: i64) -> Result<Vec<Role>, ApiError> {
    let rows = sqlx::query("SELECT role FROM person_roles WHERE person_id = $1 ORDER BY role")
        .bind(person_id)
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    let mut roles: Vec<Role> =
        rows.iter().filter_map(|r| r.try_get::<String, _>("role").ok()).filter_map(|r| Role::parse(&r)).collect();
    roles.sort();
    Ok(roles)
}

/// `(id, password hash)` of the account with this (normalised) email.
pub async fn credentials(db: &Db, email: &str) -> Result<Option<(i64, String)>, ApiError> {
    let row = sqlx::query("SELECT id, password_hash FROM people WHERE email = $1")
        .bind(email)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?;
    row.map(|r| Ok((r.try_get("id").map_err(db_error)?, r.try_get("password_hash").map_err(db_error)?))).transpose()
}

/// Creates a person with the given roles, in one transaction.
pub async fn create_person(db: &Db, reg: &Registration, roles: &[Role]) -> Result<i64, ApiError> {
    let hash = password::hash(&reg.password).await?;
    insert_person(
        db,
        &Account {
            email: reg.email.as_ref(),
            display_name: reg.display_name.as_ref(),
            language: reg.language,
            password_hash: &hash,
        },
        roles,
    )
    .await
}

/// A person's row as stored, the password already hashed.
pub struct Account<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub language: Locale,
    pub password_hash: &'a str,
}

/// Inserts a person with the given roles, in one transaction
/// (`EmailTaken` when the address has an account).
pub async fn insert_person(db: &Db, account: &Account<'_>, roles: &[Role]) -> Result<i64, ApiError> {
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    let inserted = sqlx::query(
        "INSERT INTO people (email, password_hash, display_name, language, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(account.email)
    .bind(account.password_hash)
    .bind(account.display_name)
    .bind(account.language.code())
    .bind(now())
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get("id").map_err(db_error)?,
        Err(e) if crate::db::is_unique_violation(&e) => return Err(ApiError::EmailTaken),
        Err(e) => return Err(db_error(e)),
    };
    for role in roles {
        sqlx::query("INSERT INTO person_roles (person_id, role, granted_at) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(role.code())
            .bind(now())
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
    }
    tx.commit().await.map_err(db_error)?;
    Ok(id)
}

pub async fn set_password(db: &Db, person_id: i64, hash: &str) -> Result<(), ApiError> {
    sqlx::query("UPDATE people SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(person_id)
        .execute(&db.pool)
        .await
        .map_err(db_error)?;
    Ok(())
}

pub async fn set_language(db: &Db, person_id: i64, locale: Locale) -> Result<(), ApiError> {
    sqlx::query("UPDATE people SET language = $1 WHERE id = $2")
        .bind(locale.code())
        .bind(person_id)
        .execute(&db.pool)
        .await
        .map_err(db_error)?;
    Ok(())
}

/// Grants or revokes a role. Refuses to remove the last administrator, so
/// nobody can lock the organisation out of its own instance.
pub async fn set_role(db: &Db, by: i64, person_id: i64, role: Role, granted: bool) -> Result<(), ApiError> {
    if load_me(db, person_id).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    if granted {
        sqlx::query(
            "INSERT INTO person_roles (person_id, role, granted_at, granted_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (person_id, role) DO NOTHING",
        )
        .bind(person_id)
        .bind(role.code())
        .bind(now())
        .bind(by)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    } else {
        sqlx::query("DELETE FROM person_roles WHERE person_id = $1 AND role = $2")
            .bind(person_id)
            .bind(role.code())
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        if role == Role::Admin {
            an_admin_remains(&mut tx).await?;
        }
    }
    tx.commit().await.map_err(db_error)?;
    tracing::info!(by, person_id, role = role.code(), granted, "role changed");
    Ok(())
}

/// Inside a transaction that took the admin role from someone: refuses it
/// (`LastAdmin`) when no administrator is left, so nobody can lock the
/// organisation out of its own instance (dropping the transaction rolls back).
pub async fn an_admin_remains(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> Result<(), ApiError> {
    let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM person_roles WHERE role = 'admin'")
        .fetch_one(&mut **tx)
        .await
        .and_then(|r| r.try_get("n"))
        .map_err(db_error)?;
    if left == 0 {
        return Err(ApiError::LastAdmin);
    }
    Ok(())
}

/// Everyone (but erased accounts), with their roles, newest first.
pub async fn list_people(db: &Db) -> Result<Vec<shared::dto::PersonRow>, ApiError> {
    let people = sqlx::query(
        "SELECT id, email, display_name, language, created_at FROM people WHERE erased_at IS NULL ORDER BY id DESC",
    )
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    let roles = sqlx::query("SELECT person_id, role FROM person_roles").fetch_all(&db.pool).await.map_err(db_error)?;
    let mut by_person: std::collections::HashMap<i64, Vec<Role>> = std::collections::HashMap::new();
    for r in &roles {
        let id: i64 = r.try_get("person_id").map_err(db_error)?;
        let role: String = r.try_get("role").map_err(db_error)?;
        if let Some(role) = Role::parse(&role) {
            by_person.entry(id).or_default().push(role);
        }
    }
    people
        .iter()
        .map(|r| {
            let id: i64 = r.try_get("id").map_err(db_error)?;
            let language: String = r.try_get("language").map_err(db_error)?;
            let mut roles = by_person.remove(&id).unwrap_or_default();
            roles.sort();
            Ok(shared::dto::PersonRow {
                id,
                email: r.try_get("email").map_err(db_error)?,
                display_name: r.try_get("display_name").map_err(db_error)?,
                language: Locale::parse(&language).unwrap_or_default(),
                roles,
                created_at: r.try_get("created_at").map_err(db_error)?,
            })
        })
        .collect()
}
