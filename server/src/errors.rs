//! [`ApiError`] on the HTTP side: one mapping to status, JSON body and
//! translated message, used by every route and middleware.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use shared::{ApiError, Locale};
use std::collections::BTreeMap;

/// The JSON body of every error answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable code, e.g. `validation`, `forbidden`.
    pub error: &'static str,
    /// Translated message for people.
    pub message: &'static str,
    /// Translated message per invalid field.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, &'static str>,
}

/// An error ready to be answered in a language.
#[derive(Debug)]
pub struct HttpError(pub ApiError, pub Locale);

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let HttpError(err, locale) = self;
        let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let fields = match &err {
            ApiError::Validation(fs) => fs.iter().map(|f| (f.field.clone(), f.code.text().get(locale))).collect(),
            _ => BTreeMap::new(),
        };
        let body = ErrorBody { error: err.code(), message: err.message(locale), fields };
        let mut resp = (status, axum::Json(body)).into_response();
        if let ApiError::RateLimited { retry_after_secs } = err {
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        resp
    }
}

/// Logs a database error with its cause and hides it from the client.
pub fn db_error(e: sqlx::Error) -> ApiError {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
            tracing::error!(error = ?e, "database unavailable");
            ApiError::Unavailable
        }
        other => {
            tracing::error!(error = ?other, "database error");
            ApiError::Internal
        }
    }
}
