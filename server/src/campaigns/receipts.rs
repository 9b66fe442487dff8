//! Receipts as a printable page and as a PDF file. A donor opens theirs
//! through the link in the receipt message, which carries an HMAC of the
//! donation id with a secret kept in the database (so every server process
//! checks it alike); staff open any receipt while signed in. Both formats
//! are rendered from one [`Receipt`], read once from the database.

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

/// Whether the caller may see receipt `id`: staff, or the holder of its
/// link. The receipt of an erased donor's gift is kept only because the law
/// requires it: admins alone may read it, and the link no longer opens it.
async fn allowed(db: &Db, c: &crate::ctx::RequestCtx, id: i64, token: Option<&str>) -> bool {
    let me = c.me().await.ok().flatten();
    match erased(db, id).await {
        Ok(false) => {}
        Ok(true) => return me.is_some_and(|m| m.has(shared::people::Role::Admin)),
        Err(_) => return false,
    }
    if me.is_some_and(|m| m.is_staff()) {
        return true;
    }
    match (token, secret(db).await) {
        (Some(t), Ok(s)) => {
            let expected = token_for(&s, id);
            // Constant time: every byte is compared whatever the first difference.
            expected.len() == t.len() && expected.bytes().zip(t.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
        }
        _ => false,
    }
}

async fn erased(db: &Db, id: i64) -> Result<bool, ApiError> {
    let row = sqlx::query("SELECT erased_at FROM donations WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?;
    Ok(match row {
        Some(r) => r.try_get::<Option<i64>, _>("erased_at").map_err(db_error)?.is_some(),
        None => false,
    })
}

fn error_page(e: &ApiError, locale: Locale) -> Response {
    (StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), Html(e.message(locale).to_owned()))
        .into_response()
}

pub async fn page(
    State(state): State<crate::state::AppState>,
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    Query(q): Query<TokenQuery>,
) -> Response {
    if !allowed(&state.db, &c, id, q.t.as_deref()).await {
        return error_page(&ApiError::NotFound, c.locale);
    }
    match Receipt::load(&state.db, id).await {
        Ok(receipt) => {
            let pdf_href = match &q.t {
                Some(t) => format!("/ricevute/{id}/pdf?t={}", html_escape(t)),
                None => format!("/ricevute/{id}/pdf"),
            };
            let csp =
                "default-src 'self'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
            (
                [(header::CONTENT_SECURITY_POLICY, csp), (header::CACHE_CONTROL, "private, no-store")],
                Html(receipt.html(&pdf_href)),
            )
                .into_response()
        }
        Err(e) => error_page(&e, c.locale),
    }
}

/// The same receipt as a PDF download (`ricevuta-2026-000001.pdf`).
pub async fn pdf(
    State(state): State<crate::state::AppState>,
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    Query(q): Query<TokenQuery>,
) -> Response {
    if !allowed(&state.db, &c, id, q.t.as_deref()).await {
        return error_page(&ApiError::NotFound, c.locale);
    }
    match Receipt::load(&state.db, id).await {
        Ok(receipt) => {
            let disposition = format!("attachment; filename=\"ricevuta-{}.pdf\"", receipt.number.replace('/', "-"));
            (
                [
                    (header::CONTENT_TYPE, "application/pdf".to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CACHE_CONTROL, "private, no-store".to_owned()),
                ],
                super::receipt_pdf::render(&receipt),
            )
                .into_response()
        }
        Err(e) => error_page(&e, c.locale),
    }
}

/// Everything a receipt shows, in Italian (the language of the tax document).
pub struct Receipt {
    /// `2026/000001`: the progressive number of its calendar year.
    pub number: String,
    pub date: String,
    pub organisation: settings::Organisation,
    pub donor: String,
    pub donor_tax_code: Option<String>,
    pub amount: String,
    pub campaign: String,
    pub method: &'static str,
    /// What was given, for in-kind gifts.
    pub goods: Option<String>,
    /// Date and reason when a refund cancelled the receipt.
    pub cancelled: Option<(String, String)>,
    /// The art. 83 statement, or why the gift is not deductible.
    pub statement: &'static str,
}

const DEDUCTIBLE: &str = "Erogazione liberale effettuata con strumento tracciabile, detraibile o deducibile ai sensi \
    dell'art. 83 del D.Lgs. 3 luglio 2017, n. 117 (Codice del Terzo settore), nei limiti e alle condizioni previsti \
    dalla legge.";
const NOT_DEDUCTIBLE: &str = "Erogazione in contanti: non dà diritto alle agevolazioni dell'art. 83 del \
    D.Lgs. 117/2017, che richiedono un pagamento tracciabile.";

impl Receipt {
    pub async fn load(db: &Db, id: i64) -> Result<Receipt, ApiError> {
        let r = sqlx::query(
            "SELECT d.donor_name, d.tax_code, d.amount_cents, d.method, d.staff_note, c.title, rc.year, rc.number, \
               rc.issued_at, rc.cancelled_at, rc.cancel_reason \
             FROM donations d JOIN campaigns c ON c.id = d.campaign_id JOIN receipts rc ON rc.donation_id = d.id \
             WHERE d.id = $1",
        )
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?
        .ok_or(ApiError::NotFound)?;
        let text = |k: &str| r.try_get::<Option<String>, _>(k).ok().flatten().unwrap_or_default();
        let method = PaymentMethod::parse(&text("method")).ok_or(ApiError::Internal)?;
        let amount: i64 = r.try_get("amount_cents").map_err(db_error)?;
        let year: i64 = r.try_get("year").map_err(db_error)?;
        let number: i64 = r.try_get("number").map_err(db_error)?;
        let issued: i64 = r.try_get("issued_at").map_err(db_error)?;
        let cancelled_at: Option<i64> = r.try_get("cancelled_at").map_err(db_error)?;
        Ok(Receipt {
            number: receipt_number(year as i32, number),
            date: shared::time::format_date(issued, Locale::It),
            organisation: settings::organisation(db).await?,
            donor: text("donor_name"),
            donor_tax_code: Some(text("tax_code")).filter(|t| !t.is_empty()),
            amount: Cents(amount).format(Locale::It),
            campaign: text("title"),
            method: method.text().get(Locale::It),
            // What was given in kind is staff's note on the gift (never public).
            goods: (method == PaymentMethod::InKind).then(|| text("staff_note")),
            cancelled: cancelled_at.map(|at| (shared::time::format_date(at, Locale::It), text("cancel_reason"))),
            statement: if method.tax_deductible() { DEDUCTIBLE } else { NOT_DEDUCTIBLE },
        })
    }

    fn html(&self, pdf_href: &str) -> String {
        let org = &self.organisation;
        let cancelled = self.cancelled.as_ref().map_or(String::new(), |(at, reason)| {
            format!(
                r#"<p class="alert alert-error"><strong>RICEVUTA ANNULLATA</strong> il {at} — motivo: {}</p>"#,
                html_escape(reason)
            )
        });
        let tax_code =
            self.donor_tax_code.as_ref().map_or(String::new(), |t| format!("<br>Codice fiscale: {}", html_escape(t)));
        let goods = self.goods.as_ref().map_or(String::new(), |g| {
            format!("<p><strong>Beni donati:</strong> {} (valore dichiarato dal donatore)</p>", html_escape(g))
        });
        format!(
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
{goods}
<p class="receipt-statement">{statement}</p>
<p class="receipt-actions"><a class="button" href="{pdf_href}" download>Scarica la ricevuta in PDF</a></p>
</main></body></html>"#,
            number = self.number,
            org_name = html_escape(&org.name),
            org_address = html_escape(&org.address),
            org_tax = html_escape(&org.tax_code),
            date = self.date,
            donor = html_escape(&self.donor),
            amount = self.amount,
            campaign = html_escape(&self.campaign),
            method = self.method,
            statement = self.statement,
        )
    }
}
