//! Staff write a call: texts, dates (Rome time), budget and maximum per
//! idea, the eligibility questions with the answer required and the
//! explanation a resident reads when theirs differs, and the criteria with
//! weights adding up to 100. A call is edited only while it is a draft.

use super::{CreateCall, UpdateCall};
use crate::errors::{AppError, ErrorAlert};
use crate::forms::{indexed_errors, Field, TextArea};
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::calls::{
    AmountInput, CallDetail, CallForm, CallInput, Criterion, EligibilityQuestion, DESCRIPTION_MAX_CHARS,
    EXPLANATION_MAX_CHARS,
};
use shared::i18n::t;
use shared::money::Cents;
use shared::time::format_datetime_input;

#[derive(Clone, Copy)]
struct Question {
    key: u32,
    question: RwSignal<String>,
    required_yes: RwSignal<bool>,
    explanation: RwSignal<String>,
}

#[derive(Clone, Copy)]
struct CriterionRow {
    key: u32,
    name: RwSignal<String>,
    description: RwSignal<String>,
    weight: RwSignal<String>,
}

#[component]
pub fn NewCallPage() -> impl IntoView {
    view! {
        <Title text=tr(t::CALL_NEW)/>
        <h1>{tr(t::CALL_NEW)}</h1>
        <CallEditor existing=None/>
    }
}

