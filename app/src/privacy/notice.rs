//! The privacy notice (`/privacy`), naming the controller from the
//! organisation's settings, and the note that links to it from every form
//! that collects personal data.

use super::privacy_controller;
use crate::errors::ErrorAlert;
use crate::i18n::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use shared::i18n::t;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let controller = Resource::new(|| (), |_| privacy_controller());
    let section = |title: shared::Text, texts: Vec<shared::Text>| {
        view! {
            <h2>{tr(title)}</h2>
            {texts.into_iter().map(|text| view! { <p>{tr(text)}</p> }).collect_view()}
        }
    };
    view! {
        <Title text=tr(t::PRIVACY_TITLE)/>
        <article class="narrow prose">
            <h1>{tr(t::PRIVACY_TITLE)}</h1>
            <p>{tr(t::PRIVACY_INTRO)}</p>
            <h2>{tr(t::PRIVACY_CONTROLLER)}</h2>
            <Suspense fallback=crate::layout::Loading>
                {move || Suspend::new(async move {
                    match controller.await {
                        Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                        Ok(c) => view! {
                            <address data-testid="controller">
                                <strong>{c.name}</strong><br/>{c.address}<br/>
                                {tr(t::PRIVACY_TAX_CODE)} ": " {c.tax_code}
                            </address>
                        }.into_any(),
                    }
                })}
            </Suspense>
            {section(t::PRIVACY_WHAT, vec![
                t::PRIVACY_WHAT_ACCOUNT, t::PRIVACY_WHAT_GIFTS, t::PRIVACY_WHAT_CALLS, t::PRIVACY_WHAT_SECURITY,
            ])}
            {section(t::PRIVACY_HOW_LONG, vec![t::PRIVACY_HOW_LONG_TEXT])}
            {section(t::PRIVACY_WHO, vec![t::PRIVACY_WHO_TEXT])}
            {section(t::PRIVACY_RIGHTS, vec![t::PRIVACY_RIGHTS_TEXT])}
            <p><A href="/profilo">{tr(t::PROFILE_TITLE)}</A></p>
        </article>
    }
}

/// One line under a form that collects personal data.
#[component]
pub fn PrivacyNote() -> impl IntoView {
    view! {
        <p class="privacy-note muted">
            {tr(t::PRIVACY_NOTE)} " " <A href="/privacy">{tr(t::PRIVACY_NOTE_LINK)}</A>
        </p>
    }
}
