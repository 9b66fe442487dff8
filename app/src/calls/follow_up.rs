//! After the decision: a funded idea is followed as an enterprise. Staff
//! plan milestones, grant tranches tied to them (never more than the
//! grant), keep the mentoring log and record the checks at 6, 12 and 24
//! months; the applicant reads the same, without the forms.

use crate::errors::{AppError, ErrorAlert};
use crate::forms::{Field, TextArea};
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use shared::applications::{
    Checkpoint, FollowUp, MentoringInput, MentoringRow, MilestoneInput, MilestoneRow, StatusCheckInput, TrancheInput,
    TrancheRequest, TrancheRow, FOLLOW_UP_TEXT_MAX_CHARS,
};
use shared::calls::AmountInput;
use shared::i18n::t;
use shared::money::Cents;

#[server(prefix = "/fn", endpoint = "follow_up")]
pub async fn load_follow_up(id: i64) -> Result<FollowUp, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.follow_up(id).await)
}

#[server(prefix = "/fn", endpoint = "add_milestone", input = leptos::server_fn::codec::Json)]
pub async fn add_milestone(id: i64, input: MilestoneInput) -> Result<MilestoneRow, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.add_milestone(id, input).await)
}

#[server(prefix = "/fn", endpoint = "update_milestone", input = leptos::server_fn::codec::Json)]
pub async fn update_milestone(id: i64, milestone: i64, input: MilestoneInput) -> Result<MilestoneRow, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.update_milestone(id, milestone, input).await)
}

#[server(prefix = "/fn", endpoint = "add_tranche", input = leptos::server_fn::codec::Json)]
pub async fn add_tranche(id: i64, req: TrancheRequest) -> Result<TrancheRow, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.add_tranche(id, req).await)
}

#[server(prefix = "/fn", endpoint = "add_mentoring", input = leptos::server_fn::codec::Json)]
pub async fn add_mentoring(id: i64, input: MentoringInput) -> Result<MentoringRow, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.add_mentoring(id, input).await)
}

#[server(prefix = "/fn", endpoint = "save_status_check", input = leptos::server_fn::codec::Json)]
pub async fn save_status_check(id: i64, input: StatusCheckInput) -> Result<FollowUp, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.save_status_check(id, input).await)
}

/// Runs a write, then reloads the panel; a refusal shows in `error`.
fn run<T: 'static>(
    error: RwSignal<Option<AppError>>,
    changed: RwSignal<u32>,
    fut: impl std::future::Future<Output = Result<T, AppError>> + 'static,
    done: impl FnOnce() + 'static,
) {
    leptos::task::spawn_local(async move {
        match fut.await {
            Ok(_) => {
                error.set(None);
                done();
                changed.update(|c| *c += 1);
            }
            Err(e) => error.set(Some(e)),
        }
    });
}

