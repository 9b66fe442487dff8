//! Attachments of an application: accepted by their bytes (PDF, ODT, DOCX,
//! JPEG, PNG; at most 10 MB and 5 per application), stored through
//! `storage.rs` under random names outside the web root, downloaded only by
//! those who may read the application.

use super::{col, Application};
use crate::db::{now, Db};
use crate::errors::db_error;
use crate::storage::Storage;
use shared::applications::{
    anonymous_file_name, check_attachment, display_file_name, AttachmentKind, AttachmentRow, MAX_ATTACHMENTS,
};
use shared::error::ValidationCode;
use shared::{ApiError, Locale};

/// Adds a file to `app` for `person` (who may edit it: checked by the
/// caller). The count is checked again under the application's row lock,
/// so parallel uploads cannot pass the limit together.
pub async fn upload(
    db: &Db,
    storage: &Storage,
    app: &Application,
    person: i64,
    name: &str,
    bytes: Vec<u8>,
) -> Result<AttachmentRow, ApiError> {
    let kind = check_attachment(&bytes, count(db, app.id).await?).map_err(refusal)?;
    let size = bytes.len() as i64;
    let key = storage.put_new("applications", kind.extension(), bytes).await?;
    match insert(db, app.id, person, &key, kind, &display_file_name(name), size).await {
        Ok(row) => Ok(row),
        Err(e) => {
            // Nothing refers to the file: do not keep it.
            let _ = storage.delete(&key).await;
            Err(e)
        }
    }
}

/// Too large is 413, as when the body limit stops a larger upload.
fn refusal(code: ValidationCode) -> ApiError {
    match code {
        ValidationCode::FileTooLarge => ApiError::PayloadTooLarge,
        code => ApiError::validation("attachments", code),
    }
}

async fn count(db: &Db, app_id: i64) -> Result<usize, ApiError> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM application_attachments WHERE application_id = $1")
        .bind(app_id)
        .fetch_one(&db.pool)
        .await
        .map_err(db_error)?;
    Ok(col::<i64>(&row, "n")?.max(0) as usize)
}

async fn insert(
    db: &Db,
    app_id: i64,
    person: i64,
    key: &str,
    kind: AttachmentKind,
    name: &str,
    size: i64,
) -> Result<AttachmentRow, ApiError> {
    let t = now();
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    // Writing the row first takes its lock (PostgreSQL) or the write lock
    // (SQLite) before counting.
    sqlx::query("UPDATE applications SET updated_at = updated_at WHERE id = $1")
        .bind(app_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    let n: i64 = col(
        &sqlx::query("SELECT COUNT(*) AS n FROM application_attachments WHERE application_id = $1")
            .bind(app_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_error)?,
        "n",
    )?;
    if n as usize >= MAX_ATTACHMENTS {
        return Err(ApiError::validation("attachments", ValidationCode::TooManyFiles));
    }
    let row = sqlx::query(
        "INSERT INTO application_attachments (application_id, storage_key, kind, name, size_bytes, uploaded_by, \
           created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(app_id)
    .bind(key)
    .bind(kind.code())
    .bind(name)
    .bind(size)
    .bind(person)
    .bind(t)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(AttachmentRow { id: col(&row, "id")?, name: name.to_owned(), kind, size_bytes: size, uploaded_at: t })
}

/// The files of an application; without `named` (a reader who may not
/// learn who applied) listed as "Allegato 1", "Allegato 2"…, since a file's
/// own name often carries the applicant's.
pub async fn list(db: &Db, app_id: i64, named: bool, locale: Locale) -> Result<Vec<AttachmentRow>, ApiError> {
    let rows = sqlx::query(
        "SELECT id, name, kind, size_bytes, created_at FROM application_attachments \
         WHERE application_id = $1 ORDER BY id",
    )
    .bind(app_id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            Ok(AttachmentRow {
                id: col(r, "id")?,
                name: if named { col(r, "name")? } else { anonymous_file_name(i, locale) },
                kind: AttachmentKind::parse(&col::<String>(r, "kind")?).ok_or(ApiError::Internal)?,
                size_bytes: col(r, "size_bytes")?,
                uploaded_at: col(r, "created_at")?,
            })
        })
        .collect()
}

/// The bytes of one attachment of `app_id` (another application's file
/// id is not found).
pub async fn file(
    db: &Db,
    storage: &Storage,
    app_id: i64,
    file_id: i64,
) -> Result<(AttachmentKind, Vec<u8>), ApiError> {
    let row =
        sqlx::query("SELECT storage_key, kind FROM application_attachments WHERE id = $1 AND application_id = $2")
            .bind(file_id)
            .bind(app_id)
            .fetch_optional(&db.pool)
            .await
            .map_err(db_error)?
            .ok_or(ApiError::NotFound)?;
    let kind = AttachmentKind::parse(&col::<String>(&row, "kind")?).ok_or(ApiError::Internal)?;
    Ok((kind, storage.get(&col::<String>(&row, "storage_key")?).await?))
}

/// Removes an attachment of an editable application.
pub async fn delete(db: &Db, storage: &Storage, app_id: i64, file_id: i64) -> Result<(), ApiError> {
    let row =
        sqlx::query("DELETE FROM application_attachments WHERE id = $1 AND application_id = $2 RETURNING storage_key")
            .bind(file_id)
            .bind(app_id)
            .fetch_optional(&db.pool)
            .await
            .map_err(db_error)?
            .ok_or(ApiError::NotFound)?;
    storage.delete(&col::<String>(&row, "storage_key")?).await
}
