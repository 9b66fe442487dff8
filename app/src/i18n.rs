//! The current language as a signal: components read text through [`use_t`]
//! and re-render when the person switches language, without a reload.

use leptos::prelude::*;
use shared::{Locale, Text};

#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Locale>);

pub fn provide_i18n() {
    provide_context(I18n(RwSignal::new(initial_locale())));
}

/// On the server: what the request asked for (session, profile,
/// Accept-Language). In the browser: what the server rendered into `<html lang>`.
fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::request_locale()
    }
    #[cfg(not(feature = "ssr"))]
    {
        #[cfg(feature = "hydrate")]
        {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
                .and_then(|e| e.get_attribute("lang"))
                .and_then(|l| Locale::parse(&l))
                .unwrap_or_default()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            Locale::default()
        }
    }
}

pub fn use_locale() -> RwSignal<Locale> {
    use_context::<I18n>().map(|i| i.0).unwrap_or_else(|| RwSignal::new(Locale::default()))
}

/// A reactive translation: `{tr(t::NAV_MAP)}` in a view follows the language.
pub fn tr(text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || text.get(locale.get())
}

/// Switches the language in the page at once and keeps `<html lang>` in step
/// (screen readers pick the voice from it).
pub fn switch_locale(locale: Locale) {
    use_locale().set(locale);
    #[cfg(feature = "hydrate")]
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = el.set_attribute("lang", locale.code());
    }
}
