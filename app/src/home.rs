//! The home page: the three areas of the programme, with live counts.

use crate::errors::{AppError, ErrorAlert};
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use shared::dto::HomeStats;
use shared::i18n::t;
use shared::money::format_count;
use shared::Text;

#[server(prefix = "/fn", endpoint = "load_home_stats")]
pub async fn load_home_stats() -> Result<HomeStats, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.home_stats().await)
}

#[component]
fn Stat(value: i64, label: Text) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p class="stat">
            <span class="stat-value">{move || format_count(value, locale.get())}</span>
            " "
            <span class="stat-label">{move || label.get(locale.get())}</span>
        </p>
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let stats = Resource::new(|| (), |_| load_home_stats());
    let cards = move |s: HomeStats| {
        view! {
            <div class="cards">
                <article class="card">
                    <h2><A href="/mappa">{tr(t::HOME_MAP_TITLE)}</A></h2>
                    <p>{tr(t::HOME_MAP_TEXT)}</p>
                    <Stat value=s.municipalities label=t::STAT_MUNICIPALITIES/>
                    <Stat value=s.districts label=t::STAT_DISTRICTS/>
                </article>
                <article class="card">
                    <h2><A href="/campagne">{tr(t::HOME_CAMPAIGNS_TITLE)}</A></h2>
                    <p>{tr(t::HOME_CAMPAIGNS_TEXT)}</p>
                </article>
                <article class="card">
                    <h2><A href="/bandi">{tr(t::HOME_CALLS_TITLE)}</A></h2>
                    <p>{tr(t::HOME_CALLS_TEXT)}</p>
                </article>
            </div>
        }
    };
    view! {
        <Title text=""/>
        <section class="hero">
            <h1>{tr(t::HOME_TITLE)}</h1>
            <p class="lead">{tr(t::HOME_INTRO)}</p>
        </section>
        <Suspense fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(s) => cards(s).into_any(),
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
