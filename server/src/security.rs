//! Headers every response carries, and the translation of errors raised
//! below the application (body limit, unknown methods) into the same
//! translated JSON as every other error.

use crate::errors::HttpError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::{ApiError, Locale};

/// Pages set their own CSP with the hydration nonce (app::ssr); everything
/// else (API answers, files) gets the strictest policy.
const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// `secure`: the site is served over TLS (adds HSTS).
pub async fn headers(State(secure): State<bool>, req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set(h, header::CONTENT_SECURITY_POLICY, DEFAULT_CSP);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    // The campaign widget is the one page other sites may frame.
    let frameable = h.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok())
        == Some(crate::campaigns::widget::FRAMEABLE_CSP);
    if !frameable {
        set(h, header::X_FRAME_OPTIONS, "DENY");
    }
    set(h, HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=(self)");
    set(h, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    if secure {
        set(h, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    resp
}

/// The origins a state-changing request may come from: the public URL's,
/// and, when no public URL is configured (development), the one the browser
/// addressed (`Host`), so that `localhost` and `127.0.0.1` both work.
#[derive(Clone)]
pub struct Origins {
    pub public: String,
    pub follow_host: bool,
    pub scheme: &'static str,
}

impl Origins {
    pub fn from_config(config: &crate::config::Config) -> Origins {
        Origins {
            public: config.public_url(),
            follow_host: config.public_url.is_none(),
            scheme: if config.secure_cookies { "https" } else { "http" },
        }
    }
}

/// Cross-site request forgery, refused for every state-changing request
/// (server functions, the API, the hand-written pages' forms) by one rule,
/// `shared::web::same_origin`: 403 unless `Origin` (or `Referer`) is this
/// site. This also closes login CSRF. Payment webhooks are exempt: they come
/// from the provider's servers and are authenticated by their signature.
pub async fn same_origin(State(origins): State<Origins>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || req.uri().path().starts_with("/api/v1/payments/webhook/") {
        return next.run(req).await;
    }
    let h = req.headers();
    let text = |name: header::HeaderName| h.get(name).and_then(|v| v.to_str().ok());
    let host =
        origins.follow_host.then(|| text(header::HOST).map(|host| format!("{}://{host}", origins.scheme))).flatten();
    let mut allowed = vec![origins.public.as_str()];
    allowed.extend(host.as_deref());
    if shared::web::same_origin(text(header::ORIGIN), text(header::REFERER), &allowed) {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), origin = ?text(header::ORIGIN), referer = ?text(header::REFERER), "cross-site request refused");
    HttpError(ApiError::CrossSite, accept_language(h)).into_response()
}

/// Rewrites bare error answers from layers (413 from the body limit, 405,
/// 415) into the translated JSON error.
pub async fn translate_errors(req: Request, next: Next) -> Response {
    let locale = accept_language(req.headers());
    let resp = next.run(req).await;
    let is_json_or_html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json") || ct.starts_with("text/html"));
    if is_json_or_html {
        return resp;
    }
    let err = match resp.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        StatusCode::METHOD_NOT_ALLOWED => ApiError::BadRequest("method not allowed".into()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
        _ => return resp,
    };
    let status = resp.status();
    let mut out = HttpError(err, locale).into_response();
    *out.status_mut() = status;
    out
}

/// Server functions answer errors with 500 unless told otherwise; argument
/// errors never reach our code. This reads the error a server function
/// returned and gives the answer the status that error maps to (400 for
/// bad arguments, 403, 422 …), so bad input is never a 500.
pub async fn server_fn_status(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    if resp.status() != StatusCode::INTERNAL_SERVER_ERROR || !resp.headers().contains_key("serverfnerror") {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, parts.headers).into_response();
    };
    if let Ok(err) = serde_json::from_slice::<ApiError>(&bytes) {
        parts.status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Request body limits: the configured one everywhere, 11 MB where files are
/// uploaded (campaign expenses, application attachments: 10 MB per file plus
/// the form around it) and for the GeoJSON files of zones admins import (a few
/// MB of coordinates). Bodies that announce a larger size are refused before
/// they are read; others are cut off at the limit while being read.
pub async fn limit_body(State(limit): State<usize>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let upload = req.method() == axum::http::Method::POST
        && (path.ends_with("/expenses") || path.ends_with("/attachments") || path == "/api/v1/zones");
    let limit = if upload { shared::files::MAX_ATTACHMENT_BYTES + 1024 * 1024 } else { limit };
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return HttpError(ApiError::PayloadTooLarge, accept_language(req.headers())).into_response();
    }
    let (parts, body) = req.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

/// The language a request asks for, before any session is read.
pub fn accept_language(headers: &axum::http::HeaderMap) -> Locale {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::from_accept_language)
        .unwrap_or_default()
}
