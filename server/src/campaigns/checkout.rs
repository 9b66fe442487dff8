//! The development payment provider's hosted checkout. A real provider
//! hosts this page on its own site; here it lets a tester pay or cancel,
//! and paying sends the provider's signed webhook through the same code
//! path a real provider's call takes.

use super::payments::{self, completed_event, DevProvider};
use crate::db::now;
use crate::errors::db_error;
use crate::state::AppState;
use crate::text::html_escape;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use shared::money::Cents;
use shared::Locale;
use sqlx::Row;

async fn session(state: &AppState, id: &str) -> Option<(i64, String, String, String)> {
    let row = sqlx::query(
        "SELECT d.amount_cents, d.status, c.slug, c.title FROM donations d JOIN campaigns c ON c.id = d.campaign_id \
         WHERE d.provider_session = $1 AND d.provider = 'dev'",
    )
    .bind(id)
    .fetch_optional(&state.db.pool)
    .await
    .map_err(db_error)
    .ok()
    .flatten()?;
    Some((
        row.try_get("amount_cents").ok()?,
        row.try_get("status").ok()?,
        row.try_get("slug").ok()?,
        row.try_get("title").ok()?,
    ))
}

pub async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Some((amount, status, slug, title)) = session(&state, &id).await else {
        return (StatusCode::NOT_FOUND, Html("<p>Sessione di pagamento non trovata.</p>".to_owned())).into_response();
    };
    let amount = Cents(amount).format(Locale::It);
    let body = if status == "pledged" {
        format!(
            r#"<form method="post"><button class="button primary" type="submit">Paga {amount} (simulazione)</button></form>
               <p><a href="/campagne/{slug}">Annulla e torna alla campagna</a></p>"#,
            slug = html_escape(&slug)
        )
    } else {
        format!(
            r#"<p>Questo pagamento è già stato completato.</p><p><a href="/campagne/{}">Torna alla campagna</a></p>"#,
            html_escape(&slug)
        )
    };
    let html = Html(format!(
        r#"<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pagamento di prova · Legami</title><link rel="stylesheet" href="/pkg/legami.css"></head>
<body><main id="main"><h1>Pagamento con carta (ambiente di prova)</h1>
<p class="alert">Questa pagina simula il sito sicuro del fornitore di pagamento: nessun dato di carta viene chiesto né salvato.</p>
<p>Donazione di <strong>{amount}</strong> a «{title}».</p>{body}</main></body></html>"#,
        title = html_escape(&title)
    ));
    // No scripts on this page; it posts its form to itself.
    let csp = "default-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    ([(axum::http::header::CONTENT_SECURITY_POLICY, csp)], html).into_response()
}

/// "Pay": the provider signs its webhook and delivers it.
pub async fn pay(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Some((amount, _, slug, _)) = session(&state, &id).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(provider) = state.payment_provider(DevProvider::NAME) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(signer) = provider.simulator() else { return StatusCode::NOT_FOUND.into_response() };
    let body = completed_event(&id, amount);
    let header = signer.sign(now(), &body);
    match payments::handle_webhook(&state.db, provider.as_ref(), &header, &body, &state.config.public_url()).await {
        Ok(()) => Redirect::to(&format!("/campagne/{slug}")).into_response(),
        Err(e) => {
            (StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), e.message(Locale::It))
                .into_response()
        }
    }
}
