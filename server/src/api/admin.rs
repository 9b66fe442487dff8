use crate::api::json::ApiJson;
use crate::ctx::Ctx;
use crate::errors::{ErrorBody, HttpError};
use app::ssr::Backend;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Json;
use shared::dto::{OutboxRow, PersonRow};
use shared::people::Role;
use shared::settings::{Organisation, SettingsInput};
use shared::ApiError;

type Res<T> = Result<T, HttpError>;

/// Everyone with their roles (admin only).
#[utoipa::path(get, path = "/api/v1/admin/people", tag = "admin",
    responses((status = 200, body = Vec<PersonRow>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn people(Ctx(c): Ctx) -> Res<Json<Vec<PersonRow>>> {
    c.people().await.map(Json).map_err(|e| HttpError(e, c.locale))
}

async fn change(c: Ctx, id: i64, role: &str, granted: bool) -> Res<StatusCode> {
    let c = c.0;
    let role = Role::parse(role).ok_or(HttpError(ApiError::NotFound, c.locale))?;
    c.set_role(id, role, granted).await.map_err(|e| HttpError(e, c.locale))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Grant a role (admin only).
#[utoipa::path(put, path = "/api/v1/admin/people/{id}/roles/{role}", tag = "admin",
    params(("id" = i64, Path), ("role" = String, Path, description = "resident, staff, evaluator or admin")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn grant_role(c: Ctx, Path((id, role)): Path<(i64, String)>) -> Res<StatusCode> {
    change(c, id, &role, true).await
}

/// Revoke a role (admin only). The last administrator cannot be removed (409).
#[utoipa::path(delete, path = "/api/v1/admin/people/{id}/roles/{role}", tag = "admin",
    params(("id" = i64, Path), ("role" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn revoke_role(c: Ctx, Path((id, role)): Path<(i64, String)>) -> Res<StatusCode> {
    change(c, id, &role, false).await
}

/// The latest 200 messages of the outbox (admin only).
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "admin",
    responses((status = 200, body = Vec<OutboxRow>), (status = 403, body = ErrorBody)))]
pub async fn outbox(Ctx(c): Ctx) -> Res<Json<Vec<OutboxRow>>> {
    c.outbox().await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// The organisation's data printed on receipts, its IBAN and the largest
/// online gift (admin only).
#[utoipa::path(get, path = "/api/v1/admin/settings", tag = "admin",
    responses((status = 200, body = Organisation), (status = 403, body = ErrorBody)))]
pub async fn settings(Ctx(c): Ctx) -> Res<Json<Organisation>> {
    c.organisation().await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// Change the organisation's settings (admin only); 422 names each bad field.
#[utoipa::path(put, path = "/api/v1/admin/settings", tag = "admin", request_body = SettingsInput,
    responses((status = 200, body = Organisation), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_settings(Ctx(c): Ctx, ApiJson(input): ApiJson<SettingsInput>) -> Res<Json<Organisation>> {
    c.save_organisation(input).await.map(Json).map_err(|e| HttpError(e, c.locale))
}