#[component]
pub fn FollowUpPanel(id: i64, staff: bool) -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let data = Resource::new(move || changed.get(), move |_| load_follow_up(id));
    view! {
        <section class="panel" aria-labelledby="follow-title">
            <h2 id="follow-title">{tr(t::FOLLOW_TITLE)}</h2>
            <Transition fallback=crate::layout::Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                        Ok(f) => view! { <FollowUpView id f staff changed/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn FollowUpView(id: i64, f: FollowUp, staff: bool, changed: RwSignal<u32>) -> impl IntoView {
    let locale = use_locale();
    let (granted, remaining) = (f.granted_cents.unwrap_or(0), f.remaining_cents);
    let milestones = f.milestones.clone();
    view! {
        <p>{tr(t::FOLLOW_GRANTED)} ": " <strong>{move || Cents(granted).format(locale.get())}</strong>
            " · " {tr(t::FOLLOW_REMAINING)} ": " {move || Cents(remaining).format(locale.get())}
            {f.funded_on.clone().map(|d| view! { " · " {tr(t::FOLLOW_FUNDED_ON)} " " {d} })}</p>
        <h3>{tr(t::FOLLOW_MILESTONES)}</h3>
        <ul class="plain-list" data-testid="milestones">
            {f.milestones.into_iter().map(|m| {
                let done = m.done_on.clone();
                let row = m.clone();
                view! {
                    <li><strong>{m.title.clone()}</strong> " · " {tr(t::FOLLOW_DUE)} " " {m.due_on.clone()}
                        {match done {
                            Some(d) => view! { " · " {tr(t::FOLLOW_DONE_ON)} " " {d} }.into_any(),
                            None if staff => view! { " " <MilestoneDone id row changed/> }.into_any(),
                            None => ().into_any(),
                        }}
                        {(!m.description.is_empty()).then(|| view! { <p class="pre">{m.description.clone()}</p> })}</li>
                }
            }).collect_view()}
        </ul>
        {staff.then(|| view! { <MilestoneForm id changed/> })}
        <h3>{tr(t::FOLLOW_TRANCHES)}</h3>
        <ul class="plain-list">
            {f.tranches.into_iter().map(|tr_| {
                let amount = tr_.amount_cents;
                view! {
                    <li><strong>{move || Cents(amount).format(locale.get())}</strong> " · " {tr(t::FOLLOW_DUE)} " " {tr_.due_on.clone()}
                        {tr_.paid_on.clone().map(|p| view! { " · " {tr(t::FOLLOW_PAID_ON)} " " {p} })}
                        {(!tr_.note.is_empty()).then(|| view! { " · " {tr_.note.clone()} })}</li>
                }
            }).collect_view()}
        </ul>
        {staff.then(|| view! { <TrancheForm id milestones=milestones.clone() changed/> })}
        <h3>{tr(t::FOLLOW_MENTORING)}</h3>
        <ul class="plain-list">
            {f.mentoring.into_iter().map(|m| view! {
                <li><strong>{m.held_on.clone()}</strong> " · " {m.mentor.clone()} " · " {m.topic.clone()}
                    {(!m.notes.is_empty()).then(|| view! { <p class="pre">{m.notes.clone()}</p> })}</li>
            }).collect_view()}
        </ul>
        {staff.then(|| view! { <MentoringForm id changed/> })}
        <h3>{tr(t::FOLLOW_CHECKS)}</h3>
        <ul class="plain-list">
            {f.checks.into_iter().map(|c| {
                let label = c.checkpoint.text();
                view! {
                    <li><strong>{move || label.get(locale.get())}</strong>
                        {c.due_on.clone().map(|d| view! { " · " {tr(t::FOLLOW_DUE)} " " {d} })}
                        {c.checked_on.clone().map(|d| view! { " · " {tr(t::FOLLOW_CHECKED_ON)} " " {d} })}
                        {c.active.map(|a| view! { " · " {if a { tr(t::FOLLOW_ACTIVE) } else { tr(t::FOLLOW_NOT_ACTIVE) }} })}
                        {c.people_working.map(|n| view! { " · " {tr(t::FOLLOW_PEOPLE)} ": " {n} })}
                        {c.notes.clone().map(|n| view! { <p class="pre">{n}</p> })}</li>
                }
            }).collect_view()}
        </ul>
        {staff.then(|| view! { <CheckForm id changed/> })}
    }
}

/// Marks a milestone reached today.
#[component]
fn MilestoneDone(id: i64, row: MilestoneRow, changed: RwSignal<u32>) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let today = RwSignal::new(String::new());
    let title = row.title.clone();
    view! {
        <span class="inline-form">
            <label class="sr-only" for=format!("done-{}", row.id)>{tr(t::FOLLOW_DONE_ON)} " " {title.clone()}</label>
            <input type="date" id=format!("done-{}", row.id) prop:value=move || today.get()
                on:input=move |ev| today.set(event_target_value(&ev))/>
            <button type="button" class="button link" on:click=move |_| {
                let input = MilestoneInput { title: row.title.clone(), description: row.description.clone(),
                    due_on: row.due_on.clone(), done_on: today.get_untracked() };
                if let Err(e) = input.validate() { error.set(Some(AppError(e))); return; }
                run(error, changed, update_milestone(id, row.id, input), || ());
            }>{tr(t::FOLLOW_MARK_DONE)} <span class="sr-only">" " {title}</span></button>
            <ErrorAlert error/>
        </span>
    }
}

#[component]
fn MilestoneForm(id: i64, changed: RwSignal<u32>) -> impl IntoView {
    let (title, description, due) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<AppError>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = MilestoneInput {
            title: title.get_untracked(),
            description: description.get_untracked(),
            due_on: due.get_untracked(),
            done_on: String::new(),
        };
        if let Err(e) = input.validate() {
            error.set(Some(AppError(e)));
            return;
        }
        run(error, changed, add_milestone(id, input), move || {
            title.set(String::new());
            description.set(String::new());
        });
    };
    view! {
        <details><summary>{tr(t::FOLLOW_ADD_MILESTONE)}</summary>
            <form on:submit=on_submit novalidate>
                <ErrorAlert error/>
                <Field name="title" form="ms" label=t::FOLLOW_MILESTONE_TITLE value=title errors=error/>
                <Field name="due_on" form="ms" label=t::FOLLOW_DUE_DATE kind="date" value=due errors=error/>
                <TextArea name="description" form="ms" label=t::F_DESCRIPTION value=description errors=error
                    max=FOLLOW_UP_TEXT_MAX_CHARS rows=2/>
                <button type="submit" class="button">{tr(t::FOLLOW_ADD_MILESTONE)}</button>
            </form>
        </details>
    }
}

