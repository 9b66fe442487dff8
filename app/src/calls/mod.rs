//! Calls for enterprise ideas. The application workflow arrives with the
//! enterprise-idea calls issue; the page says so plainly.

#[cfg(feature = "ssr")]
pub mod ssr;

use crate::i18n::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::i18n::t;

#[component]
pub fn CallsPage() -> impl IntoView {
    view! {
        <Title text=tr(t::CALLS_TITLE)/>
        <h1>{tr(t::CALLS_TITLE)}</h1>
        <p>{tr(t::CALLS_COMING)}</p>
    }
}
