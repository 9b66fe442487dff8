use super::ApiJson;
use crate::ctx::Ctx;
use crate::errors::{ErrorBody, HttpError};
use app::ssr::Backend;
use axum::http::StatusCode;
use axum::Json;
use shared::people::{Me, RegisterConfirm, RegisterRequest, ResetConfirm, ResetRequest, SignInRequest};

type Res<T> = Result<T, HttpError>;

/// Ask for an account (role: resident). Always 202 for valid input, whether
/// or not the address has an account: a link to create it is sent to the
/// address (its owner, if it has one, is told instead).
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth", request_body = RegisterRequest,
    responses((status = 202), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn register(Ctx(c): Ctx, ApiJson(body): ApiJson<RegisterRequest>) -> Res<StatusCode> {
    c.register(body).await.map_err(|e| HttpError(e, c.locale))?;
    Ok(StatusCode::ACCEPTED)
}

/// Create the account with the token from the link, and sign in.
#[utoipa::path(post, path = "/api/v1/auth/register/confirm", tag = "auth", request_body = RegisterConfirm,
    responses((status = 201, body = Me), (status = 400, body = ErrorBody, description = "Invalid, used or expired token")))]
pub async fn confirm_register(Ctx(c): Ctx, ApiJson(body): ApiJson<RegisterConfirm>) -> Res<(StatusCode, Json<Me>)> {
    let me = c.confirm_registration(body.token).await.map_err(|e| HttpError(e, c.locale))?;
    Ok((StatusCode::CREATED, Json(me)))
}

/// Sign in; sets the session cookie. Rate-limited per account and per IP.
#[utoipa::path(post, path = "/api/v1/auth/sign-in", tag = "auth", request_body = SignInRequest,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody, description = "Too many attempts; see Retry-After")))]
pub async fn sign_in(Ctx(c): Ctx, ApiJson(body): ApiJson<SignInRequest>) -> Res<Json<Me>> {
    c.sign_in(body).await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// End the session.
#[utoipa::path(post, path = "/api/v1/auth/sign-out", tag = "auth", responses((status = 204)))]
pub async fn sign_out(Ctx(c): Ctx) -> Res<StatusCode> {
    c.sign_out().await.map_err(|e| HttpError(e, c.locale))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in person.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn me(Ctx(c): Ctx) -> Res<Json<Me>> {
    match c.me().await {
        Ok(Some(me)) => Ok(Json(me)),
        Ok(None) => Err(HttpError(shared::ApiError::Unauthenticated, c.locale)),
        Err(e) => Err(HttpError(e, c.locale)),
    }
}

/// Ask for a reset link by email. Always 202, whether or not the account exists.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "auth", request_body = ResetRequest,
    responses((status = 202), (status = 422, body = ErrorBody)))]
pub async fn request_reset(Ctx(c): Ctx, ApiJson(body): ApiJson<ResetRequest>) -> Res<StatusCode> {
    c.request_password_reset(body).await.map_err(|e| HttpError(e, c.locale))?;
    Ok(StatusCode::ACCEPTED)
}

/// Set a new password with the emailed token (valid once, for one hour).
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "auth", request_body = ResetConfirm,
    responses((status = 204), (status = 400, body = ErrorBody, description = "Invalid or expired token"), (status = 422, body = ErrorBody)))]
pub async fn confirm_reset(Ctx(c): Ctx, ApiJson(body): ApiJson<ResetConfirm>) -> Res<StatusCode> {
    c.confirm_password_reset(body).await.map_err(|e| HttpError(e, c.locale))?;
    Ok(StatusCode::NO_CONTENT)
}