#[component]
fn TrancheForm(id: i64, milestones: Vec<MilestoneRow>, changed: RwSignal<u32>) -> impl IntoView {
    let locale = use_locale();
    let (amount, due, paid, note) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let milestone = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<AppError>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let tranche = TrancheInput {
            amount: AmountInput::Text(amount.get_untracked()),
            due_on: due.get_untracked(),
            paid_on: paid.get_untracked(),
            note: note.get_untracked(),
        };
        // The grant left is the server's to check; here the field rules.
        if let Err(e) = tranche.validate(Cents(i64::MAX), locale.get_untracked()) {
            error.set(Some(AppError(e)));
            return;
        }
        let req = TrancheRequest { milestone_id: milestone.get_untracked(), tranche };
        run(error, changed, add_tranche(id, req), move || amount.set(String::new()));
    };
    view! {
        <details><summary>{tr(t::FOLLOW_ADD_TRANCHE)}</summary>
            <form on:submit=on_submit novalidate>
                <ErrorAlert error/>
                <Field name="amount" form="tr" label=t::APPL_BUDGET_AMOUNT value=amount errors=error inputmode="decimal"/>
                <Field name="due_on" form="tr" label=t::FOLLOW_DUE_DATE kind="date" value=due errors=error/>
                <Field name="paid_on" form="tr" label=t::FOLLOW_PAID_ON kind="date" value=paid errors=error required=false/>
                <div class="field">
                    <label for="f-tr-milestone">{tr(t::FOLLOW_FOR_MILESTONE)}</label>
                    <select id="f-tr-milestone" on:change=move |ev| milestone.set(event_target_value(&ev).parse().ok())>
                        <option value="">{tr(t::APPL_LAB_NONE)}</option>
                        {milestones.into_iter().map(|m| view! { <option value=m.id.to_string()>{m.title}</option> }).collect_view()}
                    </select>
                </div>
                <Field name="note" form="tr" label=t::APPL_NOTE value=note errors=error required=false/>
                <button type="submit" class="button">{tr(t::FOLLOW_ADD_TRANCHE)}</button>
            </form>
        </details>
    }
}

#[component]
fn MentoringForm(id: i64, changed: RwSignal<u32>) -> impl IntoView {
    let (held, mentor, topic, notes) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let error = RwSignal::new(None::<AppError>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = MentoringInput {
            held_on: held.get_untracked(),
            mentor: mentor.get_untracked(),
            topic: topic.get_untracked(),
            notes: notes.get_untracked(),
        };
        if let Err(e) = input.validate() {
            error.set(Some(AppError(e)));
            return;
        }
        run(error, changed, add_mentoring(id, input), move || {
            topic.set(String::new());
            notes.set(String::new());
        });
    };
    view! {
        <details><summary>{tr(t::FOLLOW_ADD_MENTORING)}</summary>
            <form on:submit=on_submit novalidate>
                <ErrorAlert error/>
                <Field name="held_on" form="mt" label=t::FOLLOW_HELD_ON kind="date" value=held errors=error/>
                <Field name="mentor" form="mt" label=t::FOLLOW_MENTOR value=mentor errors=error/>
                <Field name="topic" form="mt" label=t::FOLLOW_TOPIC value=topic errors=error/>
                <TextArea name="notes" form="mt" label=t::F_NOTES value=notes errors=error max=FOLLOW_UP_TEXT_MAX_CHARS rows=2/>
                <button type="submit" class="button">{tr(t::FOLLOW_ADD_MENTORING)}</button>
            </form>
        </details>
    }
}

#[component]
fn CheckForm(id: i64, changed: RwSignal<u32>) -> impl IntoView {
    let locale = use_locale();
    let checkpoint = RwSignal::new(Checkpoint::SixMonths.code().to_owned());
    let (checked, people, notes) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let active = RwSignal::new(true);
    let error = RwSignal::new(None::<AppError>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = StatusCheckInput {
            checkpoint: checkpoint.get_untracked(),
            checked_on: checked.get_untracked(),
            active: active.get_untracked(),
            people_working: people.get_untracked().trim().parse().unwrap_or(0),
            notes: notes.get_untracked(),
        };
        if let Err(e) = input.validate() {
            error.set(Some(AppError(e)));
            return;
        }
        run(error, changed, save_status_check(id, input), || ());
    };
    view! {
        <details><summary>{tr(t::FOLLOW_ADD_CHECK)}</summary>
            <form on:submit=on_submit novalidate>
                <ErrorAlert error/>
                <div class="field">
                    <label for="f-ck-checkpoint">{tr(t::FOLLOW_CHECKPOINT)}</label>
                    <select id="f-ck-checkpoint" on:change=move |ev| checkpoint.set(event_target_value(&ev))>
                        {Checkpoint::ALL.into_iter().map(|c| view! {
                            <option value=c.code()>{move || c.text().get(locale.get())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field name="checked_on" form="ck" label=t::FOLLOW_CHECKED_ON kind="date" value=checked errors=error/>
                <div class="field checkbox">
                    <input id="f-ck-active" type="checkbox" prop:checked=move || active.get()
                        on:change=move |ev| active.set(event_target_checked(&ev))/>
                    <label for="f-ck-active">{tr(t::FOLLOW_ACTIVE)}</label>
                </div>
                <Field name="people_working" form="ck" label=t::FOLLOW_PEOPLE kind="number" value=people errors=error/>
                <TextArea name="notes" form="ck" label=t::F_NOTES value=notes errors=error max=FOLLOW_UP_TEXT_MAX_CHARS rows=2/>
                <button type="submit" class="button">{tr(t::FOLLOW_ADD_CHECK)}</button>
            </form>
        </details>
    }
}
