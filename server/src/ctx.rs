//! The per-request context: application state, this request's session,
//! client address and language. It implements the interface's
//! [`app::ssr::Backend`], and the HTTP API uses the same object, so a rule
//! (who may do what) is written once for both.

use crate::auth::rate_limit::Attempt;
use crate::auth::session_store::{LANG_KEY, PERSON_KEY};
use crate::auth::{self, password, rate_limit, reset};
use crate::state::AppState;
use crate::{outbox, places, settings};
use app::ssr::{Backend, Scope};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use shared::dto::{HomeStats, MunicipalityRow, OutboxRow, PersonRow};
use shared::i18n::t;
use shared::people::{Access, Email, Me, Password, RegisterRequest, ResetConfirm, ResetRequest, Role, SignInRequest};
use shared::privacy::{Controller, ErasureOutcome, ErasureRow, PasswordChange, ProfileInput};
use shared::settings::{Organisation, SettingsInput};
use shared::{ApiError, Locale};
use std::net::SocketAddr;
use std::sync::Arc;
use tower_sessions::Session;

pub struct RequestCtx {
    pub state: AppState,
    pub session: Session,
    pub ip: String,
    pub locale: Locale,
    /// The signed-in person as loaded once in this request: a page's server
    /// function asks several backend methods, each checking the caller.
    /// Keyed by the session's person id, so signing in or out reloads it.
    me_loaded: std::sync::Mutex<Option<Me>>,
}

fn session_error(e: tower_sessions::session::Error) -> ApiError {
    tracing::error!(error = %e, "session store");
    ApiError::Internal
}

impl RequestCtx {
    /// The signed-in person's id from the session alone (no query of `people`).
    pub(crate) async fn person_id(&self) -> Result<Option<i64>, ApiError> {
        self.session.get::<i64>(PERSON_KEY).await.map_err(session_error)
    }

    /// After a write that changes the caller (language, roles).
    fn forget_me(&self) {
        if let Ok(mut slot) = self.me_loaded.lock() {
            *slot = None;
        }
    }

    /// The one role check: not signed in is 401, the wrong role 403.
    pub async fn require(&self, access: Access) -> Result<Me, ApiError> {
        let me = self.me().await?;
        access.check(me.as_ref().map(|m| m.roles.as_slice()))?;
        me.ok_or(ApiError::Unauthenticated)
    }

    /// Starts a signed-in session with a new id (no session fixation).
    async fn start_session(&self, me: &Me) -> Result<(), ApiError> {
        self.session.cycle_id().await.map_err(session_error)?;
        self.session.insert(PERSON_KEY, me.id).await.map_err(session_error)?;
        self.session.insert(LANG_KEY, me.language.code()).await.map_err(session_error)?;
        Ok(())
    }
}

/// Builds the context for every non-static request and attaches it, both
/// for the API's extractor and (as `Scope`) for server functions.
pub async fn attach(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return next.run(req).await;
    };
    let ip = client_ip(&req, state.config.trust_proxy);
    let chosen = session.get::<String>(LANG_KEY).await.ok().flatten();
    let locale =
        chosen.as_deref().and_then(Locale::parse).unwrap_or_else(|| crate::security::accept_language(req.headers()));
    let ctx = Arc::new(RequestCtx { state, session, ip, locale, me_loaded: std::sync::Mutex::new(None) });
    req.extensions_mut().insert(Scope(ctx.clone()));
    req.extensions_mut().insert(Ctx(ctx));
    next.run(req).await
}

