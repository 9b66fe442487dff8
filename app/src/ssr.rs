//! How server functions reach the server without a crate cycle.
//!
//! `server` depends on `app` (it renders the pages), so `app` cannot call the
//! server's database code directly. Instead `app` declares what it needs, the
//! [`Backend`] trait; the server implements it and, in a middleware, puts a
//! [`Scope`] (the backend bound to this request's session, caller and
//! language) into the request's extensions. Server functions and SSR
//! components take it from there. The HTTP API calls the same server code.

use crate::errors::AppError;
use leptos::prelude::*;
use shared::dto::{HomeStats, MunicipalityRow, OutboxRow, PersonRow};
use shared::people::{Me, RegisterRequest, ResetConfirm, ResetRequest, Role, SignInRequest};
use shared::settings::{Organisation, SettingsInput};
use shared::{ApiError, Locale};
use std::sync::Arc;

/// Everything the interface asks of the server. Every method checks the
/// caller's role itself: the trait is the security boundary.
#[async_trait::async_trait]
pub trait Backend:
    Send + Sync + crate::campaigns::ssr::CampaignsBackend + crate::calls::ssr::CallsBackend + crate::labs::ssr::LabsBackend
{
    /// The language of this request (session choice, profile, Accept-Language).
    fn locale(&self) -> Locale;
    async fn me(&self) -> Result<Option<Me>, ApiError>;
    async fn sign_in(&self, req: SignInRequest) -> Result<Me, ApiError>;
    async fn sign_out(&self) -> Result<(), ApiError>;
    /// Starts a registration: the same answer whether or not the address
    /// has an account; a link sent to it creates the account.
    async fn register(&self, req: RegisterRequest) -> Result<(), ApiError>;
    /// Redeems the link: creates the account and signs in.
    async fn confirm_registration(&self, token: String) -> Result<Me, ApiError>;
    async fn set_language(&self, locale: Locale) -> Result<(), ApiError>;
    async fn request_password_reset(&self, req: ResetRequest) -> Result<(), ApiError>;
    async fn confirm_password_reset(&self, req: ResetConfirm) -> Result<(), ApiError>;
    async fn people(&self) -> Result<Vec<PersonRow>, ApiError>;
    async fn set_role(&self, person_id: i64, role: Role, granted: bool) -> Result<(), ApiError>;
    async fn outbox(&self) -> Result<Vec<OutboxRow>, ApiError>;
    /// Admin: the organisation's data and the gift limit.
    async fn organisation(&self) -> Result<Organisation, ApiError>;
    async fn save_organisation(&self, input: SettingsInput) -> Result<Organisation, ApiError>;
    async fn home_stats(&self) -> Result<HomeStats, ApiError>;
    async fn municipalities(&self) -> Result<Vec<MunicipalityRow>, ApiError>;
    /// Everything Legami holds about the signed-in person (GDPR art. 15, 20).
    async fn my_data(&self) -> Result<shared::privacy::PersonalExport, ApiError>;
    /// The signed-in person corrects their name and language.
    async fn update_profile(&self, input: shared::privacy::ProfileInput) -> Result<Me, ApiError>;
    /// The signed-in person changes their password; their other sessions end.
    async fn change_password(&self, change: shared::privacy::PasswordChange) -> Result<(), ApiError>;
    /// The signed-in person asks for erasure (GDPR art. 17).
    async fn request_erasure(&self) -> Result<shared::privacy::ErasureOutcome, ApiError>;
    /// Admin: every erasure request.
    async fn erasures(&self) -> Result<Vec<shared::privacy::ErasureRow>, ApiError>;
    /// Admin: carries out a request.
    async fn carry_out_erasure(&self, id: i64) -> Result<(), ApiError>;
    /// Anyone: who is responsible for the data, for the privacy notice.
    async fn controller(&self) -> Result<shared::privacy::Controller, ApiError>;
}

/// The per-request handle the server attaches to each request.
#[derive(Clone)]
pub struct Scope(pub Arc<dyn Backend>);

fn current_scope() -> Option<Scope> {
    use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Scope>().cloned())
}

/// The backend for the current request, inside a server function or SSR.
pub fn backend() -> Result<Arc<dyn Backend>, AppError> {
    current_scope().map(|s| s.0).ok_or(AppError(ApiError::Internal))
}

pub fn request_locale() -> Locale {
    current_scope().map(|s| s.0.locale()).unwrap_or_default()
}

/// Sets the page's Content-Security-Policy with this response's nonce: the
/// hydration script is the only inline script, and it carries the nonce.
pub fn set_page_security_headers() {
    let (Some(nonce), Some(resp)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) else {
        return;
    };
    // Map tiles come from the configured tile server, if any.
    let tiles = current_scope().and_then(|s| s.0.map_tiles()).map(|t| format!(" {}", t.origin())).unwrap_or_default();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:{tiles}; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&csp) {
        resp.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}
