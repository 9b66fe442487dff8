//! Legami's interface: Leptos components and the server functions they call.
//!
//! Compiled with `ssr` into the server and with `hydrate` into the browser.
//! Server functions never touch the database themselves: they call the
//! [`ssr::Backend`] that the server crate implements and attaches to every
//! request (see `ssr.rs` and the README's architecture section).

// Leptos view types nest deeply; the optimised WASM build needs more room.
#![recursion_limit = "256"]

pub mod admin;
pub mod auth;
pub mod calls;
pub mod campaigns;
pub mod errors;
pub mod forms;
pub mod home;
pub mod hydration;
pub mod i18n;
pub mod labs;
pub mod layout;
pub mod privacy;
#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

/// The HTML document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let lang = ssr::request_locale().code();
    #[cfg(not(feature = "ssr"))]
    let lang = "it";
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <hydration::Hydration options/>
                <leptos_meta::MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    i18n::provide_i18n();
    auth::provide_auth();
    #[cfg(feature = "ssr")]
    ssr::set_page_security_headers();
    // Effects run only in the browser: this marks the page as interactive,
    // which the browser tests wait for before clicking.
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/legami.css"/>
        <Title formatter=move |page: String| {
            if page.is_empty() { "Legami".to_string() } else { format!("{page} · Legami") }
        }/>
        <Router>
            <a class="skip-link" href="#main">{i18n::tr(shared::i18n::t::SKIP_TO_CONTENT)}</a>
            <layout::Header/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <layout::NotFound/> }>
                    <Route path=path!("/") view=home::HomePage/>
                    <Route path=path!("/mappa") view=labs::map::MapPage/>
                    <Route path=path!("/laboratori/:id") view=labs::page::LabPage/>
                    <Route path=path!("/staff/laboratori/nuovo") view=labs::form::NewLabPage/>
                    <Route path=path!("/staff/laboratori/:id/modifica") view=labs::form::EditLabPage/>
                    <Route path=path!("/campagne") view=campaigns::CampaignsPage/>
                    <Route path=path!("/campagne/:slug") view=campaigns::CampaignPageView/>
                    <Route path=path!("/staff/donazioni") view=campaigns::StaffGiftsPage/>
                    <Route path=path!("/staff/campagne") view=campaigns::ManageCampaignsPage/>
                    <Route path=path!("/staff/campagne/:slug") view=campaigns::ManageCampaignPage/>
                    <Route path=path!("/staff/rendiconto") view=campaigns::FunderReportPage/>
                    <Route path=path!("/bandi") view=calls::CallsPage/>
                    <Route path=path!("/bandi/domande/:id") view=calls::ApplicationPage/>
                    <Route path=path!("/bandi/:id/graduatoria") view=calls::RankingPage/>
                    <Route path=path!("/bandi/:id") view=calls::CallPage/>
                    <Route path=path!("/staff/bandi/nuovo") view=calls::NewCallPage/>
                    <Route path=path!("/staff/bandi/:id/modifica") view=calls::EditCallPage/>
                    <Route path=path!("/accedi") view=auth::SignInPage/>
                    <Route path=path!("/registrati") view=auth::RegisterPage/>
                    <Route path=path!("/registrati/conferma") view=auth::ConfirmRegistrationPage/>
                    <Route path=path!("/password/dimenticata") view=auth::ForgotPasswordPage/>
                    <Route path=path!("/password/nuova") view=auth::ResetPasswordPage/>
                    <Route path=path!("/profilo") view=privacy::ProfilePage/>
                    <Route path=path!("/privacy") view=privacy::PrivacyPage/>
                    <Route path=path!("/admin/persone") view=admin::PeoplePage/>
                    <Route path=path!("/admin/messaggi") view=admin::OutboxPage/>
                    <Route path=path!("/admin/impostazioni") view=admin::SettingsPage/>
                    <Route path=path!("/admin/mappa") view=labs::admin::MapAdminPage/>
                </Routes>
            </main>
            <layout::Footer/>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
