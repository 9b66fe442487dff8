//! Staff manage campaigns: create and edit them, publish, close or reopen,
//! and record gifts received by hand.

use crate::errors::{AppError, ErrorAlert};
use crate::forms::Field;
use crate::i18n::{tr, use_locale};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::campaigns::{
    CampaignInput, CampaignStatus, CampaignSummary, DonationRow, Fund, OfflineGiftRequest, PaymentMethod,
};
use shared::i18n::t;
use shared::money::Cents;
use shared::ApiError;

#[server(prefix = "/fn", endpoint = "funds")]
pub async fn list_funds() -> Result<Vec<Fund>, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.funds().await)
}

#[server(prefix = "/fn", endpoint = "create_campaign", input = leptos::server_fn::codec::Json)]
pub async fn create_campaign(input: CampaignInput) -> Result<String, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.create_campaign(input).await)
}

#[server(prefix = "/fn", endpoint = "update_campaign", input = leptos::server_fn::codec::Json)]
pub async fn update_campaign(slug: String, input: CampaignInput) -> Result<(), AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.update_campaign(&slug, input).await)
}

#[server(prefix = "/fn", endpoint = "set_campaign_status")]
pub async fn set_campaign_status(slug: String, status: CampaignStatus) -> Result<(), AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.set_campaign_status(&slug, status).await)
}

#[server(prefix = "/fn", endpoint = "record_offline_gift", input = leptos::server_fn::codec::Json)]
pub async fn record_offline_gift(slug: String, gift: OfflineGiftRequest, key: String) -> Result<DonationRow, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.record_offline_gift(&slug, gift, &key).await)
}

/// The buttons for the status changes the state machine allows.
#[component]
fn StatusButtons(slug: String, status: CampaignStatus, action: ServerAction<SetCampaignStatus>) -> impl IntoView {
    let targets = [
        (CampaignStatus::Published, if status == CampaignStatus::Closed { t::REOPEN } else { t::PUBLISH }),
        (CampaignStatus::Closed, t::CLOSE),
    ];
    targets
        .into_iter()
        .filter(|(to, _)| shared::campaigns::campaign_transition_allowed(status, *to))
        .map(|(to, label)| {
            let slug = slug.clone();
            view! {
                <button type="button" class="button"
                    on:click=move |_| { action.dispatch(SetCampaignStatus { slug: slug.clone(), status: to }); }>
                    {tr(label)}
                </button>
            }
        })
        .collect_view()
}

