//! Legami's server: configuration, database, authentication, the HTTP API
//! and the wiring of the Leptos interface. `main.rs` only parses the command
//! line and calls into here; tests start the same router on a random port.

// Leptos view types nest deeply.
#![recursion_limit = "256"]

pub mod api;
pub mod auth;
pub mod calls;
pub mod campaigns;
pub mod config;
pub mod ctx;
pub mod db;
pub mod errors;
pub mod labs;
pub mod outbox;
pub mod places;
pub mod privacy;
pub mod retention;
pub mod security;
pub mod seed;
pub mod settings;
pub mod state;
pub mod storage;
pub mod text;

use app::{shell, App};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use axum::{Json, Router};
use config::Config;
use db::Db;
use leptos::prelude::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use state::AppState;
use std::sync::Arc;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Connects, migrates and loads the reference data (the 113 comuni).
pub async fn open_database(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url()).await?;
    db.migrate().await?;
    let added = places::load_comuni(&db).await.map_err(|e| anyhow::anyhow!("loading comuni: {e}"))?;
    if added > 0 {
        tracing::info!(added, "municipalities loaded");
    }
    let filled = labs::cells::fill_missing_pixels(&db).await.map_err(|e| anyhow::anyhow!("labs' map pixels: {e}"))?;
    if filled > 0 {
        tracing::info!(filled, "labs' map pixels filled");
    }
    Ok(db)
}

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("legami")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.listen)
        .build()
}

pub fn state(config: Config, db: Db) -> anyhow::Result<AppState> {
    let leptos = leptos_options(&config);
    let payments = payment_providers(&config)?;
    let storage = storage::Storage::from_config(&config)?;
    Ok(AppState { db, config: Arc::new(config), leptos, storage, payments: Arc::new(payments) })
}

/// Stripe when both its keys are set; the development provider only outside
/// production mode, so that no simulated payment can ever become a receipt.
fn payment_providers(config: &Config) -> anyhow::Result<Vec<Arc<dyn campaigns::payments::PaymentProvider>>> {
    use campaigns::payments::{new_session_id, DevProvider, PaymentProvider};
    let mut payments: Vec<Arc<dyn PaymentProvider>> = Vec::new();
    match (&config.stripe_secret_key, &config.stripe_webhook_secret) {
        (Some(key), Some(secret)) if !key.is_empty() && !secret.is_empty() => {
            payments.push(Arc::new(campaigns::stripe::Stripe::new(key, secret, &config.stripe_api_base)?));
        }
        (None, None) => {}
        _ => tracing::warn!(
            "Stripe needs both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: card giving through Stripe is off"
        ),
    }
    if !config.production {
        let secret = config.payment_webhook_secret.clone().unwrap_or_else(new_session_id);
        payments.push(Arc::new(DevProvider::new(&secret)));
    }
    Ok(payments)
}

/// The app's routes, generated once per process. Generating them runs the
/// app with resource loading suspended through a process-wide flag
/// (leptos' `SuppressResourceLoad`): a page that another router of the same
/// process renders meanwhile would wait for its data forever
/// (leptos-rs/leptos#4773). The tests start dozens of routers in one process
/// and saw such stalls, about once in ten runs.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole application: static files, API, pages and server functions,
/// with sessions, security headers and limits.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    let sessions = SessionManagerLayer::new(auth::session_store::DbSessionStore::new(state.db.clone()))
        .with_name("legami_session")
        .with_secure(config.secure_cookies)
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(7)));
    let routes = route_list();
    let options = state.leptos.clone();
    let mut dynamic = Router::new().nest("/api/v1", api::routes());
    if !config.production {
        // The simulated hosted checkout: a development tool, never in production.
        dynamic =
            dynamic.route("/pagamento/prova/{session}", get(campaigns::checkout::page).post(campaigns::checkout::pay));
    }
    let dynamic = dynamic
        .route("/ricevute/{id}", get(campaigns::receipts::page))
        .route("/ricevute/{id}/pdf", get(campaigns::receipts::pdf))
        .route("/widget/campagne/{slug}", get(campaigns::widget::page))
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(from_fn_with_state(state.clone(), ctx::attach))
        .layer(from_fn(security::server_fn_status))
        .layer(sessions)
        .with_state(state.clone());
    let pkg = ServeDir::new(format!("{}/pkg", config.site_root));
    Router::new()
        .route("/healthz", get(healthz))
        .with_state(state)
        .nest_service("/pkg", pkg)
        .merge(dynamic)
        // Extractors may read up to the largest upload; `limit_body` applies
        // the right limit for each route.
        .layer(DefaultBodyLimit::max(shared::files::MAX_ATTACHMENT_BYTES + 1024 * 1024))
        .layer(from_fn_with_state(config.body_limit, security::limit_body))
        .layer(from_fn_with_state(security::Origins::from_config(&config), security::same_origin))
        .layer(from_fn(security::translate_errors))
        .layer(TraceLayer::new_for_http())
        .layer(from_fn_with_state(config.secure_cookies, security::headers))
}

/// Liveness and database state: 200 when the database answers, else 503.
async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    let up = state.db.ping().await;
    let body = serde_json::json!({
        "status": if up { "ok" } else { "unavailable" },
        "database": { "backend": state.db.kind_name(), "reachable": up },
        "version": env!("CARGO_PKG_VERSION"),
    });
    let status = if up { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(body))
}

/// Background work of every server process: the outbox, the removal of
/// expired sessions and the retention purge (every 10 minutes). Stops when `shutdown` turns true.
pub fn spawn_workers(db: &Db, config: &Config, shutdown: tokio::sync::watch::Receiver<bool>) -> anyhow::Result<()> {
    let mailer = outbox::Mailer::from_config(config.smtp_url.as_deref(), &config.smtp_from)?;
    tokio::spawn(outbox::run(db.clone(), mailer, shutdown.clone()));
    let (totals_db, mut stop_totals) = (db.clone(), shutdown.clone());
    tokio::spawn(async move {
        loop {
            if let Err(e) = campaigns::totals::advance(&totals_db).await {
                tracing::warn!(error = %e, "ledger checkpoints");
            }
            tokio::select! {
                _ = tokio::time::sleep(std::time::Duration::from_secs(60)) => {}
                _ = stop_totals.changed() => break,
            }
        }
    });
    let store = auth::session_store::DbSessionStore::new(db.clone());
    let (retention_db, mut stop) = (db.clone(), shutdown);
    tokio::spawn(async move {
        loop {
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "expired session cleanup");
            }
            match retention::purge_now(&retention_db).await {
                Ok(p) if p != retention::Purged::default() => tracing::info!(?p, "retention purge"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "retention purge"),
            }
            tokio::select! {
                _ = tokio::time::sleep(std::time::Duration::from_secs(600)) => {}
                _ = stop.changed() => break,
            }
        }
    });
    Ok(())
}
