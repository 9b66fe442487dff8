//! The server-function side of [`shared::ApiError`]: one wrapper that
//! crosses the wire, and one component that shows it translated.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use shared::ApiError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{0}")]
pub struct AppError(pub ApiError);

impl From<ApiError> for AppError {
    fn from(e: ApiError) -> Self {
        AppError(e)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError(match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => ApiError::BadRequest(m),
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => ApiError::Unavailable,
            _ => ApiError::Internal,
        })
    }
}

/// Ends a server function: on error, sets the HTTP status the error maps to.
#[cfg(feature = "ssr")]
pub fn respond<T>(result: Result<T, ApiError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(code) = http::StatusCode::from_u16(e.status()) {
                resp.set_status(code);
            }
        }
    }
    result.map_err(AppError)
}

/// An error message for people: translated, announced by screen readers.
#[component]
pub fn ErrorAlert(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let locale = crate::i18n::use_locale();
    move || {
        error.get().map(|e| {
            view! {
                <div class="alert alert-error" role="alert">
                    {e.0.message(locale.get())}
                </div>
            }
        })
    }
}
