//! Districts (ambiti) and themes: reference lists admins edit.

use super::province::province;
use super::sql::{Arg, Sql};
use crate::db::{is_unique_violation, now, Db};
use crate::errors::db_error;
use shared::error::ValidationCode;
use shared::labs::{District, Theme, ThemeKey, ValidDistrict};
use shared::ApiError;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

/// Every district with its municipalities, by name.
pub async fn list(db: &Db) -> Result<Vec<District>, ApiError> {
    let rows = sqlx::query("SELECT id, name, description, is_demo FROM districts ORDER BY name")
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    let members = sqlx::query(
        "SELECT istat_code, district_id FROM municipalities WHERE district_id IS NOT NULL ORDER BY istat_code",
    )
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    let mut by_district: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for r in members {
        let district: i64 = r.try_get("district_id").map_err(db_error)?;
        by_district.entry(district).or_default().push(r.try_get("istat_code").map_err(db_error)?);
    }
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            Ok(District {
                id,
                name: r.try_get("name")?,
                description: r.try_get("description")?,
                is_demo: r.try_get::<i64, _>("is_demo")? != 0,
                municipalities: by_district.remove(&id).unwrap_or_default(),
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(db_error)
}

pub async fn get(db: &Db, id: i64) -> Result<District, ApiError> {
    list(db).await?.into_iter().find(|d| d.id == id).ok_or(ApiError::NotFound)
}

/// The municipalities are the embedded 113: an unknown code is a wrong choice.
fn check_codes(d: &ValidDistrict) -> Result<(), ApiError> {
    match d.municipalities.iter().all(|c| province().get(c.as_ref()).is_some()) {
        true => Ok(()),
        false => Err(ApiError::validation("municipalities", ValidationCode::Choice)),
    }
}

fn name_error(e: sqlx::Error) -> ApiError {
    if is_unique_violation(&e) {
        ApiError::validation("name", ValidationCode::NameTaken)
    } else {
        db_error(e)
    }
}

/// Makes `codes` the exact membership of `district`. The column
/// `municipalities.district_id` holds one district, so taking a
/// municipality here removes it from any other.
async fn set_members(conn: &mut AnyConnection, district: i64, d: &ValidDistrict) -> Result<(), ApiError> {
    sqlx::query("UPDATE municipalities SET district_id = NULL WHERE district_id = $1")
        .bind(district)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    if d.municipalities.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::default();
    let id = sql.arg(Arg::Int(district));
    let codes: Vec<String> = d.municipalities.iter().map(|c| sql.arg(Arg::Text(c.as_ref().to_owned()))).collect();
    sql.push(&format!("UPDATE municipalities SET district_id = {id} WHERE istat_code IN ({})", codes.join(", ")));
    sql.query().execute(&mut *conn).await.map_err(db_error)?;
    Ok(())
}

pub async fn create(db: &Db, d: &ValidDistrict) -> Result<i64, ApiError> {
    check_codes(d)?;
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    let id: i64 = sqlx::query(
        "INSERT INTO districts (name, description, is_demo, created_at) VALUES ($1, $2, 0, $3) RETURNING id",
    )
    .bind(&d.name)
    .bind(d.description.as_deref())
    .bind(now())
    .fetch_one(&mut *tx)
    .await
    .and_then(|r| r.try_get("id"))
    .map_err(name_error)?;
    set_members(&mut tx, id, d).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(id)
}

pub async fn update(db: &Db, id: i64, d: &ValidDistrict) -> Result<(), ApiError> {
    check_codes(d)?;
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    let done = sqlx::query("UPDATE districts SET name = $1, description = $2 WHERE id = $3")
        .bind(&d.name)
        .bind(d.description.as_deref())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(name_error)?;
    if done.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    set_members(&mut tx, id, d).await?;
    tx.commit().await.map_err(db_error)
}

pub async fn themes(db: &Db) -> Result<Vec<Theme>, ApiError> {
    let rows = sqlx::query("SELECT key, label_it, label_en FROM themes ORDER BY sort_order, key")
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let key: String = r.try_get("key").map_err(db_error)?;
            Ok(Theme {
                key: ThemeKey::parse(&key).map_err(|_| ApiError::Internal)?,
                label_it: r.try_get("label_it").map_err(db_error)?,
                label_en: r.try_get("label_en").map_err(db_error)?,
            })
        })
        .collect()
}

/// Renames a theme, or adds it at the end of the list.
pub async fn save_theme(db: &Db, theme: &Theme) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO themes (key, label_it, label_en, sort_order) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM themes)) \
         ON CONFLICT (key) DO UPDATE SET label_it = excluded.label_it, label_en = excluded.label_en",
    )
    .bind(theme.key.as_ref())
    .bind(&theme.label_it)
    .bind(&theme.label_en)
    .execute(&db.pool)
    .await
    .map_err(db_error)?;
    Ok(())
}
