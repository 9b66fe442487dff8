//! A JSON body extractor whose rejections are our translated errors.

use crate::ctx::Ctx;
use crate::errors::HttpError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use shared::error::{FieldError, ValidationCode};
use shared::{ApiError, Locale};

pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = HttpError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let locale = req.extensions().get::<Ctx>().map(|c| c.0.locale).unwrap_or(Locale::It);
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(HttpError(map_rejection(rejection), locale)),
        }
    }
}

fn map_rejection(r: JsonRejection) -> ApiError {
    match r {
        JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType,
        JsonRejection::JsonDataError(e) => {
            // serde names the field in "missing field `x`": report it as such.
            let text = e.body_text();
            match text.split("missing field `").nth(1).and_then(|s| s.split('`').next()) {
                Some(field) => ApiError::Validation(vec![FieldError::new(field, ValidationCode::Required)]),
                None => ApiError::BadRequest(text),
            }
        }
        JsonRejection::JsonSyntaxError(e) => ApiError::BadRequest(e.body_text()),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        other => ApiError::BadRequest(other.body_text()),
    }
}
