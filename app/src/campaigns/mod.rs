//! Fundraising campaigns. The ledger, giving and receipts arrive with the
//! donation-campaigns issue; the page says so plainly.

#[cfg(feature = "ssr")]
pub mod ssr;

use crate::i18n::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::i18n::t;

#[component]
pub fn CampaignsPage() -> impl IntoView {
    view! {
        <Title text=tr(t::CAMPAIGNS_TITLE)/>
        <h1>{tr(t::CAMPAIGNS_TITLE)}</h1>
        <p>{tr(t::CAMPAIGNS_COMING)}</p>
    }
}
