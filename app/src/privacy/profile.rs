//! The person's own page (`/profilo`): their details and password, their
//! roles, gifts with receipts and applications, the download of everything
//! held about them, and the erasure request.

use super::{my_data, ChangePassword, RequestErasure, UpdateProfile};
use crate::auth::use_auth;
use crate::errors::{AppError, ErrorAlert};
use crate::forms::{Field, LanguageSelect};
use crate::i18n::{switch_locale, tr, use_locale};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use shared::applications::ApplicationState;
use shared::campaigns::DonationStatus;
use shared::i18n::t;
use shared::money::Cents;
use shared::privacy::{ErasureOutcome, ExportApplication, ExportGift, PasswordChange, PersonalExport, ProfileInput};
use shared::time::format_date;
use shared::{ApiError, Locale};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let save = ServerAction::<UpdateProfile>::new();
    let erase = ServerAction::<RequestErasure>::new();
    let data = Resource::new(move || (save.version().get(), erase.version().get()), |_| my_data());
    let erased = move || matches!(erase.value().get(), Some(Ok(ErasureOutcome::Done)));
    // Here, not in the erasure form: the form is gone once the account is.
    let auth = use_auth();
    Effect::new(move |_| {
        if erased() {
            auth.me.refetch();
        }
    });
    view! {
        <Title text=tr(t::PROFILE_TITLE)/>
        <section class="narrow profile">
            <h1>{tr(t::PROFILE_TITLE)}</h1>
            <Show when=erased fallback=move || view! {
                <Suspense fallback=crate::layout::Loading>
                    {move || Suspend::new(async move {
                        match data.await {
                            Err(AppError(ApiError::Unauthenticated)) => view! {
                                <ErrorAlert error=Some(AppError(ApiError::Unauthenticated))/>
                                <p><A href="/accedi?next=/profilo" attr:class="button primary">{tr(t::NAV_SIGN_IN)}</A></p>
                            }.into_any(),
                            Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                            Ok(d) => view! { <Profile data=d save erase/> }.into_any(),
                        }
                    })}
                </Suspense>
            }>
                <p class="alert alert-success" role="status">{tr(t::PROFILE_ERASURE_DONE)}</p>
                <p><A href="/">{tr(t::BACK_HOME)}</A></p>
            </Show>
        </section>
    }
}

#[component]
fn Profile(
    data: PersonalExport,
    save: ServerAction<UpdateProfile>,
    erase: ServerAction<RequestErasure>,
) -> impl IntoView {
    let locale = use_locale();
    let roles = data.account.roles.clone();
    view! {
        <section aria-labelledby="p-details">
            <h2 id="p-details">{tr(t::PROFILE_DETAILS)}</h2>
            <p>{tr(t::FIELD_EMAIL)} ": " <strong>{data.account.email.clone()}</strong></p>
            <DetailsForm name=data.account.display_name.clone() language=data.account.language save/>
        </section>
        <section aria-labelledby="p-password">
            <h2 id="p-password">{tr(t::PROFILE_PASSWORD)}</h2>
            <PasswordForm/>
        </section>
        <section aria-labelledby="p-roles">
            <h2 id="p-roles">{tr(t::PROFILE_ROLES)}</h2>
            <ul>{roles.into_iter().map(|r| view! { <li>{move || r.text().get(locale.get())}</li> }).collect_view()}</ul>
        </section>
        <Gifts gifts=data.gifts.clone()/>
        <Applications applications=data.applications.clone()/>
        <section aria-labelledby="p-data">
            <h2 id="p-data">{tr(t::PROFILE_DATA)}</h2>
            <ul data-testid="export-summary">
                {data.summary.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view()}
            </ul>
            <p>{tr(t::PROFILE_EXPORT_TEXT)}</p>
            // A server route (a file download), not a page of the app.
            <p><a class="button" href="/api/v1/me/export" download="legami-dati-personali.json" rel="external">
                {tr(t::PROFILE_EXPORT)}
            </a></p>
        </section>
        <Erasure requested_at=data.erasure_requested_at erase/>
        <super::PrivacyNote/>
    }
}

