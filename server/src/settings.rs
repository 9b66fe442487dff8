//! Organisation settings (name, address, tax code, IBAN, gift limit),
//! stored in the database so that admins change them without a release.

use crate::db::Db;
use crate::errors::db_error;
use shared::money::Cents;
use shared::ApiError;
use sqlx::Row;

/// Keys and the defaults used until an admin sets them.
pub const DEFAULTS: [(&str, &str); 6] = [
    ("org_name", "Fondazione Comunitaria della Provincia di Cremona (demo)"),
    ("org_address", "Via Esempio 1, 26100 Cremona (CR)"),
    ("org_tax_code", "00000000000"),
    ("org_iban", "IT60X0542811101000000123456"),
    ("org_bank", "Banca di esempio"),
    ("max_gift_cents", "1000000"),
];

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Organisation {
    pub name: String,
    pub address: String,
    pub tax_code: String,
    pub iban: String,
    pub bank: String,
    pub max_gift: Cents,
}

pub async fn get(db: &Db, key: &str) -> Result<String, ApiError> {
    let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?;
    match row {
        Some(r) => r.try_get("value").map_err(db_error),
        None => Ok(DEFAULTS.iter().find(|(k, _)| *k == key).map(|(_, v)| v.to_string()).unwrap_or_default()),
    }
}

pub async fn set(db: &Db, key: &str, value: &str) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&db.pool)
    .await
    .map_err(db_error)?;
    Ok(())
}

pub async fn organisation(db: &Db) -> Result<Organisation, ApiError> {
    Ok(Organisation {
        name: get(db, "org_name").await?,
        address: get(db, "org_address").await?,
        tax_code: get(db, "org_tax_code").await?,
        iban: get(db, "org_iban").await?,
        bank: get(db, "org_bank").await?,
        max_gift: Cents(get(db, "max_gift_cents").await?.parse().unwrap_or(1_000_000)),
    })
}
