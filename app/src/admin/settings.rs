//! The organisation's settings: data printed on receipts, the IBAN shown to
//! donors who give by transfer, and the largest online gift.

use crate::errors::{AppError, ErrorAlert};
use crate::forms::Field;
use crate::i18n::{tr, use_locale};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::i18n::t;
use shared::money::Cents;
use shared::settings::{Iban, Organisation, SettingsInput};
use shared::ApiError;

#[server(prefix = "/fn", endpoint = "load_settings")]
pub async fn load_settings() -> Result<Organisation, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.organisation().await)
}

#[server(prefix = "/fn", endpoint = "save_settings", input = leptos::server_fn::codec::Json)]
pub async fn save_settings(input: SettingsInput) -> Result<Organisation, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.save_organisation(input).await)
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let current = Resource::new(|| (), |_| load_settings());
    view! {
        <Title text=tr(t::SETTINGS_TITLE)/>
        <h1>{tr(t::SETTINGS_TITLE)}</h1>
        <p>{tr(t::SETTINGS_INTRO)}</p>
        <Suspense fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match current.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(org) => view! { <SettingsForm org/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The form, filled with the stored values; validated in the browser with
/// the same rules as on the server before anything is sent.
#[component]
fn SettingsForm(org: Organisation) -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SaveSettings>::new();
    let name = RwSignal::new(org.name);
    let address = RwSignal::new(org.address);
    let tax_code = RwSignal::new(org.tax_code);
    let iban = RwSignal::new(Iban::grouped(&org.iban));
    let bank = RwSignal::new(org.bank);
    let max_gift = RwSignal::new(org.max_gift.format_input(locale.get_untracked()));
    let client_err = RwSignal::new(None::<AppError>);
    let errors = Signal::derive(move || client_err.get().or_else(|| save.value().get().and_then(Result::err)));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let max_gift_cents = match Cents::parse(&max_gift.get(), locale.get()) {
            Ok(c) => c.0,
            Err(code) => {
                client_err.set(Some(AppError(ApiError::validation("max_gift_cents", code))));
                return;
            }
        };
        let input = SettingsInput {
            name: name.get(),
            address: address.get(),
            tax_code: tax_code.get(),
            iban: iban.get(),
            bank: bank.get(),
            max_gift_cents,
        };
        if let Err(e) = input.validate() {
            client_err.set(Some(AppError(e)));
            return;
        }
        client_err.set(None);
        save.dispatch(SaveSettings { input });
    };
    let saved = move || matches!(save.value().get(), Some(Ok(_))) && client_err.get().is_none();
    view! {
        <form on:submit=on_submit novalidate class="narrow">
            <ErrorAlert error=errors/>
            {move || saved().then(|| view! { <p class="alert alert-success" role="status">{tr(t::SAVED)}</p> })}
            <Field name="name" label=t::F_ORG_NAME value=name errors autocomplete="organization"/>
            <Field name="address" label=t::F_ORG_ADDRESS value=address errors autocomplete="street-address"/>
            <Field name="tax_code" label=t::F_ORG_TAX_CODE value=tax_code errors/>
            <Field name="iban" label=t::F_IBAN value=iban errors/>
            <Field name="bank" label=t::F_BANK value=bank errors required=false/>
            <Field name="max_gift_cents" label=t::F_MAX_GIFT value=max_gift errors hint=t::GIVE_AMOUNT_HINT/>
            <button type="submit" class="button primary">{tr(t::SAVE)}</button>
        </form>
    }
}
