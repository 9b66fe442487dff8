//! Demo data: districts (labelled as demo, since their real membership is
//! set by the Piani di Zona and managed by admins) and one person per role.

use crate::auth;
use crate::db::Db;
use crate::errors::db_error;
use rand::Rng;
use shared::people::{DisplayName, Email, Password, Registration, Role};
use shared::{ApiError, Locale};
use sqlx::Row;

/// Demo grouping by rough geography: the north-west around Crema, the
/// south-east around Casalmaggiore, the rest around Cremona. Not the real
/// Piani di Zona lists, which is why each district is flagged as demo.
fn demo_district(min_lon: f64, min_lat: f64, max_lon: f64, max_lat: f64) -> &'static str {
    let (lon, lat) = ((min_lon + max_lon) / 2.0, (min_lat + max_lat) / 2.0);
    if lat > 45.25 && lon < 9.85 {
        "Cremasco"
    } else if lon > 10.25 {
        "Casalasco"
    } else {
        "Cremonese"
    }
}

pub async fn demo_districts(db: &Db) -> Result<(), ApiError> {
    for name in ["Cremonese", "Cremasco", "Casalasco"] {
        sqlx::query("INSERT INTO districts (name, is_demo) VALUES ($1, 1) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .execute(&db.pool)
            .await
            .map_err(db_error)?;
    }
    let rows = sqlx::query(
        "SELECT istat_code, min_lon, min_lat, max_lon, max_lat FROM municipalities WHERE district_id IS NULL",
    )
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    for r in rows {
        let code: String = r.try_get("istat_code").map_err(db_error)?;
        let b: [f64; 4] = [
            r.try_get("min_lon").map_err(db_error)?,
            r.try_get("min_lat").map_err(db_error)?,
            r.try_get("max_lon").map_err(db_error)?,
            r.try_get("max_lat").map_err(db_error)?,
        ];
        sqlx::query(
            "UPDATE municipalities SET district_id = (SELECT id FROM districts WHERE name = $1) WHERE istat_code = $2",
        )
        .bind(demo_district(b[0], b[1], b[2], b[3]))
        .bind(code)
        .execute(&db.pool)
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

/// The demo people: email, name, roles.
pub const DEMO_PEOPLE: [(&str, &str, &[Role]); 4] = [
    ("admin@legami.demo", "Alessandra Admin", &[Role::Admin, Role::Staff]),
    ("staff@legami.demo", "Stefano Operatore", &[Role::Staff]),
    ("valutatore@legami.demo", "Vera Valutatrice", &[Role::Evaluator]),
    ("residente@legami.demo", "Rita Residente", &[Role::Resident]),
];

/// Creates the demo people that do not exist yet and returns their
/// `(email, password)`. `password` fixes one password for all (tests);
/// otherwise each gets a random one.
pub async fn demo_people(db: &Db, password: Option<&str>) -> Result<Vec<(String, String)>, ApiError> {
    let mut created = Vec::new();
    for (email, name, roles) in DEMO_PEOPLE {
        if auth::credentials(db, email).await?.is_some() {
            continue;
        }
        let pw = password.map(str::to_owned).unwrap_or_else(random_password);
        let reg = Registration {
            email: Email::parse(email).map_err(|_| ApiError::Internal)?,
            password: Password::parse(&pw).map_err(|_| ApiError::Internal)?,
            display_name: DisplayName::parse(name).map_err(|_| ApiError::Internal)?,
            language: Locale::It,
        };
        auth::create_person(db, &reg, roles).await?;
        created.push((email.to_owned(), pw));
    }
    Ok(created)
}

fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..16).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_districts_by_geography() {
        assert_eq!(demo_district(9.65, 45.34, 9.72, 45.39), "Cremasco"); // Crema
        assert_eq!(demo_district(9.95, 45.10, 10.10, 45.17), "Cremonese"); // Cremona
        assert_eq!(demo_district(10.38, 44.95, 10.46, 45.02), "Casalasco"); // Casalmaggiore
    }
}
