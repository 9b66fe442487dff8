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

pub use shared::settings::Organisation;

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

/// All organisation settings in one query (giving reads them on every gift).
pub async fn organisation(db: &Db) -> Result<Organisation, ApiError> {
    let rows = sqlx::query("SELECT key, value FROM settings WHERE key LIKE 'org_%' OR key = 'max_gift_cents'")
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    let stored: std::collections::HashMap<String, String> =
        rows.iter().filter_map(|r| Some((r.try_get("key").ok()?, r.try_get("value").ok()?))).collect();
    let value = |key: &str| {
        stored
            .get(key)
            .cloned()
            .or_else(|| DEFAULTS.iter().find(|(k, _)| *k == key).map(|(_, v)| v.to_string()))
            .unwrap_or_default()
    };
    Ok(Organisation {
        name: value("org_name"),
        address: value("org_address"),
        tax_code: value("org_tax_code"),
        iban: value("org_iban"),
        bank: value("org_bank"),
        max_gift: Cents(value("max_gift_cents").parse().unwrap_or(1_000_000)),
    })
}

/// Writes every organisation setting in one transaction, so a reader never
/// sees half of a change.
pub async fn save(db: &Db, org: &Organisation) -> Result<(), ApiError> {
    let max_gift = org.max_gift.0.to_string();
    let values = [
        ("org_name", org.name.as_str()),
        ("org_address", org.address.as_str()),
        ("org_tax_code", org.tax_code.as_str()),
        ("org_iban", org.iban.as_str()),
        ("org_bank", org.bank.as_str()),
        ("max_gift_cents", max_gift.as_str()),
    ];
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    for (key, value) in values {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    }
    tx.commit().await.map_err(db_error)
}