#[component]
pub fn ManageCampaignsPage() -> impl IntoView {
    let locale = use_locale();
    let status = ServerAction::<SetCampaignStatus>::new();
    let campaigns = Resource::new(move || status.version().get(), |_| super::list_campaigns());
    let status_error = Signal::derive(move || status.value().get().and_then(Result::err));
    view! {
        <Title text=tr(t::MANAGE_TITLE)/>
        <h1>{tr(t::MANAGE_TITLE)}</h1>
        <ErrorAlert error=status_error/>
        <Transition fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match campaigns.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap" tabindex="0" role="region" aria-label=tr(t::MANAGE_TITLE)>
                        <table>
                            <thead><tr>
                                <th scope="col">{tr(t::F_TITLE)}</th>
                                <th scope="col">{tr(t::COL_STATUS)}</th>
                                <th scope="col">{tr(t::CAMPAIGN_RAISED)}</th>
                                <th scope="col">{tr(t::COL_ACTIONS)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|c: CampaignSummary| {
                                    let raised = c.raised_cents;
                                    view! {
                                        <tr>
                                            <th scope="row"><A href=format!("/staff/campagne/{}", c.slug)>{c.title.clone()}</A></th>
                                            <td>{move || c.status.text().get(locale.get())}</td>
                                            <td>{move || Cents(raised).format(locale.get())}</td>
                                            <td class="actions"><StatusButtons slug=c.slug.clone() status=c.status action=status/></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
        <h2>{tr(t::NEW_CAMPAIGN)}</h2>
        <CampaignForm existing=None/>
    }
}

/// Create (no `existing`) or edit a campaign.
#[component]
fn CampaignForm(existing: Option<CampaignSummary>) -> impl IntoView {
    let locale = use_locale();
    let funds = Resource::new(|| (), |_| list_funds());
    let create = ServerAction::<CreateCampaign>::new();
    let update = ServerAction::<UpdateCampaign>::new();
    let editing = existing.as_ref().map(|c| c.slug.clone());
    let e = existing.clone();
    let title = RwSignal::new(e.as_ref().map(|c| c.title.clone()).unwrap_or_default());
    let story = RwSignal::new(e.as_ref().map(|c| c.story.clone()).unwrap_or_default());
    let fund_name = e.as_ref().map(|c| c.fund.clone());
    let fund = RwSignal::new(String::new());
    let goal =
        RwSignal::new(e.as_ref().map(|c| Cents(c.goal_cents).format_input(locale.get_untracked())).unwrap_or_default());
    let starts = RwSignal::new(e.as_ref().map(|c| c.starts_on.clone()).unwrap_or_default());
    let ends = RwSignal::new(e.as_ref().map(|c| c.ends_on.clone()).unwrap_or_default());
    let client_err = RwSignal::new(None::<AppError>);
    let errors = Signal::derive(move || {
        client_err
            .get()
            .or_else(|| create.value().get().and_then(Result::err))
            .or_else(|| update.value().get().and_then(Result::err))
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(slug)) = create.value().get() {
            navigate(&format!("/staff/campagne/{slug}"), Default::default());
        }
    });
    let editing_slug = StoredValue::new(editing.clone());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let goal_cents = match Cents::parse(&goal.get(), locale.get()) {
            Ok(c) => c.0,
            Err(code) => {
                client_err.set(Some(AppError(ApiError::validation("goal_cents", code))));
                return;
            }
        };
        let input = CampaignInput {
            title: title.get(),
            slug: editing_slug.get_value().unwrap_or_default(),
            story: story.get(),
            fund_id: fund.get().parse().unwrap_or(0),
            goal_cents,
            starts_on: starts.get(),
            ends_on: ends.get(),
        };
        if let Err(e) = input.parse() {
            client_err.set(Some(AppError(e)));
            return;
        }
        client_err.set(None);
        match editing_slug.get_value() {
            Some(slug) => {
                update.dispatch(UpdateCampaign { slug, input });
            }
            None => {
                create.dispatch(CreateCampaign { input });
            }
        }
    };
    let saved = move || matches!(update.value().get(), Some(Ok(())));
    view! {
        <form on:submit=on_submit novalidate class="narrow">
            <ErrorAlert error=errors/>
            {move || saved().then(|| view! { <p class="alert alert-success" role="status">{tr(t::SAVED)}</p> })}
            <Field name="title" label=t::F_TITLE value=title errors/>
            <div class="field">
                <label for="f-fund">{tr(t::F_FUND)}</label>
                <Suspense fallback=|| ()>
                    {
                        let fund_name = fund_name.clone();
                        move || {
                            let fund_name = fund_name.clone();
                            Suspend::new(async move {
                                let list = funds.await.unwrap_or_default();
                                if fund.get_untracked().is_empty() {
                                    let chosen = list.iter().find(|f| Some(&f.name) == fund_name.as_ref()).or(list.first());
                                    if let Some(f) = chosen { fund.set(f.id.to_string()); }
                                }
                                view! {
                                    <select id="f-fund" prop:value=move || fund.get() on:change=move |ev| fund.set(event_target_value(&ev))>
                                        {list.into_iter().map(|f| view! { <option value=f.id.to_string()>{f.name}</option> }).collect_view()}
                                    </select>
                                }
                            })
                        }
                    }
                </Suspense>
            </div>
            <Field name="goal_cents" label=t::F_GOAL value=goal errors hint=t::GIVE_AMOUNT_HINT/>
            <Field name="starts_on" label=t::F_STARTS kind="date" value=starts errors/>
            <Field name="ends_on" label=t::F_ENDS kind="date" value=ends errors/>
            <div class="field">
                <label for="f-story">{tr(t::F_STORY)}</label>
                <textarea id="f-story" rows="6" prop:value=move || story.get() on:input=move |ev| story.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit" class="button primary">{move || if editing_slug.get_value().is_some() { tr(t::SAVE)() } else { tr(t::CREATE)() }}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn ManageCampaignPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let status = ServerAction::<SetCampaignStatus>::new();
    let page = Resource::new(move || (slug(), status.version().get()), |(s, _)| super::load_campaign_page(s));
    let locale = use_locale();
    view! {
        <Transition fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(p) => {
                        let c = p.campaign.clone();
                        let slug = c.slug.clone();
                        view! {
                            <Title text=c.title.clone()/>
                            <h1>{c.title.clone()}</h1>
                            <p>{tr(t::COL_STATUS)} ": " <strong>{move || c.status.text().get(locale.get())}</strong> " "
                                <StatusButtons slug=slug.clone() status=c.status action=status/></p>
                            <p>
                                <A href=format!("/campagne/{slug}")>{tr(t::VIEW_PUBLIC)}</A> " · "
                                <a href=format!("/api/v1/campaigns/{slug}/donations.csv") rel="external" download>{tr(t::EXPORT_CSV)}</a>
                            </p>
                            <div class="campaign-layout">
                                <section>
                                    <h2>{tr(t::EDIT_CAMPAIGN)}</h2>
                                    <CampaignForm existing=Some(p.campaign.clone())/>
                                </section>
                                <div>
                                    <OfflineGiftForm slug=slug.clone()/>
                                    <super::expense_form::ExpenseForm slug=slug.clone()/>
                                </div>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn OfflineGiftForm(slug: String) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<RecordOfflineGift>::new();
    let amount = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let method = RwSignal::new(PaymentMethod::Cash);
    let key = StoredValue::new(String::new());
    let client_err = RwSignal::new(None::<AppError>);
    let errors = Signal::derive(move || client_err.get().or_else(|| action.value().get().and_then(Result::err)));
    let slug = StoredValue::new(slug);
    Effect::new(move |_| {
        // A recorded gift clears the form and draws a new key for the next one.
        if matches!(action.value().get(), Some(Ok(_))) {
            key.set_value(String::new());
            amount.set(String::new());
            name.set(String::new());
            email.set(String::new());
            note.set(String::new());
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let cents = match Cents::parse(&amount.get(), locale.get()) {
            Ok(c) => c.0,
            Err(code) => {
                client_err.set(Some(AppError(ApiError::validation("amount_cents", code))));
                return;
            }
        };
        let gift = OfflineGiftRequest {
            amount_cents: cents,
            donor_name: name.get(),
            email: email.get(),
            anonymous: false,
            method: method.get().code().to_owned(),
            tax_code: None,
            note: note.get(),
        };
        if let Err(e) = gift.parse(Cents(i64::MAX)) {
            client_err.set(Some(AppError(e)));
            return;
        }
        client_err.set(None);
        if key.get_value().is_empty() {
            key.set_value(super::give::new_key());
        }
        action.dispatch(RecordOfflineGift { slug: slug.get_value(), gift, key: key.get_value() });
    };
    view! {
        <section class="give" aria-labelledby="offline-title">
            <h2 id="offline-title">{tr(t::OFFLINE_TITLE)}</h2>
            {move || action.value().get().and_then(Result::ok).map(|row| view! {
                <p class="alert alert-success" role="status">{tr(t::OFFLINE_DONE)} " " {row.receipt.unwrap_or_default()}</p>
            })}
            <form on:submit=on_submit novalidate>
                <ErrorAlert error=errors/>
                <fieldset>
                    <legend>{tr(t::COL_METHOD)}</legend>
                    {[PaymentMethod::Cash, PaymentMethod::Cheque, PaymentMethod::InKind].into_iter().map(|m| view! {
                        <label class="radio">
                            <input type="radio" name="offline-method" prop:checked=move || method.get() == m on:change=move |_| method.set(m)/>
                            <span>{move || m.text().get(locale.get())}</span>
                        </label>
                    }).collect_view()}
                    {move || (method.get() == PaymentMethod::Cash).then(|| view! { <p class="hint">{tr(t::OFFLINE_CASH_HINT)}</p> })}
                </fieldset>
                <Field form="offline" name="amount_cents" label=t::GIVE_AMOUNT value=amount errors hint=t::GIVE_AMOUNT_HINT/>
                <Field name="donor_name" label=t::GIVE_NAME value=name errors/>
                <Field name="email" label=t::OFFLINE_EMAIL kind="email" value=email errors required=false/>
                <Field name="note" label=t::OFFLINE_NOTE value=note errors required=false/>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>{tr(t::OFFLINE_SUBMIT)}</button>
                <crate::privacy::PrivacyNote/>
            </form>
        </section>
    }
    .into_any()
}
