//! Erasure (GDPR art. 17). The person asks from their profile; when nothing
//! they gave or submitted is under legal retention it runs at once, else an
//! admin carries it out. Either way the same [`carry_out`] runs, in one
//! transaction:
//! - the account keeps its row (the ledger, receipts and audit logs point at
//!   it) with e-mail, name and password replaced, and loses its roles,
//!   sessions, reset links, sign-in attempts and messages;
//! - gifts become anonymous amounts: the ledger is untouched, so every total
//!   stays what it was; a gift with a receipt keeps the name and tax code the
//!   receipt was issued to, readable by admins only, until the retention
//!   purge ([`anonymise_old_receipts`]) blanks them after ten years;
//! - draft applications are deleted with their files; submitted ones stay in
//!   the call's records, now without a name;
//! - the `erasures` row records that an erasure happened, by whom and when,
//!   and nothing of what was erased.

use crate::db::{now, Db};
use crate::errors::db_error;
use crate::state::AppState;
use shared::privacy::{ErasureOutcome, ErasureRow, Retained, RECEIPTS_KEPT_SECS};
use shared::ApiError;
use sqlx::Row;

/// When the person's open request was made, if there is one.
pub async fn open_request(db: &Db, person_id: i64) -> Result<Option<i64>, ApiError> {
    let row = sqlx::query("SELECT requested_at FROM erasures WHERE person_id = $1 AND carried_out_at IS NULL")
        .bind(person_id)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?;
    row.map(|r| r.try_get("requested_at").map_err(db_error)).transpose()
}

/// What the law requires Legami to keep of this person.
async fn retained(db: &Db, person_id: i64) -> Result<Retained, ApiError> {
    let row = sqlx::query(
        "SELECT \
           (SELECT COUNT(*) FROM receipts r JOIN donations d ON d.id = r.donation_id \
             WHERE (d.person_id = $1 OR d.email = (SELECT email FROM people WHERE id = $1)) AND d.erased_at IS NULL) AS receipts, \
           (SELECT COUNT(*) FROM applications WHERE applicant_id = $1 AND state <> 'draft') AS applications",
    )
    .bind(person_id)
    .fetch_one(&db.pool)
    .await
    .map_err(db_error)?;
    Ok(Retained {
        receipts: row.try_get("receipts").map_err(db_error)?,
        applications: row.try_get("applications").map_err(db_error)?,
    })
}

/// The person asks for erasure: carried out at once when nothing is
/// retained, else recorded for an admin (asking twice changes nothing).
pub async fn request(state: &AppState, person_id: i64) -> Result<ErasureOutcome, ApiError> {
    let db = &state.db;
    let outcome = retained(db, person_id).await?.outcome();
    let inserted = sqlx::query("INSERT INTO erasures (person_id, requested_at) VALUES ($1, $2) RETURNING id")
        .bind(person_id)
        .bind(now())
        .fetch_one(&db.pool)
        .await;
    let id: i64 = match inserted {
        Ok(r) => r.try_get("id").map_err(db_error)?,
        // One open request per person (a unique index): it is already asked.
        Err(e) if crate::db::is_unique_violation(&e) => return Ok(ErasureOutcome::Requested),
        Err(e) => return Err(db_error(e)),
    };
    tracing::info!(erasure = id, "erasure requested");
    if outcome == ErasureOutcome::Done {
        if let Err(e) = carry_out(state, id, person_id).await {
            // Refused (the last admin): no request is left waiting.
            sqlx::query("DELETE FROM erasures WHERE id = $1 AND carried_out_at IS NULL")
                .bind(id)
                .execute(&db.pool)
                .await
                .map_err(db_error)?;
            return Err(e);
        }
    }
    Ok(outcome)
}

/// Carries out erasure request `id` on behalf of `by` (an admin, or the
/// person themselves when nothing is retained).
pub async fn carry_out(state: &AppState, id: i64, by: i64) -> Result<(), ApiError> {
    let db = &state.db;
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    let at = now();
    // Claims the request first, so two admins (or servers) cannot both run it.
    let claimed = sqlx::query(
        "UPDATE erasures SET carried_out_at = $1, carried_out_by = $2 \
         WHERE id = $3 AND carried_out_at IS NULL RETURNING person_id",
    )
    .bind(at)
    .bind(by)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_error)?;
    let Some(claimed) = claimed else {
        let exists = sqlx::query("SELECT 1 AS one FROM erasures WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await
            .map_err(db_error)?;
        return Err(if exists.is_some() { ApiError::InvalidTransition } else { ApiError::NotFound });
    };
    let person: i64 = claimed.try_get("person_id").map_err(db_error)?;
    let email: String = sqlx::query("SELECT email FROM people WHERE id = $1")
        .bind(person)
        .fetch_one(&mut *tx)
        .await
        .and_then(|r| r.try_get("email"))
        .map_err(db_error)?;
    // The admin role first: refused (the whole erasure with it) if it was the last.
    let was_admin = sqlx::query("DELETE FROM person_roles WHERE person_id = $1 AND role = 'admin'")
        .bind(person)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?
        .rows_affected()
        > 0;
    if was_admin {
        crate::auth::an_admin_remains(&mut tx).await?;
    }
    anonymise_gifts(&mut tx, person, &email, at).await?;
    let files = delete_drafts(&mut tx, person).await?;
    for sql in [
        "DELETE FROM person_roles WHERE person_id = $1",
        "DELETE FROM sessions WHERE person_id = $1",
        "DELETE FROM password_resets WHERE person_id = $1",
    ] {
        sqlx::query(sql).bind(person).execute(&mut *tx).await.map_err(db_error)?;
    }
    for sql in ["DELETE FROM login_attempts WHERE email = $1", "DELETE FROM outbox WHERE recipient = $1"] {
        sqlx::query(sql).bind(&email).execute(&mut *tx).await.map_err(db_error)?;
    }
    // The address is made unique and undeliverable; '!' is no argon2 hash,
    // so no password can ever match it.
    sqlx::query("UPDATE people SET email = $1, display_name = '', password_hash = '!', erased_at = $2 WHERE id = $3")
        .bind(format!("erased-{person}@erased.invalid"))
        .bind(at)
        .bind(person)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    for key in files {
        // After the commit: a file left behind by a failed delete is an
        // orphan, never a draft pointing at a missing file.
        let _ = state.storage.delete(&key).await;
    }
    tracing::info!(erasure = id, by, "erasure carried out");
    Ok(())
}

