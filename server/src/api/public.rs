use super::ApiDoc;
use crate::ctx::Ctx;
use crate::errors::HttpError;
use app::ssr::Backend;
use axum::Json;
use shared::dto::{HomeStats, MunicipalityRow};
use shared::ApiError;
use utoipa::OpenApi;

/// Live counts shown on the home page.
#[utoipa::path(get, path = "/api/v1/stats", tag = "public", responses((status = 200, body = HomeStats)))]
pub async fn stats(Ctx(c): Ctx) -> Result<Json<HomeStats>, HttpError> {
    c.home_stats().await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// The 113 municipalities with their district.
#[utoipa::path(get, path = "/api/v1/municipalities", tag = "public", responses((status = 200, body = Vec<MunicipalityRow>)))]
pub async fn municipalities(Ctx(c): Ctx) -> Result<Json<Vec<MunicipalityRow>>, HttpError> {
    c.municipalities().await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "public", responses((status = 200, description = "OpenAPI 3.1 document")))]
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

pub async fn not_found(Ctx(c): Ctx) -> HttpError {
    HttpError(ApiError::NotFound, c.locale)
}
