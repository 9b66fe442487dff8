//! The giving form: preset or custom amount, donor details, method. Each
//! form instance sends one idempotency key, so a double click or a retry
//! after a lost answer never creates a second gift.

use super::Give;
use crate::errors::{AppError, ErrorAlert};
use crate::forms::Field;
use crate::i18n::{tr, use_locale};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::campaigns::{GiftCreated, GiftRequest, PaymentMethod};
use shared::i18n::t;
use shared::money::Cents;
use shared::ApiError;

const PRESETS: [i64; 4] = [1000, 2500, 5000, 10000];

/// A random key for this form instance (the browser's crypto RNG).
pub(super) fn new_key() -> String {
    #[cfg(feature = "hydrate")]
    {
        let mut bytes = [0u8; 16];
        if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
            let _ = crypto.get_random_values_with_u8_array(&mut bytes);
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// `card`: whether a payment provider takes cards; without one the form
/// offers bank transfer alone (the server refuses a card gift anyway).
#[component]
pub fn GiveForm(slug: String, card: bool) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<Give>::new();
    let preset = RwSignal::new(Some(2500i64));
    let other = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let tax_code = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let anonymous = RwSignal::new(false);
    let method = RwSignal::new(PaymentMethod::BankTransfer);
    let key = StoredValue::new(String::new());
    let client_err = RwSignal::new(None::<AppError>);
    let errors = Signal::derive(move || client_err.get().or_else(|| action.value().get().and_then(Result::err)));
    let slug = StoredValue::new(slug);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let amount = match preset.get() {
            Some(c) => Ok(Cents(c)),
            None => Cents::parse(&other.get(), locale.get()),
        };
        let amount = match amount {
            Ok(a) => a,
            Err(code) => {
                client_err.set(Some(AppError(ApiError::validation("amount_cents", code))));
                return;
            }
        };
        let gift = GiftRequest {
            amount_cents: amount.0,
            donor_name: name.get(),
            email: email.get(),
            anonymous: anonymous.get(),
            message: message.get(),
            method: method.get().code().to_owned(),
            tax_code: Some(tax_code.get()).filter(|t| !t.trim().is_empty()),
        };
        // The same rules as the server, before anything is sent.
        if let Err(e) = gift.parse(Cents(i64::MAX)) {
            client_err.set(Some(AppError(e)));
            return;
        }
        client_err.set(None);
        if key.get_value().is_empty() {
            key.set_value(new_key());
        }
        action.dispatch(Give { slug: slug.get_value(), gift, key: key.get_value() });
    };
    let again = move |_| {
        key.set_value(String::new());
        action.value().set(None);
    };
    let amount_error = move || errors.get().and_then(|e| e.0.field_message("amount_cents", locale.get()));

    view! {
        <section class="give" aria-labelledby="give-title">
            <h2 id="give-title">{tr(t::GIVE_TITLE)}</h2>
            <Show when=move || matches!(action.value().get(), Some(Ok(_)))
                fallback=move || view! {
                <form on:submit=on_submit novalidate>
                    <ErrorAlert error=errors/>
                    <fieldset class="amounts" aria-describedby=move || amount_error().map(|_| "amount-err")>
                        <legend>{tr(t::GIVE_AMOUNT)}</legend>
                        <div class="preset-row">
                            {PRESETS.into_iter().map(|c| view! {
                                <label class="preset">
                                    <input type="radio" name="amount" value=c.to_string()
                                        prop:checked=move || preset.get() == Some(c)
                                        on:change=move |_| preset.set(Some(c))/>
                                    <span>{move || Cents(c).format(locale.get())}</span>
                                </label>
                            }).collect_view()}
                            <label class="preset">
                                <input type="radio" name="amount" value="other"
                                    prop:checked=move || preset.get().is_none()
                                    on:change=move |_| preset.set(None)/>
                                <span>{tr(t::GIVE_OTHER_AMOUNT)}</span>
                            </label>
                        </div>
                        <Show when=move || preset.get().is_none()>
                            <div class="field">
                                <label for="f-other">{tr(t::GIVE_OTHER_AMOUNT)}</label>
                                <p class="hint" id="f-other-hint">{tr(t::GIVE_AMOUNT_HINT)}</p>
                                <input id="f-other" inputmode="decimal" autocomplete="transaction-amount"
                                    aria-describedby="f-other-hint"
                                    prop:value=move || other.get() on:input=move |ev| other.set(event_target_value(&ev))/>
                            </div>
                        </Show>
                        {move || amount_error().map(|m| view! { <p class="field-error" id="amount-err">{m}</p> })}
                    </fieldset>
                    <Field name="donor_name" label=t::GIVE_NAME autocomplete="name" value=name errors/>
                    <Field name="email" label=t::GIVE_EMAIL kind="email" autocomplete="email" value=email errors/>
                    <Field name="tax_code" label=t::GIVE_TAX_CODE value=tax_code errors required=false/>
                    <div class="field">
                        <label for="f-message">{tr(t::GIVE_MESSAGE)}</label>
                        <textarea id="f-message" rows="3" maxlength="500"
                            aria-invalid=move || if errors.get().and_then(|e| e.0.field_message("message", locale.get())).is_some() { "true" } else { "false" }
                            prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                        {move || errors.get().and_then(|e| e.0.field_message("message", locale.get()))
                            .map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <div class="field checkbox">
                        <input id="f-anonymous" type="checkbox" prop:checked=move || anonymous.get()
                            on:change=move |ev| anonymous.set(event_target_checked(&ev))/>
                        <label for="f-anonymous">{tr(t::GIVE_ANONYMOUS)}</label>
                    </div>
                    <fieldset>
                        <legend>{tr(t::GIVE_METHOD)}</legend>
                        {PaymentMethod::ONLINE.into_iter().filter(|m| card || *m != PaymentMethod::Card).map(|m| view! {
                            <label class="radio">
                                <input type="radio" name="method" value=m.code()
                                    prop:checked=move || method.get() == m on:change=move |_| method.set(m)/>
                                <span>{move || m.text().get(locale.get())}</span>
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <button type="submit" class="button primary" disabled=move || action.pending().get()>
                        {tr(t::GIVE_SUBMIT)}
                    </button>
                    <crate::privacy::PrivacyNote/>
                </form>
            }>
                {move || action.value().get().and_then(Result::ok).map(|g| view! { <Given gift=g/> })}
                <button type="button" class="button" on:click=again>{tr(t::GIVE_AGAIN)}</button>
            </Show>
        </section>
    }
    .into_any()
}

/// After giving: the transfer details, or the way to the card checkout.
#[component]
fn Given(gift: GiftCreated) -> impl IntoView {
    let locale = use_locale();
    let amount = gift.amount_cents;
    view! {
        <div class="alert alert-success" role="status">
            <p><strong>{tr(t::GIVE_THANKS)}</strong> " " {move || Cents(amount).format(locale.get())}</p>
        </div>
        {match gift.checkout_url.clone() {
            Some(url) => view! {
                // rel=external: a full page load, not a route of this app.
                <p><a class="button primary" href=url rel="external">{tr(t::GIVE_CARD_CONTINUE)}</a></p>
            }.into_any(),
            None => view! {
                <p>{tr(t::GIVE_TRANSFER_INTRO)}</p>
                <dl class="transfer">
                    <dt>{tr(t::GIVE_REFERENCE)}</dt>
                    <dd><code data-testid="payment-reference">{gift.payment_reference.clone()}</code></dd>
                    <dt>{tr(t::GIVE_IBAN)}</dt>
                    <dd><code>{gift.iban.clone()}</code></dd>
                    <dt>{tr(t::GIVE_BENEFICIARY)}</dt>
                    <dd>{gift.beneficiary.clone()}</dd>
                </dl>
            }.into_any(),
        }}
    }
}