#[component]
pub fn EditCallPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let page = Resource::new(id, super::call_page);
    view! {
        <Title text=tr(t::CALL_EDIT)/>
        <h1>{tr(t::CALL_EDIT)}</h1>
        <Suspense fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(data) => view! { <CallEditor existing=Some(data.detail)/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CallEditor(existing: Option<CallDetail>) -> impl IntoView {
    let locale = use_locale();
    let l = locale.get_untracked();
    let keys = StoredValue::new(0u32);
    let next = move || {
        let k = keys.get_value();
        keys.set_value(k + 1);
        k
    };
    let s = existing.as_ref().map(|d| d.summary.clone());
    let title = RwSignal::new(s.as_ref().map(|s| s.title.clone()).unwrap_or_default());
    let description = RwSignal::new(existing.as_ref().map(|d| d.description.clone()).unwrap_or_default());
    let opens = RwSignal::new(s.as_ref().map(|s| format_datetime_input(s.opens_at)).unwrap_or_default());
    let closes = RwSignal::new(s.as_ref().map(|s| format_datetime_input(s.closes_at)).unwrap_or_default());
    let budget = RwSignal::new(s.as_ref().map(|s| Cents(s.budget_cents).format_input(l)).unwrap_or_default());
    let max = RwSignal::new(s.as_ref().map(|s| Cents(s.max_per_application_cents).format_input(l)).unwrap_or_default());
    let blind = RwSignal::new(s.as_ref().is_some_and(|s| s.blind_review));
    let question = move |q: &EligibilityQuestion| Question {
        key: next(),
        question: RwSignal::new(q.question.clone()),
        required_yes: RwSignal::new(q.required_answer),
        explanation: RwSignal::new(q.explanation.clone()),
    };
    let criterion = move |c: &Criterion| CriterionRow {
        key: next(),
        name: RwSignal::new(c.name.clone()),
        description: RwSignal::new(c.description.clone()),
        weight: RwSignal::new(if c.weight == 0 { String::new() } else { c.weight.to_string() }),
    };
    let questions = RwSignal::new(
        existing.as_ref().map(|d| d.eligibility.iter().map(question).collect::<Vec<_>>()).unwrap_or_default(),
    );
    let criteria =
        RwSignal::new(existing.as_ref().map(|d| d.criteria.iter().map(criterion).collect()).unwrap_or_else(|| {
            vec![criterion(&Criterion { name: String::new(), description: String::new(), weight: 100 })]
        }));
    let error = RwSignal::new(None::<AppError>);
    let create = ServerAction::<CreateCall>::new();
    let update = ServerAction::<UpdateCall>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        let done = create.value().get().or_else(|| update.value().get());
        match done {
            Some(Ok(call)) => navigate(&format!("/bandi/{}", call.summary.id), Default::default()),
            Some(Err(e)) => error.set(Some(e)),
            None => {}
        }
    });
    let id = existing.as_ref().map(|d| d.summary.id);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let call = CallInput {
            title: title.get_untracked(),
            description: description.get_untracked(),
            opens_at: opens.get_untracked(),
            closes_at: closes.get_untracked(),
            budget: AmountInput::Text(budget.get_untracked()),
            max_per_application: AmountInput::Text(max.get_untracked()),
            eligibility: questions
                .get_untracked()
                .iter()
                .map(|q| EligibilityQuestion {
                    question: q.question.get_untracked(),
                    required_answer: q.required_yes.get_untracked(),
                    explanation: q.explanation.get_untracked(),
                })
                .collect(),
            criteria: criteria
                .get_untracked()
                .iter()
                .map(|c| Criterion {
                    name: c.name.get_untracked(),
                    description: c.description.get_untracked(),
                    // Not a number: 0, which the rules refuse with a message.
                    weight: c.weight.get_untracked().trim().parse().unwrap_or(0),
                })
                .collect(),
        };
        if let Err(e) = call.validate(locale.get_untracked()) {
            error.set(Some(AppError(e)));
            return;
        }
        error.set(None);
        let form = CallForm { call, blind_review: blind.get_untracked() };
        match id {
            Some(id) => update.dispatch(UpdateCall { id, form }),
            None => create.dispatch(CreateCall { form }),
        };
    };
    let err = Signal::derive(move || error.get());
    let list_error = move |name: &'static str| {
        move || {
            err.get()
                .and_then(|e| e.0.field_message(name, locale.get()))
                .map(|m| view! { <p class="field-error">{m}</p> })
        }
    };
    let weights = move || criteria.get().iter().map(|c| c.weight.get().trim().parse::<u32>().unwrap_or(0)).sum::<u32>();
    view! {
        <form on:submit=on_submit novalidate>
            <ErrorAlert error=err/>
            <Field name="title" label=t::CALL_TITLE value=title errors=err/>
            <TextArea name="description" label=t::CALL_DESCRIPTION value=description errors=err max=DESCRIPTION_MAX_CHARS rows=6/>
            <Field name="opens_at" label=t::CALL_OPENS kind="datetime-local" value=opens errors=err hint=t::CALL_ROME_TIME/>
            <Field name="closes_at" label=t::CALL_CLOSES kind="datetime-local" value=closes errors=err hint=t::CALL_ROME_TIME/>
            <Field name="budget" label=t::CALL_BUDGET value=budget errors=err inputmode="decimal"/>
            <Field name="max_per_application" label=t::CALL_MAX value=max errors=err inputmode="decimal"/>
            <div class="field checkbox">
                <input id="f-blind" type="checkbox" prop:checked=move || blind.get()
                    on:change=move |ev| blind.set(event_target_checked(&ev))/>
                <label for="f-blind">{tr(t::CALL_BLIND)}</label>
            </div>
            <fieldset class="panel">
                <legend>{tr(t::CALL_QUESTIONS)}</legend>
                <p class="hint">{tr(t::CALL_QUESTIONS_HINT)}</p>
                {list_error("eligibility")}
                <For each=move || questions.get().into_iter().enumerate() key=|(i, q)| (*i, q.key)
                    children=move |(i, q)| view! {
                    <div class="criterion">
                        <Field name="question" form=format!("q{}", q.key) label=t::CALL_QUESTION value=q.question
                            errors=indexed_errors(err, "eligibility", i, "question")/>
                        <div class="field checkbox">
                            <input id=format!("f-q{}-yes", q.key) type="checkbox" prop:checked=move || q.required_yes.get()
                                on:change=move |ev| q.required_yes.set(event_target_checked(&ev))/>
                            <label for=format!("f-q{}-yes", q.key)>{tr(t::CALL_REQUIRED_YES)}</label>
                        </div>
                        <TextArea name="explanation" form=format!("q{}", q.key) label=t::CALL_EXPLANATION value=q.explanation
                            errors=indexed_errors(err, "eligibility", i, "explanation") max=EXPLANATION_MAX_CHARS rows=2/>
                        <button type="button" class="button link"
                            on:click=move |_| questions.update(|qs| qs.retain(|x| x.key != q.key))>
                            {tr(t::CALL_REMOVE_QUESTION)}
                        </button>
                    </div>
                }/>
                <button type="button" class="button" on:click=move |_| {
                    let q = question(&EligibilityQuestion { question: String::new(), required_answer: true, explanation: String::new() });
                    questions.update(|qs| qs.push(q));
                }>{tr(t::CALL_ADD_QUESTION)}</button>
            </fieldset>
            <fieldset class="panel">
                <legend>{tr(t::CALL_CRITERIA)}</legend>
                <p class="hint">{tr(t::CALL_CRITERIA_HINT)} " " <strong>{move || weights()}</strong> "/100"</p>
                {list_error("criteria")}
                <For each=move || criteria.get().into_iter().enumerate() key=|(i, c)| (*i, c.key)
                    children=move |(i, c)| view! {
                    <div class="criterion">
                        <Field name="name" form=format!("c{}", c.key) label=t::CALL_CRITERION value=c.name
                            errors=indexed_errors(err, "criteria", i, "name")/>
                        <Field name="weight" form=format!("c{}", c.key) label=t::CALL_WEIGHT value=c.weight kind="number"
                            errors=indexed_errors(err, "criteria", i, "weight")/>
                        <Field name="description" form=format!("c{}", c.key) label=t::CALL_CRITERION_DESCRIPTION
                            value=c.description required=false errors=indexed_errors(err, "criteria", i, "description")/>
                        <button type="button" class="button link"
                            on:click=move |_| criteria.update(|cs| cs.retain(|x| x.key != c.key))>
                            {tr(t::CALL_REMOVE_CRITERION)}
                        </button>
                    </div>
                }/>
                <button type="button" class="button" on:click=move |_| {
                    let c = criterion(&Criterion { name: String::new(), description: String::new(), weight: 0 });
                    criteria.update(|cs| cs.push(c));
                }>{tr(t::CALL_ADD_CRITERION)}</button>
            </fieldset>
            <button type="submit" class="button primary" disabled=move || create.pending().get() || update.pending().get()>
                {tr(t::CALL_SAVE)}
            </button>
        </form>
    }
}
