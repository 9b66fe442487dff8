use super::{use_auth, ConfirmPasswordReset, RequestPasswordReset};
use crate::errors::{AppError, ErrorAlert};
use crate::forms::{Field, LanguageSelect};
use crate::i18n::{switch_locale, tr, use_locale};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::i18n::t;
use shared::people::{Password, RegisterRequest, SignInRequest};
use shared::ApiError;

/// The error to show: what the browser found before sending, else what the
/// server answered.
fn form_error(
    client: RwSignal<Option<AppError>>,
    server: impl Fn() -> Option<AppError> + Send + Sync + 'static,
) -> Signal<Option<AppError>> {
    Signal::derive(move || client.get().or_else(&server))
}

/// After a successful action, go to `next` (only local paths) or home.
fn go_after_success(done: impl Fn() -> bool + 'static) {
    let navigate = use_navigate();
    let query = use_query_map();
    Effect::new(move |_| {
        if done() {
            let next = query
                .read_untracked()
                .get("next")
                .and_then(|n| shared::web::NextPath::parse(&n).map(|p| p.as_str().to_owned()))
                .unwrap_or_else(|| "/".to_string());
            navigate(&next, Default::default());
        }
    });
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let auth = use_auth();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let client_err = RwSignal::new(None::<AppError>);
    let errors = form_error(client_err, move || auth.sign_in.value().get().and_then(Result::err));
    go_after_success(move || matches!(auth.sign_in.value().get(), Some(Ok(_))));

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let req = SignInRequest { email: email.get(), password: password.get() };
        match req.parse() {
            Err(e) => client_err.set(Some(AppError(e))),
            Ok(_) => {
                client_err.set(None);
                auth.sign_in.dispatch(super::SignIn { email: req.email, password: req.password });
            }
        }
    };
    view! {
        <Title text=tr(t::SIGN_IN_TITLE)/>
        <section class="narrow">
            <h1>{tr(t::SIGN_IN_TITLE)}</h1>
            <form method="post" action="/fn/sign_in" on:submit=on_submit novalidate>
                <ErrorAlert error=errors/>
                <Field name="email" label=t::FIELD_EMAIL kind="email" autocomplete="username" value=email errors/>
                <Field name="password" label=t::FIELD_PASSWORD kind="password" autocomplete="current-password" value=password errors/>
                <button type="submit" class="button primary" disabled=move || auth.sign_in.pending().get()>
                    {tr(t::SUBMIT_SIGN_IN)}
                </button>
            </form>
            <p><A href="/password/dimenticata">{tr(t::FORGOT_PASSWORD)}</A></p>
            <p>{tr(t::NO_ACCOUNT)} " " <A href="/registrati">{tr(t::NAV_REGISTER)}</A></p>
        </section>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let auth = use_auth();
    let locale = use_locale();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let language = RwSignal::new(locale.get_untracked().code().to_string());
    let client_err = RwSignal::new(None::<AppError>);
    let errors = form_error(client_err, move || auth.register.value().get().and_then(Result::err));
    // The same answer whether or not the address has an account.
    let sent = move || matches!(auth.register.value().get(), Some(Ok(())));

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let req = RegisterRequest {
            email: email.get(),
            password: password.get(),
            display_name: display_name.get(),
            language: Some(language.get()),
        };
        match req.parse() {
            Err(e) => client_err.set(Some(AppError(e))),
            Ok(valid) => {
                client_err.set(None);
                switch_locale(valid.language);
                auth.register.dispatch(super::Register {
                    email: req.email,
                    password: req.password,
                    display_name: req.display_name,
                    language: language.get(),
                });
            }
        }
    };
    view! {
        <Title text=tr(t::REGISTER_TITLE)/>
        <section class="narrow">
            <h1>{tr(t::REGISTER_TITLE)}</h1>
            <Show when=sent fallback=move || view! {
            <form method="post" action="/fn/register" on:submit=on_submit novalidate>
                <ErrorAlert error=errors/>
                <Field name="display_name" label=t::FIELD_DISPLAY_NAME autocomplete="name" value=display_name errors/>
                <Field name="email" label=t::FIELD_EMAIL kind="email" autocomplete="email" value=email errors/>
                <Field name="password" label=t::FIELD_PASSWORD kind="password" autocomplete="new-password"
                    hint=t::FIELD_PASSWORD_HINT value=password errors/>
                <LanguageSelect value=language/>
                <button type="submit" class="button primary" disabled=move || auth.register.pending().get()>
                    {tr(t::SUBMIT_REGISTER)}
                </button>
                <crate::privacy::PrivacyNote/>
            </form>
            }>
                <p class="alert alert-success" role="status" data-testid="register-sent">{tr(t::REGISTER_CHECK_EMAIL)}</p>
            </Show>
        </section>
    }
}