/// Name and language, checked in the browser by the server's own rule.
#[component]
fn DetailsForm(name: String, language: Locale, save: ServerAction<UpdateProfile>) -> impl IntoView {
    let auth = use_auth();
    let name = RwSignal::new(name);
    let language = RwSignal::new(language.code().to_owned());
    let client_err = RwSignal::new(None::<AppError>);
    let errors = Signal::derive(move || client_err.get().or_else(|| save.value().get().and_then(Result::err)));
    Effect::new(move |_| {
        if let Some(Ok(me)) = save.value().get() {
            switch_locale(me.language);
            auth.me.refetch();
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = ProfileInput { display_name: name.get(), language: language.get() };
        match input.parse() {
            Err(e) => client_err.set(Some(AppError(e))),
            Ok(_) => {
                client_err.set(None);
                save.dispatch(UpdateProfile { input });
            }
        }
    };
    let saved = move || matches!(save.value().get(), Some(Ok(_))) && client_err.get().is_none();
    view! {
        <form on:submit=on_submit novalidate>
            <ErrorAlert error=errors/>
            {move || saved().then(|| view! { <p class="alert alert-success" role="status">{tr(t::PROFILE_SAVED)}</p> })}
            <Field name="display_name" label=t::FIELD_DISPLAY_NAME autocomplete="name" value=name errors/>
            <LanguageSelect value=language/>
            <button type="submit" class="button primary" disabled=move || save.pending().get()>{tr(t::PROFILE_SAVE)}</button>
        </form>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let client_err = RwSignal::new(None::<AppError>);
    let errors = Signal::derive(move || client_err.get().or_else(|| change.value().get().and_then(Result::err)));
    Effect::new(move |_| {
        if matches!(change.value().get(), Some(Ok(()))) {
            current.set(String::new());
            new.set(String::new());
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let req = PasswordChange { current: current.get(), new: new.get() };
        match req.parse() {
            Err(e) => client_err.set(Some(AppError(e))),
            Ok(_) => {
                client_err.set(None);
                change.dispatch(ChangePassword { change: req });
            }
        }
    };
    let done = move || matches!(change.value().get(), Some(Ok(()))) && client_err.get().is_none();
    view! {
        <form on:submit=on_submit novalidate>
            <ErrorAlert error=errors/>
            {move || done().then(|| view! { <p class="alert alert-success" role="status">{tr(t::PROFILE_PASSWORD_SAVED)}</p> })}
            <Field name="current" label=t::FIELD_CURRENT_PASSWORD kind="password" autocomplete="current-password" value=current errors/>
            <Field name="new" label=t::FIELD_NEW_PASSWORD kind="password" autocomplete="new-password"
                hint=t::FIELD_PASSWORD_HINT value=new errors/>
            <button type="submit" class="button" disabled=move || change.pending().get()>{tr(t::PROFILE_PASSWORD_SUBMIT)}</button>
        </form>
    }
}

#[component]
fn Gifts(gifts: Vec<ExportGift>) -> impl IntoView {
    let locale = use_locale();
    let row = move |g: ExportGift| {
        let status = DonationStatus::parse(&g.status);
        let amount = g.amount_cents;
        view! {
            <tr>
                <td>{move || format_date(g.created_at, locale.get())}</td>
                <th scope="row">{g.campaign.clone()}</th>
                <td>{move || Cents(amount).format(locale.get())}</td>
                <td>{move || status.map(|s| s.text().get(locale.get())).unwrap_or_default()}</td>
                <td>{g.receipt.clone().zip(g.receipt_url.clone()).map(|(number, url)| view! {
                    // A server page (printable, with its PDF), not a route of the app.
                    <a href=url rel="external" target="_blank">{number}</a>
                })}</td>
            </tr>
        }
    };
    view! {
        <section>
            <h2 id="p-gifts">{tr(t::PROFILE_GIFTS)}</h2>
            {if gifts.is_empty() {
                view! { <p>{tr(t::PROFILE_NO_GIFTS)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="p-gifts">
                    <table>
                        <thead><tr>
                            <th scope="col">{tr(t::COL_DAY)}</th>
                            <th scope="col">{tr(t::COL_CAMPAIGN)}</th>
                            <th scope="col">{tr(t::COL_AMOUNT)}</th>
                            <th scope="col">{tr(t::COL_STATUS)}</th>
                            <th scope="col">{tr(t::COL_RECEIPT)}</th>
                        </tr></thead>
                        <tbody>{gifts.into_iter().map(row).collect_view()}</tbody>
                    </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Applications(applications: Vec<ExportApplication>) -> impl IntoView {
    let locale = use_locale();
    let row = move |a: ExportApplication| {
        let state = ApplicationState::parse(&a.state);
        let title = if a.idea_title.is_empty() { "—".to_owned() } else { a.idea_title.clone() };
        view! {
            <tr>
                <td>{a.call.clone()}</td>
                <th scope="row"><A href=format!("/bandi/domande/{}", a.id)>{title}</A></th>
                <td>{move || state.map(|s| s.applicant_text().get(locale.get())).unwrap_or_default()}</td>
            </tr>
        }
    };
    view! {
        <section>
            <h2 id="p-applications">{tr(t::PROFILE_APPLICATIONS)}</h2>
            {if applications.is_empty() {
                view! { <p>{tr(t::PROFILE_NO_APPLICATIONS)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="p-applications">
                    <table>
                        <thead><tr>
                            <th scope="col">{tr(t::COL_CALL)}</th>
                            <th scope="col">{tr(t::COL_IDEA)}</th>
                            <th scope="col">{tr(t::COL_STATE)}</th>
                        </tr></thead>
                        <tbody>{applications.into_iter().map(row).collect_view()}</tbody>
                    </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The erasure request: a confirmation box first, since it cannot be undone.
#[component]
fn Erasure(requested_at: Option<i64>, erase: ServerAction<RequestErasure>) -> impl IntoView {
    let locale = use_locale();
    let confirmed = RwSignal::new(false);
    let error = Signal::derive(move || erase.value().get().and_then(Result::err));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if confirmed.get() {
            erase.dispatch(RequestErasure {});
        }
    };
    view! {
        <section aria-labelledby="p-erasure">
            <h2 id="p-erasure">{tr(t::PROFILE_ERASURE)}</h2>
            <p>{tr(t::PROFILE_ERASURE_TEXT)}</p>
            {match requested_at {
                Some(at) => view! {
                    <p class="alert" role="status" data-testid="erasure-requested">
                        {tr(t::PROFILE_ERASURE_REQUESTED)} " " {move || format_date(at, locale.get())} ". "
                        {tr(t::PROFILE_ERASURE_PENDING)}
                    </p>
                }.into_any(),
                None => view! {
                    <form on:submit=on_submit novalidate>
                        <ErrorAlert error/>
                        <div class="field checkbox">
                            <input type="checkbox" id="f-erasure-confirm"
                                on:change=move |ev| confirmed.set(event_target_checked(&ev))
                                prop:checked=move || confirmed.get()/>
                            <label for="f-erasure-confirm">{tr(t::PROFILE_ERASURE_CONFIRM)}</label>
                        </div>
                        <button type="submit" class="button danger"
                            disabled=move || !confirmed.get() || erase.pending().get()>
                            {tr(t::PROFILE_ERASURE_SUBMIT)}
                        </button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}
