//! The frame of every page: header with navigation and language switch,
//! footer with the data attribution, and the not-found page.

use crate::auth::{use_auth, SetLanguage};
use crate::i18n::{switch_locale, tr, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::i18n::t;
use shared::people::Role;
use shared::Locale;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="header-inner">
                <A href="/" attr:class="brand">
                    <span class="brand-name">"Legami"</span>
                    <span class="brand-tagline">{tr(t::TAGLINE)}</span>
                </A>
                <nav aria-label=tr(t::NAV_LABEL)>
                    <ul class="nav-list">
                        <li><A href="/mappa">{tr(t::NAV_MAP)}</A></li>
                        <li><A href="/campagne">{tr(t::NAV_CAMPAIGNS)}</A></li>
                        <li><A href="/bandi">{tr(t::NAV_CALLS)}</A></li>
                        <AdminLinks/>
                    </ul>
                </nav>
                <div class="header-tools">
                    <AccountBox/>
                    <LanguageSwitch/>
                </div>
            </div>
        </header>
    }
}

#[component]
fn AdminLinks() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let me = auth.me.await.ok().flatten();
                let is_staff = me.as_ref().is_some_and(|m| m.is_staff());
                let is_admin = me.as_ref().is_some_and(|m| m.has(Role::Admin));
                view! {
                    {is_staff.then(|| view! {
                        <li><A href="/staff/donazioni">{tr(t::NAV_GIFTS)}</A></li>
                        <li><A href="/staff/campagne">{tr(t::NAV_MANAGE_CAMPAIGNS)}</A></li>
                        <li><A href="/staff/rendiconto">{tr(t::NAV_REPORT)}</A></li>
                    })}
                    {is_admin.then(|| view! {
                        <li><A href="/admin/persone">{tr(t::NAV_PEOPLE)}</A></li>
                        <li><A href="/admin/messaggi">{tr(t::NAV_OUTBOX)}</A></li>
                        <li><A href="/admin/impostazioni">{tr(t::NAV_SETTINGS)}</A></li>
                        <li><A href="/admin/mappa">{tr(t::NAV_MAP_ADMIN)}</A></li>
                    })}
                }
            })}
        </Transition>
    }
}

#[component]
fn AccountBox() -> impl IntoView {
    let auth = use_auth();
    let locale = use_locale();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if matches!(auth.sign_out.value().get(), Some(Ok(()))) {
            navigate("/", Default::default());
        }
    });
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match auth.me.await {
                    Ok(Some(me)) => view! {
                        <A href="/profilo" attr:class="signed-in">
                            <span class="visually-hidden">{tr(t::SIGNED_IN_AS)} " "</span>
                            <span data-testid="me-name">{me.display_name}</span>
                            <span class="visually-hidden">{move || format!(" ({})", t::NAV_PROFILE.get(locale.get()))}</span>
                        </A>
                        <form method="post" action="/fn/sign_out" class="inline-form"
                            on:submit=move |ev| { ev.prevent_default(); auth.sign_out.dispatch(crate::auth::SignOut {}); }>
                            <button type="submit" class="button link">{tr(t::NAV_SIGN_OUT)}</button>
                        </form>
                    }.into_any(),
                    _ => view! {
                        <A href="/accedi" attr:class="button">{tr(t::NAV_SIGN_IN)}</A>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Buttons naming each language in itself; the current one is marked.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SetLanguage>::new();
    view! {
        <div class="lang-switch" role="group" aria-label=tr(t::LANGUAGE)>
            {Locale::ALL.into_iter().map(|l| view! {
                <button type="button" lang=l.code()
                    aria-pressed=move || if locale.get() == l { "true" } else { "false" }
                    on:click=move |_| { switch_locale(l); save.dispatch(SetLanguage { language: l }); }>
                    {l.native_name()}
                </button>
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>{tr(t::FOOTER_TEXT)}</p>
            <p><A href="/privacy">{tr(t::PRIVACY_TITLE)}</A></p>
            <p class="attribution">{tr(t::ATTRIBUTION)}</p>
        </footer>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=tr(t::NOT_FOUND_TITLE)/>
        <section class="narrow">
            <h1>{tr(t::NOT_FOUND_TITLE)}</h1>
            <p>{tr(t::NOT_FOUND_TEXT)}</p>
            <p><A href="/">{tr(t::BACK_HOME)}</A></p>
        </section>
    }
}

/// What a page shows while its data loads (announced as busy).
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p aria-busy="true">{tr(t::LOADING)}</p> }
}