/// The page the registration link opens. A button, not the visit itself,
/// creates the account: mail scanners that fetch links must not spend it.
#[component]
pub fn ConfirmRegistrationPage() -> impl IntoView {
    let auth = use_auth();
    let query = use_query_map();
    let action = auth.confirm_registration;
    let errors = Signal::derive(move || action.value().get().and_then(Result::err));
    go_after_success(move || matches!(action.value().get(), Some(Ok(_))));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let token = query.read_untracked().get("token").unwrap_or_default();
        action.dispatch(super::ConfirmRegistration { token });
    };
    view! {
        <Title text=tr(t::REGISTER_CONFIRM_TITLE)/>
        <section class="narrow">
            <h1>{tr(t::REGISTER_CONFIRM_TITLE)}</h1>
            <form method="post" action="/fn/confirm_registration" on:submit=on_submit novalidate>
                <ErrorAlert error=errors/>
                <input type="hidden" name="token" prop:value=move || query.read().get("token").unwrap_or_default()/>
                <p>{tr(t::REGISTER_CONFIRM_TEXT)}</p>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {tr(t::REGISTER_CONFIRM_SUBMIT)}
                </button>
            </form>
        </section>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let email = RwSignal::new(String::new());
    let client_err = RwSignal::new(None::<AppError>);
    let errors = form_error(client_err, move || action.value().get().and_then(Result::err));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match shared::people::Email::parse(&email.get()) {
            Err(code) => client_err.set(Some(AppError(ApiError::validation("email", code)))),
            Ok(_) => {
                client_err.set(None);
                action.dispatch(RequestPasswordReset { email: email.get() });
            }
        }
    };
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <Title text=tr(t::FORGOT_TITLE)/>
        <section class="narrow">
            <h1>{tr(t::FORGOT_TITLE)}</h1>
            <Show when=sent fallback=move || view! {
                <p>{tr(t::FORGOT_INTRO)}</p>
                <form method="post" action="/fn/request_password_reset" on:submit=on_submit novalidate>
                    <ErrorAlert error=errors/>
                    <Field name="email" label=t::FIELD_EMAIL kind="email" autocomplete="email" value=email errors/>
                    <button type="submit" class="button primary">{tr(t::FORGOT_SUBMIT)}</button>
                </form>
            }>
                <p class="alert alert-success" role="status">{tr(t::FORGOT_SENT)}</p>
            </Show>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ConfirmPasswordReset>::new();
    let query = use_query_map();
    let password = RwSignal::new(String::new());
    let client_err = RwSignal::new(None::<AppError>);
    let errors = form_error(client_err, move || action.value().get().and_then(Result::err));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match Password::parse(&password.get()) {
            Err(code) => client_err.set(Some(AppError(ApiError::validation("password", code)))),
            Ok(_) => {
                client_err.set(None);
                let token = query.read_untracked().get("token").unwrap_or_default();
                action.dispatch(ConfirmPasswordReset { token, password: password.get() });
            }
        }
    };
    let done = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <Title text=tr(t::RESET_TITLE)/>
        <section class="narrow">
            <h1>{tr(t::RESET_TITLE)}</h1>
            <Show when=done fallback=move || view! {
                <form method="post" action="/fn/confirm_password_reset" on:submit=on_submit novalidate>
                    <ErrorAlert error=errors/>
                    <input type="hidden" name="token" prop:value=move || query.read().get("token").unwrap_or_default()/>
                    <Field name="password" label=t::FIELD_NEW_PASSWORD kind="password" autocomplete="new-password"
                        hint=t::FIELD_PASSWORD_HINT value=password errors/>
                    <button type="submit" class="button primary">{tr(t::RESET_SUBMIT)}</button>
                </form>
            }>
                <p class="alert alert-success" role="status">{tr(t::RESET_DONE)}</p>
                <p><A href="/accedi">{tr(t::NAV_SIGN_IN)}</A></p>
            </Show>
        </section>
    }
}
