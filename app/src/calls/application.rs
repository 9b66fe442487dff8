//! One application, as its reader may see it: the resident writes and
//! submits it and follows its state in plain words; staff screen it, write
//! notes and decide; evaluators declare a conflict or none, then score.

use super::decision::DecisionForm;
use super::draft::DraftForm;
use super::follow_up::FollowUpPanel;
use super::review::{DeclarationForm, ReviewsTable, ScoreForm};
use super::{title_or_untitled, AddNote, ApplicationFull, ApplicationPageData, Reader};
use crate::errors::{AppError, ErrorAlert};
use crate::forms::TextArea;
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::applications::{
    Action, ActionOption, ApplicationState, ApplicationView, AttachmentRow, NoteInput, NoteRow, TimelineEntry,
    TransitionRequest, NOTE_BODY_MAX_CHARS, NOTE_MAX_CHARS,
};
use shared::error::ValidationCode;
use shared::i18n::t;
use shared::money::Cents;
use shared::time::format_datetime;
use shared::ApiError;

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let refresh = RwSignal::new(0u32);
    let page = Resource::new(move || (id(), refresh.get()), |(id, _)| super::application_page(id));
    let on_changed = Callback::new(move |_| refresh.update(|r| *r += 1));
    view! {
        <Transition fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <Title text=tr(t::APPL_PAGE_TITLE)/><ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(ApplicationPageData::Declare(subject)) => view! {
                        <DeclarationForm id=id() subject on_changed/>
                    }.into_any(),
                    Ok(ApplicationPageData::Full(full)) => view! { <Details full=*full on_changed/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Actions with a page element of their own: the form submits, the
/// decision form decides.
fn has_own_form(action: Action) -> bool {
    matches!(
        action,
        Action::Submit | Action::Resubmit | Action::Approve | Action::ApproveWithConditions | Action::Reject
    )
}

#[component]
fn Details(full: ApplicationFull, on_changed: Callback<()>) -> impl IntoView {
    let v = full.view.clone();
    let reader = full.reader;
    let title = title_or_untitled(&v.form.idea_title);
    let own_review = full.reviews.iter().find(|r| r.evaluator_id == full.me).cloned();
    let scoring = reader == Reader::Evaluator
        && v.state == ApplicationState::UnderReview
        && own_review.as_ref().is_none_or(|r| r.submitted_at.is_none());
    let deciding = reader == Reader::Staff
        && v.actions
            .iter()
            .any(|a| matches!(a.action, Action::Approve | Action::ApproveWithConditions | Action::Reject));
    let others: Vec<ActionOption> = v.actions.iter().filter(|a| !has_own_form(a.action)).cloned().collect();
    let criteria = full.call.criteria.clone();
    // The enterprise's follow-up, once a grant is decided (not for evaluators).
    let followed = reader != Reader::Evaluator
        && v.granted_cents.is_some()
        && matches!(
            v.state,
            ApplicationState::Approved
                | ApplicationState::ApprovedWithConditions
                | ApplicationState::Funded
                | ApplicationState::Closed
        );
    let call_title = v.call_title.clone();
    view! {
        <Title text=title.clone()/>
        <p><A href=format!("/bandi/{}", v.call_id)>{tr(t::APPL_BACK_TO_CALL)} " " {call_title}</A></p>
        <h1>{title}</h1>
        <div class="state-box" data-testid="state">
            <p class="muted">{tr(t::APPL_STATE)}</p>
            <p class="state-label">{v.state_label.clone()}</p>
        </div>
        <Who view=v.clone()/>
        {v.decision.clone().map(|d| view! {
            <section class="panel letter" aria-labelledby="letter-title">
                <h2 id="letter-title">{tr(t::APPL_LETTER)}</h2>
                <div class="letter-text" data-testid="letter">{d.letter.clone()}</div>
                {d.feedback.clone().map(|f| view! { <h3>{tr(t::DECISION_FEEDBACK)}</h3><p class="pre">{f}</p> })}
                {d.next_step.clone().map(|n| view! { <h3>{tr(t::DECISION_NEXT_STEP)}</h3><p class="pre">{n}</p> })}
            </section>
        })}
        {if v.editable {
            view! {
                <DraftForm view=v.clone() call_max_cents=full.call.summary.max_per_application_cents
                    labs=full.labs.clone() on_changed/>
            }.into_any()
        } else {
            view! { <Content view=v.clone() lab_name=full.lab_name.clone()/> }.into_any()
        }}
        <Attachments id=v.id rows=full.attachments.clone() editable=v.editable on_changed/>
        {(!others.is_empty()).then(|| view! { <ActionsPanel id=v.id actions=others on_changed/> })}
        {deciding.then(|| view! { <DecisionForm view=v.clone() on_changed/> })}
        {scoring.then(|| view! { <ScoreForm id=v.id criteria=criteria.clone() on_changed/> })}
        {(reader != Reader::Applicant && !scoring).then(|| view! {
            <ReviewsTable rows=full.reviews.clone() criteria=criteria.clone()/>
        })}
        {followed.then(|| view! { <FollowUpPanel id=v.id staff=reader == Reader::Staff/> })}
        <Notes id=v.id rows=full.notes.clone() reader on_changed/>
        <Timeline entries=v.timeline.clone()/>
    }
}

/// Who applied (unless the review is blind) and who helped.
#[component]
fn Who(view: ApplicationView) -> impl IntoView {
    let locale = use_locale();
    let submitted = view.submitted_at;
    view! {
        <dl class="lab-facts">
            {view.applicant.clone().map(|a| view! {
                <dt>{tr(t::COL_APPLICANT)}</dt><dd>{a.display_name} " · " {a.email}</dd>
            })}
            {view.assisted_by.clone().map(|s| view! { <dt>{tr(t::APPL_ASSISTED_BY)}</dt><dd>{s}</dd> })}
            {submitted.map(|at| view! {
                <dt>{tr(t::APPL_SUBMITTED_AT)}</dt><dd>{move || format_datetime(at, locale.get())}</dd>
            })}
        </dl>
    }
}

/// The texts of an application that can no longer be changed.
#[component]
fn Content(view: ApplicationView, lab_name: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let f = view.form.clone();
    let total = view.budget_total_cents;
    let requested = match &f.requested {
        shared::calls::AmountInput::Cents(c) => Some(*c),
        shared::calls::AmountInput::Text(_) => None,
    };
    let section = |label: shared::Text, text: String| {
        view! { <h3>{tr(label)}</h3><p class="pre">{text}</p> }
    };
    view! {
        <section aria-labelledby="content-title">
            <h2 id="content-title">{tr(t::APPL_CONTENT)}</h2>
            {section(t::APPL_SUMMARY, f.summary.clone())}
            {section(t::APPL_PROBLEM, f.problem_and_customers.clone())}
            {section(t::APPL_TEAM, f.team.clone())}
            {section(t::APPL_BENEFIT, f.community_benefit.clone())}
            <h3>{tr(t::APPL_BUDGET)}</h3>
            <div class="table-wrap">
                <table>
                    <thead><tr><th scope="col">{tr(t::APPL_BUDGET_ITEM)}</th><th scope="col">{tr(t::APPL_BUDGET_AMOUNT)}</th></tr></thead>
                    <tbody>
                        {f.budget_lines.iter().map(|l| {
                            let amount = match &l.amount {
                                shared::calls::AmountInput::Cents(c) => Some(*c),
                                shared::calls::AmountInput::Text(_) => None,
                            };
                            view! {
                                <tr><th scope="row">{l.item.clone()}</th>
                                    <td>{move || amount.map(|c| Cents(c).format(locale.get())).unwrap_or_default()}</td></tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p>{tr(t::APPL_BUDGET_TOTAL)} ": " <strong>{move || Cents(total).format(locale.get())}</strong></p>
            <p>{tr(t::APPL_REQUESTED)} ": "
                <strong>{move || requested.map(|c| Cents(c).format(locale.get())).unwrap_or_default()}</strong></p>
            {lab_name.map(|n| view! { <p>{tr(t::APPL_LAB)} ": " {n}</p> })}
        </section>
    }
}

/// Buttons for what the reader may do now (screening, requests, funding,
/// withdrawing), with the note some of them require.
#[component]
fn ActionsPanel(id: i64, actions: Vec<ActionOption>, on_changed: Callback<()>) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let any_requires = actions.iter().any(|a| a.requires_note);
    let run = move |option: ActionOption| {
        let text = note.get_untracked();
        if option.requires_note && text.trim().is_empty() {
            error.set(Some(AppError(ApiError::validation("note", ValidationCode::Required))));
            return;
        }
        error.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let req = TransitionRequest { action: option.action, note: Some(text).filter(|n| !n.trim().is_empty()) };
            let result = super::take_action(id, req).await;
            busy.set(false);
            match result {
                Ok(_) => on_changed.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="actions-title">
            <h2 id="actions-title">{tr(t::APPL_ACTIONS)}</h2>
            <ErrorAlert error/>
            <TextArea name="note" label=t::APPL_NOTE value=note errors=error max=NOTE_MAX_CHARS rows=3
                hint=if any_requires { t::APPL_NOTE_HINT_REQUIRED } else { t::APPL_NOTE_HINT }/>
            <div class="button-row">
                {actions.into_iter().map(|a| {
                    let label = a.label.clone();
                    view! {
                        <button type="button" class="button" disabled=move || busy.get()
                            on:click=move |_| run(a.clone())>{label}</button>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}

/// Internal notes (staff and evaluators) and messages to the applicant.
#[component]
fn Notes(id: i64, rows: Vec<NoteRow>, reader: Reader, on_changed: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let body = RwSignal::new(String::new());
    let to_applicant = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let action = ServerAction::<AddNote>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            body.set(String::new());
            on_changed.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = NoteInput { body: body.get_untracked(), to_applicant: to_applicant.get_untracked() };
        if let Err(e) = input.validate() {
            error.set(Some(AppError(e)));
            return;
        }
        error.set(None);
        action.dispatch(AddNote { id, input });
    };
    let applicant = reader == Reader::Applicant;
    if applicant && rows.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="panel" aria-labelledby="notes-title">
            <h2 id="notes-title">{if applicant { tr(t::APPL_MESSAGES) } else { tr(t::APPL_NOTES) }}</h2>
            <ul class="plain-list">
                {rows.into_iter().map(|n| {
                    let at = n.created_at;
                    view! {
                        <li>
                            <strong>{n.author_name.clone()}</strong> " · "
                            <span class="muted">{move || format_datetime(at, locale.get())}</span>
                            {(n.to_applicant && !applicant).then(|| view! { " · " <span class="badge">{tr(t::APPL_TO_APPLICANT)}</span> })}
                            <p class="pre">{n.body.clone()}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!applicant).then(|| view! {
                <form on:submit=on_submit novalidate>
                    <TextArea name="body" form="note" label=t::APPL_NEW_NOTE value=body errors=error max=NOTE_BODY_MAX_CHARS rows=3/>
                    {(reader == Reader::Staff).then(|| view! {
                        <div class="field checkbox">
                            <input id="f-note-to-applicant" type="checkbox" prop:checked=move || to_applicant.get()
                                on:change=move |ev| to_applicant.set(event_target_checked(&ev))/>
                            <label for="f-note-to-applicant">{tr(t::APPL_NOTE_TO_APPLICANT)}</label>
                        </div>
                    })}
                    <button type="submit" class="button" disabled=move || action.pending().get()>{tr(t::APPL_ADD_NOTE)}</button>
                </form>
            })}
        </section>
    }
    .into_any()
}

/// What happened, when and by whom; the applicant reads it in plain words
/// and only the notes meant for them (the server decides).
#[component]
fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{tr(t::APPL_TIMELINE)}</h2>
            <ol class="timeline" data-testid="timeline">
                {entries.into_iter().map(|e| {
                    let at = e.entry.at;
                    view! {
                        <li>
                            <span class="muted">{move || format_datetime(at, locale.get())}</span> " · "
                            <strong>{e.state_label.clone()}</strong> " · " {e.entry.who.clone()}
                            {e.entry.note.clone().map(|n| view! { <p class="pre">{n}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// Files: listed for whoever reads the application (downloads go through
/// the API, which checks the reader again); added and removed while the
/// application may be changed.
#[component]
fn Attachments(id: i64, rows: Vec<AttachmentRow>, editable: bool, on_changed: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let count = rows.len();
    let upload = move |_| {
        error.set(None);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let input = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("f-attachment"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
            let Some(file) = input.as_ref().and_then(|i| i.files()).and_then(|f| f.get(0)) else {
                error.set(Some(t::APPL_CHOOSE_FILE.get(locale.get_untracked()).to_owned()));
                return;
            };
            // The server checks again, by content; this only spares a long upload.
            if file.size() > shared::applications::MAX_ATTACHMENT_BYTES as f64 {
                error.set(Some(t::V_FILE_TOO_LARGE.get(locale.get_untracked()).to_owned()));
                return;
            }
            if count >= shared::applications::MAX_ATTACHMENTS {
                error.set(Some(t::V_TOO_MANY_FILES.get(locale.get_untracked()).to_owned()));
                return;
            }
            busy.set(true);
            leptos::task::spawn_local(async move {
                let result =
                    crate::forms::post_file(&format!("/api/v1/applications/{id}/attachments"), "file", &file).await;
                busy.set(false);
                match result {
                    Ok(()) => on_changed.run(()),
                    Err((message, fields)) => {
                        let detail: Vec<String> = fields.into_iter().map(|(_, m)| m).collect();
                        error.set(Some(if detail.is_empty() { message } else { detail.join(" ") }));
                    }
                }
            });
        }
        // Without the browser there is no file to send (the field needs JavaScript).
        #[cfg(not(feature = "hydrate"))]
        let _ = (busy, count, on_changed);
    };
    let remove = move |file: i64| {
        leptos::task::spawn_local(async move {
            match super::delete_attachment(id, file).await {
                Ok(()) => on_changed.run(()),
                Err(e) => error.set(Some(e.0.message(locale.get_untracked()).to_owned())),
            }
        });
    };
    if rows.is_empty() && !editable {
        return ().into_any();
    }
    view! {
        <section class="panel" aria-labelledby="attachments-title">
            <h2 id="attachments-title">{tr(t::APPL_ATTACHMENTS)}</h2>
            {move || error.get().map(|m| view! { <p class="alert alert-error" role="alert">{m}</p> })}
            <ul class="plain-list">
                {rows.into_iter().map(|a| {
                    let file = a.id;
                    let kb = (a.size_bytes + 1023) / 1024;
                    view! {
                        <li>
                            <a href=format!("/api/v1/applications/{id}/attachments/{file}") rel="external" download="">{a.name.clone()}</a>
                            " · " <span class="muted">{format!("{kb} KB")}</span>
                            {editable.then(|| view! {
                                " " <button type="button" class="button link" on:click=move |_| remove(file)>
                                    {tr(t::APPL_REMOVE_FILE)} <span class="sr-only">" " {a.name.clone()}</span>
                                </button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {editable.then(|| view! {
                <div class="field">
                    <label for="f-attachment">{tr(t::APPL_ADD_FILE)}</label>
                    <p class="hint" id="f-attachment-hint">{tr(t::APPL_FILE_HINT)}</p>
                    <input id="f-attachment" type="file" aria-describedby="f-attachment-hint"
                        accept=".pdf,.odt,.docx,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"/>
                </div>
                <button type="button" class="button" disabled=move || busy.get() on:click=upload>{tr(t::APPL_UPLOAD)}</button>
            })}
        </section>
    }
    .into_any()
}
