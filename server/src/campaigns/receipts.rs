//! Receipts as printable pages. A donor opens theirs through the link in the
//! receipt message, which carries an HMAC of the donation id with a secret
//! kept in the database (so every server process checks it alike); staff
//! open any receipt while signed in. Print or "save as PDF" from the page.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::errors::db_error;
use crate::settings;
use crate::text::html_escape;
use app::ssr::Backend;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use shared::campaigns::{receipt_number, PaymentMethod};
use shared::money::Cents;
use shared::{ApiError, Locale};
use sqlx::Row;

/// The database-held secret for receipt links, created on first use.
async fn secret(db: &Db) -> Result<String, ApiError> {
    let existing = sqlx::query("SELECT value FROM settings WHERE key = 'receipt_link_secret'")
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?;
    if let Some(r) = existing {
        return r.try_get("value").map_err(db_error);
    }
    let mut fresh = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut fresh);
    sqlx::query("INSERT INTO settings (key, value) VALUES ('receipt_link_secret', $1) ON CONFLICT (key) DO NOTHING")
        .bind(hex::encode(fresh))
        .execute(&db.pool)
        .await
        .map_err(db_error)?;
    settings::get(db, "receipt_link_secret").await
}

fn token_for(secret: &str, id: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("receipt:{id}").as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// The link a donor receives.
pub async fn link(db: &Db, id: i64, public_url: &str) -> Result<String, ApiError> {
    Ok(format!("{public_url}/ricevute/{id}?t={}", token_for(&secret(db).await?, id)))
}

#[derive(serde::Deserialize)]
pub struct TokenQuery {
    t: Option<String>,
}

pub async fn page(
    State(state): State<crate::state::AppState>,
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    Query(q): Query<TokenQuery>,
) -> Response {
    let db = &state.db;
    let staff = matches!(c.me().await, Ok(Some(me)) if me.is_staff());
    let token_ok = match (&q.t, secret(db).await) {
        (Some(t), Ok(s)) => {
            let expected = token_for(&s, id);
            // Constant-time comparison via the MAC of both sides.
            expected.len() == t.len() && expected.bytes().zip(t.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
        }
        _ => false,
    };
    if !staff && !token_ok {
        return (StatusCode::NOT_FOUND, Html(ApiError::NotFound.message(c.locale).to_owned())).into_response();
    }
    match render(db, id).await {
        Ok(html) => {
            let csp =
                "default-src 'self'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
            ([(header::CONTENT_SECURITY_POLICY, csp), (header::CACHE_CONTROL, "private, no-store")], Html(html))
                .into_response()
        }
        Err(e) => (
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            Html(e.message(c.locale).to_owned()),
        )
            .into_response(),
    }
}

/// The receipt in Italian, the language of the tax document.
async fn render(db: &Db, id: i64) -> Result<String, ApiError> {
    let r = sqlx::query(
        "SELECT d.donor_name, d.tax_code, d.amount_cents, d.method, d.message, c.title, rc.year, rc.number, rc.issued_at, \
           rc.cancelled_at, rc.cancel_reason \
         FROM donations d JOIN campaigns c ON c.id = d.campaign_id JOIN receipts rc ON rc.donation_id = d.id WHERE d.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
    .map_err(db_error)?
    .ok_or(ApiError::NotFound)?;
    let org = settings::organisation(db).await?;
    let get_s = |k: &str| r.try_get::<Option<String>, _>(k).ok().flatten().unwrap_or_default();
    let method = PaymentMethod::parse(&get_s("method")).ok_or(ApiError::Internal)?;
    let amount: i64 = r.try_get("amount_cents").map_err(db_error)?;
    let year: i64 = r.try_get("year").map_err(db_error)?;
    let number: i64 = r.try_get("number").map_err(db_error)?;
    let issued: i64 = r.try_get("issued_at").map_err(db_error)?;
    let cancelled: Option<i64> = r.try_get("cancelled_at").map_err(db_error)?;
    let statement = if method.tax_deductible() {
        "Erogazione liberale effettuata con strumento tracciabile, detraibile o deducibile ai sensi dell'art. 83 \
         del D.Lgs. 3 luglio 2017, n. 117 (Codice del Terzo settore), nei limiti e alle condizioni previsti dalla legge."
    } else {
        "Erogazione in contanti: non dà diritto alle agevolazioni dell'art. 83 del D.Lgs. 117/2017, che richiedono \
         un pagamento tracciabile."
    };
    let in_kind = if method == PaymentMethod::InKind {
        format!(
            "<p><strong>Beni donati:</strong> {} (valore dichiarato dal donatore)</p>",
            html_escape(&get_s("message"))
        )
    } else {
        String::new()
    };
    let cancelled = cancelled.map_or(String::new(), |at| {
        format!(
            r#"<p class="alert alert-error"><strong>RICEVUTA ANNULLATA</strong> il {} — motivo: {}</p>"#,
            shared::time::format_date(at, Locale::It),
            html_escape(&get_s("cancel_reason"))
        )
    });
    let tax_code = match get_s("tax_code") {
        t if t.is_empty() => String::new(),
        t => format!("<br>Codice fiscale: {}", html_escape(&t)),
    };
    Ok(format!(
        r#"<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ricevuta n. {number} · Legami</title><link rel="stylesheet" href="/pkg/legami.css"></head>
<body class="receipt-page"><main id="main" class="receipt">
<header><p><strong>{org_name}</strong><br>{org_address}<br>Codice fiscale: {org_tax}</p></header>
<h1>Ricevuta n. {number}</h1>
{cancelled}
<p>Data: {date}</p>
<p>Si dichiara di aver ricevuto da <strong>{donor}</strong>{tax_code}</p>
<p class="receipt-amount">la somma di <strong>{amount}</strong></p>
<p>a titolo di erogazione liberale per la campagna «{campaign}».<br>Modalità di pagamento: {method}.</p>
{in_kind}
<p class="receipt-statement">{statement}</p>
</main></body></html>"#,
        number = receipt_number(year as i32, number),
        org_name = html_escape(&org.name),
        org_address = html_escape(&org.address),
        org_tax = html_escape(&org.tax_code),
        date = shared::time::format_date(issued, Locale::It),
        donor = html_escape(&get_s("donor_name")),
        amount = Cents(amount).format(Locale::It),
        campaign = html_escape(&get_s("title")),
        method = method.text().get(Locale::It),
    ))
}
