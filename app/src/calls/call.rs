//! A call's page: what it funds, until when, how ideas are judged, and the
//! eligibility questions a resident answers before writing anything. Staff
//! also open and close the call and see its applications; evaluators see
//! the applications assigned to them.

use super::{ApplicationsTable, AssignEvaluator, BeginApplication, CallPageData, CallStatusBadge, SetCallStatus};
use crate::errors::{AppError, ErrorAlert};
use crate::forms::Field;
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::applications::AssistedStart;
use shared::calls::{CallDetail, CallStatus, EligibilityProblem, EligibilityResult, EvaluatorRow};
use shared::i18n::t;
use shared::money::Cents;
use shared::time::format_datetime;

#[component]
pub fn CallPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let status = ServerAction::<SetCallStatus>::new();
    let panel = ServerAction::<AssignEvaluator>::new();
    let page =
        Resource::new(move || (id(), status.version().get(), panel.version().get()), |(id, _, _)| super::call_page(id));
    view! {
        <Transition fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(data) => view! { <CallView data status panel/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CallView(
    data: CallPageData,
    status: ServerAction<SetCallStatus>,
    panel: ServerAction<AssignEvaluator>,
) -> impl IntoView {
    let locale = use_locale();
    let d = data.detail.clone();
    let s = d.summary.clone();
    let (opens, closes, budget, max) = (s.opens_at, s.closes_at, s.budget_cents, s.max_per_application_cents);
    view! {
        <Title text=s.title.clone()/>
        <p><A href="/bandi">{tr(t::CALLS_BACK)}</A></p>
        <h1>{s.title.clone()}</h1>
        <p><CallStatusBadge summary=s.clone()/></p>
        <dl class="lab-facts">
            <dt>{tr(t::CALL_PERIOD)}</dt>
            <dd>{move || format_datetime(opens, locale.get())} " – " {move || format_datetime(closes, locale.get())}</dd>
            <dt>{tr(t::CALL_BUDGET)}</dt><dd>{move || Cents(budget).format(locale.get())}</dd>
            <dt>{tr(t::CALL_MAX)}</dt><dd>{move || Cents(max).format(locale.get())}</dd>
        </dl>
        {d.description.split("\n").filter(|p| !p.trim().is_empty()).map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}
        <h2>{tr(t::CALL_CRITERIA)}</h2>
        <ul>
            {d.criteria.iter().map(|c| view! {
                <li><strong>{c.name.clone()}</strong> " (" {c.weight} "%)"
                    {(!c.description.is_empty()).then(|| format!(": {}", c.description))}</li>
            }).collect_view()}
        </ul>
        {data.staff.then(|| view! {
            <StaffTools detail=d.clone() status/>
            <Panel call=d.summary.id assigned=data.evaluators.clone().unwrap_or_default()
                candidates=data.candidates.clone().unwrap_or_default() panel/>
            {s.accepting.then(|| view! { <Assisted detail=d.clone()/> })}
        })}
        {data.applications.clone().map(|rows| view! {
            <section aria-labelledby="applications-title">
                <h2 id="applications-title">{tr(t::CALL_APPLICATIONS)}</h2>
                <ApplicationsTable rows/>
            </section>
        })}
        {if s.accepting {
            view! { <Eligibility detail=d.clone() signed_in=data.signed_in/> }.into_any()
        } else {
            view! { <p class="alert">{tr(t::CALL_NOT_ACCEPTING)}</p> }.into_any()
        }}
    }
}

/// Staff: the call's next status, its evaluators, the ranking.
#[component]
fn StaffTools(detail: CallDetail, status: ServerAction<SetCallStatus>) -> impl IntoView {
    let locale = use_locale();
    let id = detail.summary.id;
    let current = detail.summary.status;
    let error = Signal::derive(move || status.value().get().and_then(Result::err));
    view! {
        <section class="panel" aria-labelledby="staff-call-title">
            <h2 id="staff-call-title">{tr(t::CALL_STAFF_TOOLS)}</h2>
            <ErrorAlert error/>
            <p><A href=format!("/bandi/{id}/graduatoria")>{tr(t::RANKING_TITLE)}</A>
                {(current == CallStatus::Draft).then(|| view! {
                    " · " <A href=format!("/staff/bandi/{id}/modifica")>{tr(t::CALL_EDIT)}</A>
                })}</p>
            <div class="button-row">
                {CallStatus::ALL.into_iter().filter(|to| current.can_become(*to)).map(|to| view! {
                    <button type="button" class="button"
                        on:click=move |_| { status.dispatch(SetCallStatus { id, status: to }); }>
                        {tr(t::CALL_SET_STATUS)} ": " {move || to.text().get(locale.get())}
                    </button>
                }).collect_view()}
            </div>
        </section>
    }
}

/// The eligibility questions; when every answer fits, the application
/// starts (or resumes) and the resident goes to it.
#[component]
fn Eligibility(detail: CallDetail, signed_in: bool) -> impl IntoView {
    let call = detail.summary.id;
    let questions = detail.eligibility.clone();
    let answers: Vec<RwSignal<Option<bool>>> = questions.iter().map(|_| RwSignal::new(None)).collect();
    let answers = StoredValue::new(answers);
    let result = RwSignal::new(None::<EligibilityResult>);
    let start = ServerAction::<BeginApplication>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(app)) = start.value().get() {
            navigate(&format!("/bandi/domande/{app}"), Default::default());
        }
    });
    let qs = StoredValue::new(questions.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let given: Vec<Option<bool>> = answers.with_value(|a| a.iter().map(|s| s.get()).collect());
        // The same check as the server's, before anything is written.
        let checked = qs.with_value(|q| EligibilityResult::of(q, &given));
        let eligible = checked.eligible;
        result.set(Some(checked));
        if eligible {
            start.dispatch(BeginApplication { call, answers: given });
        }
    };
    let problem = move |i: usize| result.get().and_then(|r| r.problems.into_iter().find(|p| p.index() == i));
    if !signed_in {
        return view! {
            <section class="panel" aria-labelledby="apply-title">
                <h2 id="apply-title">{tr(t::CALL_APPLY)}</h2>
                <p>{tr(t::CALL_SIGN_IN_TO_APPLY)}</p>
                <p class="button-row">
                    <A href="/accedi" attr:class="button primary">{tr(t::NAV_SIGN_IN)}</A>
                    <A href="/registrati" attr:class="button">{tr(t::NAV_REGISTER)}</A>
                </p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="panel" aria-labelledby="apply-title">
            <h2 id="apply-title">{tr(t::CALL_APPLY)}</h2>
            <p>{tr(t::CALL_ELIGIBILITY_INTRO)}</p>
            <form on:submit=on_submit novalidate>
                <ErrorAlert error=Signal::derive(move || start.value().get().and_then(Result::err))/>
                {questions.into_iter().enumerate().map(|(i, q)| {
                    let answer = answers.with_value(|a| a[i]);
                    let err_id = format!("elig-{i}-err");
                    view! {
                        <fieldset class="field" aria-describedby=move || problem(i).map(|_| format!("elig-{i}-err"))>
                            <legend>{q.question.clone()}</legend>
                            <label class="radio">
                                <input type="radio" name=format!("elig-{i}") value="yes"
                                    prop:checked=move || answer.get() == Some(true)
                                    on:change=move |_| answer.set(Some(true))/>
                                {tr(t::YES)}
                            </label>
                            <label class="radio">
                                <input type="radio" name=format!("elig-{i}") value="no"
                                    prop:checked=move || answer.get() == Some(false)
                                    on:change=move |_| answer.set(Some(false))/>
                                {tr(t::NO)}
                            </label>
                            {move || problem(i).map(|p| {
                                let text = match p {
                                    EligibilityProblem::Unanswered { .. } => view! { {tr(t::ELIG_UNANSWERED)} }.into_any(),
                                    EligibilityProblem::NotEligible { explanation, .. } => view! { {explanation} }.into_any(),
                                };
                                view! { <p class="field-error" id=err_id.clone() role="alert">{text}</p> }
                            })}
                        </fieldset>
                    }
                }).collect_view()}
                <button type="submit" class="button primary" disabled=move || start.pending().get()>
                    {tr(t::CALL_START)}
                </button>
            </form>
        </section>
    }
    .into_any()
}

