//! The embeddable progress widget: the only page other sites may frame.
//! Plain HTML, no script, no cookies needed; stable URL
//! `/widget/campagne/{slug}` (add `?lang=en` for English).

use crate::state::AppState;
use crate::text::html_escape;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use shared::campaigns::CampaignStatus;
use shared::i18n::t;
use shared::money::{format_count, Cents};
use shared::Locale;

#[derive(serde::Deserialize)]
pub struct WidgetQuery {
    lang: Option<String>,
}

/// Marks a response that other sites may frame (see `security::headers`).
pub const FRAMEABLE_CSP: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors *; base-uri 'none'; form-action 'none'";

pub async fn page(State(state): State<AppState>, Path(slug): Path<String>, Query(q): Query<WidgetQuery>) -> Response {
    let l = q.lang.as_deref().and_then(Locale::parse).unwrap_or_default();
    let c = match super::by_slug(&state.db, &slug).await {
        Ok((_, c)) if c.status != CampaignStatus::Draft => c,
        _ => return (StatusCode::NOT_FOUND, Html(shared::ApiError::NotFound.message(l))).into_response(),
    };
    let percent = c.percent();
    let html = format!(
        r#"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="/pkg/legami.css"></head>
<body><main class="widget"><h1><a href="{url}/campagne/{slug}" target="_blank" rel="noopener">{title}</a></h1>
<div class="progress"><progress max="100" value="{bar}" aria-label="{progress_label}">{percent}%</progress>
<p class="progress-figures"><strong class="raised">{raised}</strong> {raised_label} {of_goal} {goal} ({percent}%)</p>
<p class="progress-figures">{donors} {donors_label}</p></div></main></body></html>"#,
        lang = l.code(),
        title = html_escape(&c.title),
        url = state.config.public_url(),
        slug = html_escape(&c.slug),
        bar = percent.min(100),
        progress_label = t::CAMPAIGN_PROGRESS.get(l),
        raised = Cents(c.raised_cents).format(l),
        raised_label = t::CAMPAIGN_RAISED.get(l),
        of_goal = t::CAMPAIGN_OF_GOAL.get(l),
        goal = Cents(c.goal_cents).format(l),
        donors = format_count(c.donors, l),
        donors_label = t::CAMPAIGN_DONORS.get(l),
    );
    ([(header::CONTENT_SECURITY_POLICY, FRAMEABLE_CSP), (header::CACHE_CONTROL, "public, max-age=60")], Html(html))
        .into_response()
}
