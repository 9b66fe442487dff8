//! Staff record an expense with its document. The file goes to the JSON API
//! as multipart (a server function would need the whole file in memory as
//! an argument); the browser sends the idempotency key of this form.

use crate::errors::{AppError, ErrorAlert};
use crate::forms::Field;
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use shared::campaigns::{ExpenseCategory, ExpenseInput};
use shared::error::FieldError;
use shared::i18n::t;
use shared::money::Cents;
use shared::ApiError;

/// Sends the form with its document, if one is chosen.
#[cfg(feature = "hydrate")]
async fn send(slug: &str, input: &ExpenseInput, key: &str) -> Result<(), crate::forms::Refusal> {
    use wasm_bindgen::JsCast;
    let fail = |m: &str| (m.to_owned(), Vec::new());
    let form = web_sys::FormData::new().map_err(|_| fail("FormData"))?;
    let json = serde_json::to_string(input).map_err(|_| fail("json"))?;
    form.append_with_str("expense", &json).map_err(|_| fail("form"))?;
    let file = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("f-document"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .and_then(|f| f.get(0));
    if let Some(file) = file {
        form.append_with_blob_and_filename("attachment", &file, &file.name()).map_err(|_| fail("file"))?;
    }
    crate::forms::post_multipart(&format!("/api/v1/campaigns/{slug}/expenses"), &form, Some(key)).await
}

#[component]
pub fn ExpenseForm(slug: String) -> impl IntoView {
    let locale = use_locale();
    let amount = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let category = RwSignal::new(ExpenseCategory::Bills);
    let supplier = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let key = StoredValue::new(String::new());
    let client_err = RwSignal::new(None::<AppError>);
    let server_err = RwSignal::new(None::<(String, Vec<(String, String)>)>);
    let done = RwSignal::new(false);
    let slug = StoredValue::new(slug);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        server_err.set(None);
        let cents = match Cents::parse(&amount.get(), locale.get()) {
            Ok(c) => c.0,
            Err(code) => {
                client_err.set(Some(AppError(ApiError::Validation(vec![FieldError::new("amount_cents", code)]))));
                return;
            }
        };
        let input = ExpenseInput {
            amount_cents: cents,
            spent_on: date.get(),
            category: category.get().code().to_owned(),
            supplier: supplier.get(),
            description: description.get(),
        };
        if let Err(e) = input.parse() {
            client_err.set(Some(AppError(e)));
            return;
        }
        client_err.set(None);
        if key.get_value().is_empty() {
            key.set_value(super::give::new_key());
        }
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            match send(&slug.get_value(), &input, &key.get_value()).await {
                Ok(()) => {
                    done.set(true);
                    key.set_value(String::new());
                    amount.set(String::new());
                    supplier.set(String::new());
                    description.set(String::new());
                }
                Err(e) => server_err.set(Some(e)),
            }
        });
        // Without the browser there is nothing to send (the form needs JavaScript).
        #[cfg(not(feature = "hydrate"))]
        let _ = (slug, input);
    };
    view! {
        <section class="give" aria-labelledby="expense-title">
            <h2 id="expense-title">{tr(t::EXPENSE_FORM_TITLE)}</h2>
            {move || done.get().then(|| view! { <p class="alert alert-success" role="status">{tr(t::EXPENSE_DONE)}</p> })}
            {move || server_err.get().map(|(message, fields)| view! {
                <div class="alert alert-error" role="alert">
                    <p>{message}</p>
                    <ul>{fields.into_iter().map(|(_, m)| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            })}
            <form on:submit=on_submit novalidate>
                <ErrorAlert error=client_err/>
                <Field form="expense" name="amount_cents" label=t::GIVE_AMOUNT value=amount errors=client_err hint=t::GIVE_AMOUNT_HINT/>
                <Field name="spent_on" label=t::EXPENSE_DATE kind="date" value=date errors=client_err/>
                <div class="field">
                    <label for="f-category">{tr(t::COL_CATEGORY)}</label>
                    <select id="f-category" on:change=move |ev| {
                        if let Some(c) = ExpenseCategory::parse(&event_target_value(&ev)) { category.set(c) }
                    }>
                        {ExpenseCategory::ALL.into_iter().map(|c| view! {
                            <option value=c.code() selected=move || category.get() == c>{move || c.text().get(locale.get())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field name="supplier" label=t::COL_SUPPLIER value=supplier errors=client_err/>
                <Field name="description" label=t::EXPENSE_DESCRIPTION value=description errors=client_err required=false/>
                <div class="field">
                    <label for="f-document">{tr(t::EXPENSE_DOCUMENT)}</label>
                    <input id="f-document" type="file" accept="application/pdf,image/jpeg,image/png"/>
                </div>
                <button type="submit" class="button primary">{tr(t::EXPENSE_SUBMIT)}</button>
            </form>
        </section>
    }
    .into_any()
}
