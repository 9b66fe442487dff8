//! Accessible form pieces: every input has a label, its hint and error are
//! tied to it with `aria-describedby`, and errors are announced.

use crate::errors::AppError;
use crate::i18n::use_locale;
use leptos::prelude::*;
use shared::Text;

/// A labelled input bound to `value`. `errors` is the form's current error;
/// the field shows the message that names it.
#[component]
pub fn Field(
    name: &'static str,
    label: Text,
    value: RwSignal<String>,
    #[prop(into)] errors: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<Text>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(default = true)] required: bool,
    /// Distinguishes fields of two forms on one page (ids must be unique).
    #[prop(optional)]
    form: Option<&'static str>,
) -> impl IntoView {
    let locale = use_locale();
    let id = match form {
        Some(f) => format!("f-{f}-{name}"),
        None => format!("f-{name}"),
    };
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-err");
    let message = move || errors.get().and_then(|e| e.0.field_message(name, locale.get()));
    let described = {
        let (hint_id, err_id) = (hint_id.clone(), err_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <label for=id.clone()>{move || label.get(locale.get())}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{move || h.get(locale.get())}</p> })}
            <input
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                aria-invalid=move || if message().is_some() { "true" } else { "false" }
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {move || message().map(|m| view! { <p class="field-error" id=err_id.clone()>{m}</p> })}
        </div>
    }
}
