//! Personal data under the person's control: export, profile, password,
//! erasure; the admins' erasure queue; the privacy notice's controller.

use super::ApiJson;
use crate::ctx::Ctx;
use crate::errors::{ErrorBody, HttpError};
use app::ssr::Backend;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Json;
use shared::people::Me;
use shared::privacy::{Controller, ErasureOutcome, ErasureRow, PasswordChange, PersonalExport, ProfileInput};

type Res<T> = Result<T, HttpError>;

/// Everything Legami holds about the signed-in person, as a JSON file with a
/// readable summary (GDPR art. 15 and 20).
#[utoipa::path(get, path = "/api/v1/me/export", tag = "privacy",
    responses((status = 200, body = PersonalExport), (status = 401, body = ErrorBody)))]
pub async fn export(Ctx(c): Ctx) -> Res<axum::response::Response> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let data = c.my_data().await.map_err(|e| HttpError(e, c.locale))?;
    let disposition = "attachment; filename=\"legami-dati-personali.json\"";
    let headers = [(header::CONTENT_DISPOSITION, disposition), (header::CACHE_CONTROL, "private, no-store")];
    Ok((headers, Json(data)).into_response())
}

/// Correct one's name and language (GDPR art. 16).
#[utoipa::path(put, path = "/api/v1/me/profile", tag = "privacy", request_body = ProfileInput,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn profile(Ctx(c): Ctx, ApiJson(body): ApiJson<ProfileInput>) -> Res<Json<Me>> {
    c.update_profile(body).await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// Change one's password, giving the current one. Every other session of
/// the person ends; this one continues under a new cookie.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "privacy", request_body = PasswordChange,
    responses((status = 204), (status = 401, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "`fields.current` = `wrong_password` when the current password is wrong"),
              (status = 429, body = ErrorBody)))]
pub async fn password(Ctx(c): Ctx, ApiJson(body): ApiJson<PasswordChange>) -> Res<StatusCode> {
    c.change_password(body).await.map_err(|e| HttpError(e, c.locale))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ask for erasure (GDPR art. 17). `done`: carried out at once (nothing was
/// under legal retention) and the session has ended; `requested`: an admin
/// carries it out.
#[utoipa::path(post, path = "/api/v1/me/erasure", tag = "privacy",
    responses((status = 200, body = ErasureOutcome), (status = 401, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "The last administrator cannot be erased")))]
pub async fn request_erasure(Ctx(c): Ctx) -> Res<Json<ErasureOutcome>> {
    c.request_erasure().await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// Every erasure request, open ones first (admin only).
#[utoipa::path(get, path = "/api/v1/admin/erasures", tag = "privacy",
    responses((status = 200, body = Vec<ErasureRow>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn erasures(Ctx(c): Ctx) -> Res<Json<Vec<ErasureRow>>> {
    c.erasures().await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// Carry out an erasure request (admin only).
#[utoipa::path(post, path = "/api/v1/admin/erasures/{id}/carry-out", tag = "privacy", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "Already carried out, or the last administrator")))]
pub async fn carry_out(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<StatusCode> {
    c.carry_out_erasure(id).await.map_err(|e| HttpError(e, c.locale))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who is responsible for the data (the privacy notice's controller).
#[utoipa::path(get, path = "/api/v1/privacy/controller", tag = "privacy", responses((status = 200, body = Controller)))]
pub async fn controller(Ctx(c): Ctx) -> Res<Json<Controller>> {
    c.controller().await.map(Json).map_err(|e| HttpError(e, c.locale))
}