/// Staff: who reviews this call's applications.
#[component]
fn Panel(
    call: i64,
    assigned: Vec<EvaluatorRow>,
    candidates: Vec<EvaluatorRow>,
    panel: ServerAction<AssignEvaluator>,
) -> impl IntoView {
    let error = Signal::derive(move || panel.value().get().and_then(Result::err));
    view! {
        <section class="panel" aria-labelledby="panel-title">
            <h2 id="panel-title">{tr(t::CALL_PANEL)}</h2>
            <ErrorAlert error/>
            {if candidates.is_empty() {
                view! { <p>{tr(t::CALL_NO_CANDIDATES)}</p> }.into_any()
            } else {
                view! {
                    <fieldset>
                        <legend class="hint">{tr(t::CALL_PANEL_HINT)}</legend>
                        {candidates.into_iter().map(|e| {
                            let on = assigned.iter().any(|a| a.person_id == e.person_id);
                            let id = format!("panel-{}", e.person_id);
                            let person = e.person_id;
                            view! {
                                <div class="radio">
                                    <input type="checkbox" id=id.clone() prop:checked=on
                                        on:change=move |ev| { panel.dispatch(AssignEvaluator { call, person, assigned: event_target_checked(&ev) }); }/>
                                    <label for=id>{e.display_name} " · " <span class="muted">{e.email}</span></label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                }.into_any()
            }}
        </section>
    }
}

/// Staff fill in an application with a resident (existing or new),
/// recording that they consented in front of them.
#[component]
fn Assisted(detail: CallDetail) -> impl IntoView {
    let locale = use_locale();
    let call = detail.summary.id;
    let (email, name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let consent = RwSignal::new(false);
    let answers: Vec<RwSignal<Option<bool>>> = detail.eligibility.iter().map(|_| RwSignal::new(None)).collect();
    let answers = StoredValue::new(answers);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = AssistedStart {
            email: email.get_untracked(),
            display_name: name.get_untracked(),
            language: Some(locale.get_untracked()),
            answers: answers.with_value(|a| a.iter().map(|s| s.get_untracked()).collect()),
            consent: consent.get_untracked(),
        };
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = super::start_assisted(call, req).await;
            busy.set(false);
            match result {
                Ok(app) => navigate(&format!("/bandi/domande/{app}"), Default::default()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let err = Signal::derive(move || error.get());
    view! {
        <section class="panel" aria-labelledby="assisted-title">
            <h2 id="assisted-title">{tr(t::ASSISTED_TITLE)}</h2>
            <details>
                <summary>{tr(t::ASSISTED_START)}</summary>
                <p class="hint">{tr(t::ASSISTED_HINT)}</p>
                <form on:submit=on_submit novalidate>
                    <ErrorAlert error=err/>
                    <Field name="email" form="assisted" label=t::FIELD_EMAIL kind="email" value=email errors=err/>
                    <Field name="display_name" form="assisted" label=t::ASSISTED_NAME value=name errors=err required=false/>
                    {detail.eligibility.iter().enumerate().map(|(i, q)| {
                        let answer = answers.with_value(|a| a[i]);
                        view! {
                            <fieldset class="field">
                                <legend>{q.question.clone()}</legend>
                                <label class="radio"><input type="radio" name=format!("assisted-{i}")
                                    on:change=move |_| answer.set(Some(true))/>{tr(t::YES)}</label>
                                <label class="radio"><input type="radio" name=format!("assisted-{i}")
                                    on:change=move |_| answer.set(Some(false))/>{tr(t::NO)}</label>
                                {move || err.get().and_then(|e| e.0.field_message(&format!("eligibility[{i}]"), locale.get()))
                                    .map(|m| view! { <p class="field-error">{m}</p> })}
                            </fieldset>
                        }
                    }).collect_view()}
                    <div class="field checkbox">
                        <input id="f-assisted-consent" type="checkbox" prop:checked=move || consent.get()
                            on:change=move |ev| consent.set(event_target_checked(&ev))/>
                        <label for="f-assisted-consent">{tr(t::ASSISTED_CONSENT)}</label>
                    </div>
                    {move || err.get().and_then(|e| e.0.field_message("consent", locale.get())).map(|m| view! { <p class="field-error">{m}</p> })}
                    <button type="submit" class="button primary" disabled=move || busy.get()>{tr(t::ASSISTED_START)}</button>
                </form>
            </details>
        </section>
    }
}