/// Gifts become anonymous amounts; the ledger is not touched.
async fn anonymise_gifts(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    person: i64,
    email: &str,
    at: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE donations SET \
           donor_name = CASE WHEN EXISTS (SELECT 1 FROM receipts r WHERE r.donation_id = donations.id) \
             THEN donor_name ELSE '' END, \
           tax_code = CASE WHEN EXISTS (SELECT 1 FROM receipts r WHERE r.donation_id = donations.id) \
             THEN tax_code ELSE NULL END, \
           email = '', message = NULL, anonymous = 1, person_id = NULL, erased_at = $1 \
         WHERE person_id = $2 OR email = $3",
    )
    .bind(at)
    .bind(person)
    .bind(email)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(())
}

/// Deletes the person's draft applications (their rows cascade); returns
/// the storage keys of their files.
async fn delete_drafts(tx: &mut sqlx::Transaction<'_, sqlx::Any>, person: i64) -> Result<Vec<String>, ApiError> {
    let rows = sqlx::query(
        "SELECT f.storage_key FROM application_attachments f JOIN applications a ON a.id = f.application_id \
         WHERE a.applicant_id = $1 AND a.state = 'draft'",
    )
    .bind(person)
    .fetch_all(&mut **tx)
    .await
    .map_err(db_error)?;
    let keys = rows.iter().map(|r| r.try_get("storage_key")).collect::<Result<Vec<String>, _>>().map_err(db_error)?;
    sqlx::query("DELETE FROM applications WHERE applicant_id = $1 AND state = 'draft'")
        .bind(person)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    Ok(keys)
}

/// Every request, open ones first, with what stays of each person.
pub async fn list(db: &Db) -> Result<Vec<ErasureRow>, ApiError> {
    let rows = sqlx::query(
        "SELECT e.id, e.person_id, e.requested_at, e.carried_out_at, p.display_name, p.email, p.erased_at, \
           (SELECT COUNT(*) FROM receipts r JOIN donations d ON d.id = r.donation_id \
             WHERE d.person_id = p.id OR (d.email = p.email AND d.erased_at IS NULL)) AS receipts, \
           (SELECT COUNT(*) FROM applications a WHERE a.applicant_id = p.id AND a.state <> 'draft') AS applications \
         FROM erasures e JOIN people p ON p.id = e.person_id \
         ORDER BY CASE WHEN e.carried_out_at IS NULL THEN 0 ELSE 1 END, e.requested_at DESC",
    )
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let erased = r.try_get::<Option<i64>, _>("erased_at")?.is_some();
            let personal =
                |col: &str| -> Result<String, sqlx::Error> { Ok(if erased { String::new() } else { r.try_get(col)? }) };
            Ok(ErasureRow {
                id: r.try_get("id")?,
                person_id: r.try_get("person_id")?,
                display_name: personal("display_name")?,
                email: personal("email")?,
                requested_at: r.try_get("requested_at")?,
                carried_out_at: r.try_get("carried_out_at")?,
                receipts: r.try_get("receipts")?,
                applications: r.try_get("applications")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(db_error)
}

/// The retention purge's part: receipts of erased gifts issued more than
/// ten years before `at` lose the donor's name and tax code.
pub async fn anonymise_old_receipts(db: &Db, at: i64) -> Result<u64, ApiError> {
    Ok(sqlx::query(
        "UPDATE donations SET donor_name = '', tax_code = NULL \
         WHERE erased_at IS NOT NULL AND (donor_name <> '' OR tax_code IS NOT NULL) \
           AND id IN (SELECT donation_id FROM receipts WHERE issued_at < $1)",
    )
    .bind(at - RECEIPTS_KEPT_SECS)
    .execute(&db.pool)
    .await
    .map_err(db_error)?
    .rows_affected())
}