/// The client's address. Behind a proxy we run (LEGAMI_TRUST_PROXY), the
/// right-most address of X-Forwarded-For is the one our proxy added; every
/// address left of it was written by the client and proves nothing.
fn client_ip(req: &Request, trust_proxy: bool) -> String {
    if trust_proxy {
        let forwarded = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
        if let Some(last) = forwarded.flat_map(|v| v.split(',')).map(str::trim).rfind(|a| !a.is_empty()) {
            return last.to_owned();
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// A route layer for uploads (up to 11 MB): the caller's role is checked
/// before the body is read, so a stranger cannot make the server take in
/// megabytes only to be told 401 or 403.
pub async fn gate(access: Access, req: Request, next: Next) -> Response {
    use axum::response::IntoResponse;
    let Some(Ctx(c)) = req.extensions().get::<Ctx>().cloned() else {
        return crate::errors::HttpError(ApiError::Internal, Locale::default()).into_response();
    };
    match c.require(access).await {
        Ok(_) => next.run(req).await,
        Err(e) => crate::errors::HttpError(e, c.locale).into_response(),
    }
}

pub async fn staff_uploads(req: Request, next: Next) -> Response {
    gate(Access::STAFF, req, next).await
}

pub async fn admin_uploads(req: Request, next: Next) -> Response {
    gate(Access::ADMIN, req, next).await
}

/// Ownership of the application is checked by its handler before it reads
/// the multipart body; this refuses strangers before anything is read.
pub async fn signed_in_uploads(req: Request, next: Next) -> Response {
    gate(Access::SignedIn, req, next).await
}

/// Extractor for API handlers.
#[derive(Clone)]
pub struct Ctx(pub Arc<RequestCtx>);

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = crate::errors::HttpError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Ctx>().cloned().ok_or(crate::errors::HttpError(ApiError::Internal, Locale::default()))
    }
}

#[async_trait::async_trait]
impl Backend for RequestCtx {
    fn locale(&self) -> Locale {
        self.locale
    }

    async fn me(&self) -> Result<Option<Me>, ApiError> {
        let Some(id) = self.person_id().await? else { return Ok(None) };
        let known = self.me_loaded.lock().ok().and_then(|m| m.clone()).filter(|m| m.id == id);
        if known.is_some() {
            return Ok(known);
        }
        let me = auth::load_me(&self.state.db, id).await?;
        if let (Some(m), Ok(mut slot)) = (&me, self.me_loaded.lock()) {
            *slot = Some(m.clone());
        }
        Ok(me)
    }

    async fn sign_in(&self, req: SignInRequest) -> Result<Me, ApiError> {
        let input = req.parse()?;
        let db = &self.state.db;
        let email = input.email.as_ref();
        rate_limit::check(db, Attempt::SignIn, &self.ip, email).await?;
        let creds = auth::credentials(db, email).await?;
        let (id, hash) = match creds {
            Some((id, hash)) => (Some(id), Some(hash)),
            None => (None, None),
        };
        let ok = password::verify(input.password.expose(), hash).await;
        let me = match (ok, id) {
            (true, Some(id)) => auth::load_me(db, id).await?,
            _ => None,
        };
        let Some(me) = me else {
            rate_limit::record(db, Attempt::SignIn, &self.ip, email).await?;
            tracing::info!(ip = %self.ip, "failed sign-in");
            return Err(ApiError::BadCredentials);
        };
        rate_limit::clear_account(db, email).await?;
        self.start_session(&me).await?;
        Ok(me)
    }

    async fn sign_out(&self) -> Result<(), ApiError> {
        self.session.flush().await.map_err(session_error)
    }

    async fn register(&self, req: RegisterRequest) -> Result<(), ApiError> {
        let reg = req.parse()?;
        let db = &self.state.db;
        // Counted whether or not the address has an account, like resets.
        rate_limit::check(db, Attempt::Register, &self.ip, reg.email.as_ref()).await?;
        rate_limit::record(db, Attempt::Register, &self.ip, reg.email.as_ref()).await?;
        auth::registration::start(db, &reg, &self.state.config.public_url()).await
    }

    async fn confirm_registration(&self, token: String) -> Result<Me, ApiError> {
        let db = &self.state.db;
        let id = auth::registration::confirm(db, &token).await?;
        let me = auth::load_me(db, id).await?.ok_or(ApiError::Internal)?;
        self.start_session(&me).await?;
        Ok(me)
    }

    async fn set_language(&self, locale: Locale) -> Result<(), ApiError> {
        self.session.insert(LANG_KEY, locale.code()).await.map_err(session_error)?;
        if let Some(id) = self.person_id().await? {
            auth::set_language(&self.state.db, id, locale).await?;
            self.forget_me();
        }
        Ok(())
    }

    async fn request_password_reset(&self, req: ResetRequest) -> Result<(), ApiError> {
        let email = Email::parse(&req.email).map_err(|c| ApiError::validation("email", c))?;
        let db = &self.state.db;
        // Counted whether or not the account exists, so the limit reveals nothing.
        rate_limit::check(db, Attempt::Reset, &self.ip, email.as_ref()).await?;
        rate_limit::record(db, Attempt::Reset, &self.ip, email.as_ref()).await?;
        // The answer is the same whether or not the account exists.
        let Some((id, _)) = auth::credentials(db, email.as_ref()).await? else {
            return Ok(());
        };
        let me = auth::load_me(db, id).await?.ok_or(ApiError::Internal)?;
        let token = reset::issue(db, id).await?;
        let link = format!("{}/password/nuova?token={token}", self.state.config.public_url());
        let l = me.language;
        let body = format!("{} {},\n\n{}\n\n{link}\n", t::WELCOME.get(l), me.display_name, t::FORGOT_INTRO.get(l));
        outbox::enqueue(db, email.as_ref(), t::FORGOT_TITLE.get(l), &body).await
    }

    async fn confirm_password_reset(&self, req: ResetConfirm) -> Result<(), ApiError> {
        let pw = Password::parse(&req.password).map_err(|c| ApiError::validation("password", c))?;
        let db = &self.state.db;
        // The token first: no argon2 work for a request that cannot succeed.
        reset::check(db, &req.token).await?;
        let hash = password::hash(&pw).await?;
        let person = reset::redeem(db, &req.token).await?;
        auth::set_password(db, person, &hash).await?;
        reset::end_sessions(db, person).await?;
        if let Some(me) = auth::load_me(db, person).await? {
            rate_limit::clear_account(db, &me.email).await?;
        }
        Ok(())
    }

    async fn people(&self) -> Result<Vec<PersonRow>, ApiError> {
        self.require(Access::ADMIN).await?;
        auth::list_people(&self.state.db).await
    }

    async fn set_role(&self, person_id: i64, role: Role, granted: bool) -> Result<(), ApiError> {
        let admin = self.require(Access::ADMIN).await?;
        auth::set_role(&self.state.db, admin.id, person_id, role, granted).await?;
        self.forget_me();
        Ok(())
    }

    async fn outbox(&self) -> Result<Vec<OutboxRow>, ApiError> {
        self.require(Access::ADMIN).await?;
        outbox::list(&self.state.db, 200).await
    }

    async fn organisation(&self) -> Result<Organisation, ApiError> {
        self.require(Access::ADMIN).await?;
        settings::organisation(&self.state.db).await
    }

    async fn save_organisation(&self, input: SettingsInput) -> Result<Organisation, ApiError> {
        let admin = self.require(Access::ADMIN).await?;
        let org = input.validate()?;
        settings::save(&self.state.db, &org).await?;
        tracing::info!(by = admin.id, "organisation settings changed");
        Ok(org)
    }

    async fn home_stats(&self) -> Result<HomeStats, ApiError> {
        let db = &self.state.db;
        Ok(HomeStats {
            municipalities: places::count(db, "municipalities").await?,
            districts: places::count(db, "districts").await?,
        })
    }

    async fn municipalities(&self) -> Result<Vec<MunicipalityRow>, ApiError> {
        places::municipalities(&self.state.db).await
    }

    async fn my_data(&self) -> Result<shared::privacy::PersonalExport, ApiError> {
        let me = self.require(Access::SignedIn).await?;
        crate::privacy::export(&self.state.db, me.id).await
    }

    async fn update_profile(&self, input: ProfileInput) -> Result<Me, ApiError> {
        let me = self.require(Access::SignedIn).await?;
        let profile = input.parse()?;
        crate::privacy::profile::update(&self.state.db, me.id, &profile).await?;
        self.session.insert(LANG_KEY, profile.language.code()).await.map_err(session_error)?;
        self.forget_me();
        self.me().await?.ok_or(ApiError::Unauthenticated)
    }

    async fn change_password(&self, change: PasswordChange) -> Result<(), ApiError> {
        let me = self.require(Access::SignedIn).await?;
        let change = change.parse()?;
        crate::privacy::profile::change_password(&self.state.db, me.id, &me.email, &self.ip, &change).await?;
        // Every session ended, this one too: it continues under a new id.
        self.start_session(&me).await
    }

    async fn request_erasure(&self) -> Result<ErasureOutcome, ApiError> {
        let me = self.require(Access::SignedIn).await?;
        let outcome = crate::privacy::erasure::request(&self.state, me.id).await?;
        if outcome == ErasureOutcome::Done {
            self.session.flush().await.map_err(session_error)?;
            self.forget_me();
        }
        Ok(outcome)
    }

    async fn erasures(&self) -> Result<Vec<ErasureRow>, ApiError> {
        self.require(Access::ADMIN).await?;
        crate::privacy::erasure::list(&self.state.db).await
    }

    async fn carry_out_erasure(&self, id: i64) -> Result<(), ApiError> {
        let admin = self.require(Access::ADMIN).await?;
        crate::privacy::erasure::carry_out(&self.state, id, admin.id).await?;
        self.forget_me();
        Ok(())
    }

    async fn controller(&self) -> Result<Controller, ApiError> {
        let org = settings::organisation(&self.state.db).await?;
        Ok(Controller { name: org.name, address: org.address, tax_code: org.tax_code })
    }
}
