//! Signing in and out, registering, password reset: server functions and the
//! signed-in person shared with the whole interface.

mod pages;

pub use pages::{ConfirmRegistrationPage, ForgotPasswordPage, RegisterPage, ResetPasswordPage, SignInPage};

use crate::errors::AppError;
use leptos::prelude::*;
use shared::people::Me;
use shared::Locale;

#[server(prefix = "/fn", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.me().await)
}

#[server(prefix = "/fn", endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<Me, AppError> {
    use shared::people::SignInRequest;
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.sign_in(SignInRequest { email, password }).await)
}

#[server(prefix = "/fn", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.sign_out().await)
}

#[server(prefix = "/fn", endpoint = "register")]
pub async fn register(email: String, password: String, display_name: String, language: String) -> Result<(), AppError> {
    use shared::people::RegisterRequest;
    let b = crate::ssr::backend()?;
    let req = RegisterRequest { email, password, display_name, language: Some(language) };
    crate::errors::respond(b.register(req).await)
}

#[server(prefix = "/fn", endpoint = "confirm_registration")]
pub async fn confirm_registration(token: String) -> Result<Me, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.confirm_registration(token).await)
}

#[server(prefix = "/fn", endpoint = "set_language")]
pub async fn set_language(language: Locale) -> Result<(), AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.set_language(language).await)
}

#[server(prefix = "/fn", endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use shared::people::ResetRequest;
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.request_password_reset(ResetRequest { email }).await)
}

#[server(prefix = "/fn", endpoint = "confirm_password_reset")]
pub async fn confirm_password_reset(token: String, password: String) -> Result<(), AppError> {
    use shared::people::ResetConfirm;
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.confirm_password_reset(ResetConfirm { token, password }).await)
}

/// The signed-in person and the actions that change who that is. Every
/// action's completion refetches `me`, so the header follows.
#[derive(Clone, Copy)]
pub struct Auth {
    pub me: Resource<Result<Option<Me>, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
    pub register: ServerAction<Register>,
    pub confirm_registration: ServerAction<ConfirmRegistration>,
}

pub fn provide_auth() {
    let sign_in = ServerAction::<SignIn>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let register = ServerAction::<Register>::new();
    let confirm_registration = ServerAction::<ConfirmRegistration>::new();
    let me = Resource::new(
        move || (sign_in.version().get(), sign_out.version().get(), confirm_registration.version().get()),
        |_| current_user(),
    );
    provide_context(Auth { me, sign_in, sign_out, register, confirm_registration });
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
