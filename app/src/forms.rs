//! Accessible form pieces: every input has a label, its hint and error are
//! tied to it with `aria-describedby`, and errors are announced.

use crate::errors::AppError;
use crate::i18n::use_locale;
use leptos::prelude::*;
use shared::Text;

/// The ids of a field: its own, its hint's and its error's.
struct Ids {
    id: String,
    hint: String,
    err: String,
}

impl Ids {
    /// `form` distinguishes fields of two forms on one page (ids must be unique).
    fn new(form: Option<&str>, name: &str) -> Ids {
        let id = match form {
            Some(f) => format!("f-{f}-{name}"),
            None => format!("f-{name}"),
        };
        Ids { hint: format!("{id}-hint"), err: format!("{id}-err"), id }
    }

    /// `aria-describedby`: the hint if there is one, the error while shown.
    fn described(&self, has_hint: bool, has_error: impl Fn() -> bool) -> Option<String> {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(self.hint.clone());
        }
        if has_error() {
            ids.push(self.err.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

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
    /// A hint that is built at run time (e.g. with an amount in it).
    #[prop(optional, into)]
    hint_text: Option<Signal<String>>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(default = true)] required: bool,
    /// Distinguishes fields of two forms on one page (ids must be unique).
    #[prop(optional, into)]
    form: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let ids = Ids::new(form.as_deref(), name);
    let message = move || errors.get().and_then(|e| e.0.field_message(name, locale.get()));
    let has_hint = hint.is_some() || hint_text.is_some();
    let described = ids.described(has_hint, || false);
    let described_err = ids.described(has_hint, || true);
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <label for=ids.id.clone()>{move || label.get(locale.get())}</label>
            {has_hint.then(|| view! {
                <p class="hint" id=ids.hint.clone()>
                    {move || hint.map(|h| h.get(locale.get()).to_owned()).or_else(|| hint_text.map(|h| h.get())).unwrap_or_default()}
                </p>
            })}
            <input
                id=ids.id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                required=required
                aria-invalid=move || if message().is_some() { "true" } else { "false" }
                aria-describedby=move || if message().is_some() { described_err.clone() } else { described.clone() }
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {move || message().map(|m| view! { <p class="field-error" id=ids.err.clone()>{m}</p> })}
        </div>
    }
}

/// A labelled multi-line field with a count of the characters left: a text
/// over `max` is shown as an error, never cut (nothing typed is lost).
#[component]
pub fn TextArea(
    name: &'static str,
    label: Text,
    value: RwSignal<String>,
    #[prop(into)] errors: Signal<Option<AppError>>,
    #[prop(optional)] hint: Option<Text>,
    max: usize,
    #[prop(default = 5)] rows: u32,
    #[prop(optional, into)] form: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let ids = Ids::new(form.as_deref(), name);
    let count_id = format!("{}-count", ids.id);
    let message = move || errors.get().and_then(|e| e.0.field_message(name, locale.get()));
    let used = move || value.with(|v| v.chars().count());
    let described = {
        let base = ids.described(hint.is_some(), || false);
        let with_err = ids.described(hint.is_some(), || true);
        let count_id = count_id.clone();
        move || {
            let b = if message().is_some() { with_err.clone() } else { base.clone() };
            Some(match b {
                Some(b) => format!("{b} {count_id}"),
                None => count_id.clone(),
            })
        }
    };
    view! {
        <div class="field" class:field-invalid=move || { message().is_some() || used() > max }>
            <label for=ids.id.clone()>{move || label.get(locale.get())}</label>
            {hint.map(|h| view! { <p class="hint" id=ids.hint.clone()>{move || h.get(locale.get())}</p> })}
            <textarea
                id=ids.id.clone()
                name=name
                rows=rows
                aria-invalid=move || if message().is_some() { "true" } else { "false" }
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            <p class="hint char-count" id=count_id>
                {move || format!("{} / {max}", used())}
            </p>
            {move || message().map(|m| view! { <p class="field-error" id=ids.err.clone()>{m}</p> })}
        </div>
    }
}

/// The errors of row `i` of a list in a form (`{list}[{i}].{kind}`),
/// renamed `kind`, so the row's own [`Field`] named `kind` shows them.
pub fn indexed_errors(
    err: Signal<Option<AppError>>,
    list: &'static str,
    i: usize,
    kind: &'static str,
) -> Signal<Option<AppError>> {
    use shared::ApiError;
    Signal::derive(move || {
        err.get().and_then(|e| match e.0 {
            ApiError::Validation(fields) => {
                let name = format!("{list}[{i}].{kind}");
                let mine: Vec<_> = fields
                    .into_iter()
                    .filter(|f| f.field == name)
                    .map(|mut f| {
                        f.field = kind.to_owned();
                        f
                    })
                    .collect();
                (!mine.is_empty()).then_some(AppError(ApiError::Validation(mine)))
            }
            _ => None,
        })
    })
}

/// What the JSON API answered when it refused: its message and the message
/// of each field.
pub type Refusal = (String, Vec<(String, String)>);

/// Sends a multipart form to the JSON API (files do not go through server
/// functions: they would need the whole file as an argument). `Ok` on any
/// 2xx; the `Idempotency-Key` header when given.
#[cfg(feature = "hydrate")]
pub async fn post_multipart(url: &str, form: &web_sys::FormData, key: Option<&str>) -> Result<(), Refusal> {
    use wasm_bindgen::JsCast;
    let fail = |m: &str| (m.to_owned(), Vec::new());
    let headers = web_sys::Headers::new().map_err(|_| fail("headers"))?;
    if let Some(key) = key {
        headers.set("Idempotency-Key", key).map_err(|_| fail("headers"))?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(form);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let window = web_sys::window().ok_or_else(|| fail("window"))?;
    let resp = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| fail(shared::i18n::t::ERR_UNAVAILABLE.get(crate::i18n::use_locale().get_untracked())))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| fail("response"))?;
    if (200..300).contains(&resp.status()) {
        return Ok(());
    }
    let text = match resp.text() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.ok().and_then(|v| v.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    let body: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let message = body["message"].as_str().unwrap_or(shared::i18n::t::ERR_INTERNAL.it).to_owned();
    let fields = body["fields"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect())
        .unwrap_or_default();
    Err((message, fields))
}

/// Sends one file as the multipart part `field`.
#[cfg(feature = "hydrate")]
pub async fn post_file(url: &str, field: &str, file: &web_sys::File) -> Result<(), Refusal> {
    let form = web_sys::FormData::new().map_err(|_| ("FormData".to_owned(), Vec::new()))?;
    form.append_with_blob_and_filename(field, file, &file.name()).map_err(|_| ("form".to_owned(), Vec::new()))?;
    post_multipart(url, &form, None).await
}

/// The language of a person's account (registration, profile), each
/// language named in itself.
#[component]
pub fn LanguageSelect(value: RwSignal<String>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="field">
            <label for="f-language">{move || shared::i18n::t::FIELD_LANGUAGE.get(locale.get())}</label>
            <select id="f-language" name="language"
                on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()>
                {shared::Locale::ALL.into_iter().map(|l| view! {
                    <option value=l.code() lang=l.code()>{l.native_name()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
