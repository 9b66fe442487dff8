//! The application form while it may be changed. It saves itself two
//! seconds after typing stops and at once when a field is left; each save
//! carries the version it was loaded with, so another tab is never
//! overwritten (409). Until a save succeeds, the text is also kept in the
//! tab's session storage, so a reload in that moment loses nothing.

use super::{autosave, take_action};
use crate::errors::{AppError, ErrorAlert};
use crate::forms::{indexed_errors, Field, TextArea};
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use shared::applications::{
    Action, ApplicationInput, ApplicationView, BudgetLineInput, SaveDraft, TransitionRequest, SECTION_MAX_CHARS,
    SUMMARY_MAX_CHARS,
};
use shared::calls::AmountInput;
use shared::i18n::t;
use shared::money::Cents;
use shared::{ApiError, Locale};

/// Typing pauses this long before the draft is saved.
const SAVE_AFTER_MS: u64 = 2000;

#[derive(Clone, Copy)]
struct Line {
    key: u32,
    item: RwSignal<String>,
    amount: RwSignal<String>,
}

/// The form's fields as signals; [`Fields::input`] reads them as the
/// request the server validates.
#[derive(Clone, Copy)]
struct Fields {
    idea_title: RwSignal<String>,
    summary: RwSignal<String>,
    problem: RwSignal<String>,
    team: RwSignal<String>,
    benefit: RwSignal<String>,
    lines: RwSignal<Vec<Line>>,
    next_key: StoredValue<u32>,
    requested: RwSignal<String>,
    lab_id: RwSignal<Option<i64>>,
    consent: RwSignal<bool>,
}

fn amount_text(a: &AmountInput, locale: Locale) -> String {
    match a {
        AmountInput::Cents(c) => Cents(*c).format_input(locale),
        AmountInput::Text(s) => s.clone(),
    }
}

impl Fields {
    fn new(form: &ApplicationInput, locale: Locale) -> Fields {
        let f = Fields {
            idea_title: RwSignal::new(String::new()),
            summary: RwSignal::new(String::new()),
            problem: RwSignal::new(String::new()),
            team: RwSignal::new(String::new()),
            benefit: RwSignal::new(String::new()),
            lines: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
            requested: RwSignal::new(String::new()),
            lab_id: RwSignal::new(None),
            consent: RwSignal::new(false),
        };
        f.fill(form, locale);
        f
    }

    fn fill(&self, form: &ApplicationInput, locale: Locale) {
        self.idea_title.set(form.idea_title.clone());
        self.summary.set(form.summary.clone());
        self.problem.set(form.problem_and_customers.clone());
        self.team.set(form.team.clone());
        self.benefit.set(form.community_benefit.clone());
        let lines = form.budget_lines.iter().map(|l| self.line(&l.item, amount_text(&l.amount, locale))).collect();
        self.lines.set(lines);
        self.requested.set(amount_text(&form.requested, locale));
        self.lab_id.set(form.lab_id);
        self.consent.set(form.consent);
    }

    fn line(&self, item: &str, amount: String) -> Line {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        Line { key, item: RwSignal::new(item.to_owned()), amount: RwSignal::new(amount) }
    }

    /// Tracked: an effect reading this re-runs on every keystroke.
    fn input(&self) -> ApplicationInput {
        ApplicationInput {
            idea_title: self.idea_title.get(),
            summary: self.summary.get(),
            problem_and_customers: self.problem.get(),
            team: self.team.get(),
            community_benefit: self.benefit.get(),
            budget_lines: self
                .lines
                .get()
                .iter()
                .map(|l| BudgetLineInput { item: l.item.get(), amount: AmountInput::Text(l.amount.get()) })
                .collect(),
            requested: AmountInput::Text(self.requested.get()),
            lab_id: self.lab_id.get(),
            consent: self.consent.get(),
        }
    }

    /// The sum of the amounts typed so far that can be read.
    fn total(&self, locale: Locale) -> Cents {
        Cents(self.lines.get().iter().filter_map(|l| Cents::parse(&l.amount.get(), locale).ok()).map(|c| c.0).sum())
    }
}

/// The tab's copy of what is not saved yet (session storage: it survives a
/// reload, and is gone with the tab, so a shared computer keeps nothing).
mod backup {
    use shared::applications::ApplicationInput;

    fn key(id: i64) -> String {
        format!("legami-bozza-{id}")
    }

    #[cfg(feature = "hydrate")]
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window().and_then(|w| w.session_storage().ok()).flatten()
    }

    pub fn write(id: i64, version: i64, draft: &ApplicationInput) {
        #[cfg(feature = "hydrate")]
        if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(&(version, draft))) {
            let _ = s.set_item(&key(id), &json);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (key(id), version, draft);
    }

    pub fn read(id: i64) -> Option<(i64, ApplicationInput)> {
        #[cfg(feature = "hydrate")]
        {
            let json = storage()?.get_item(&key(id)).ok()??;
            serde_json::from_str(&json).ok()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = key(id);
            None
        }
    }

    pub fn clear(id: i64) {
        #[cfg(feature = "hydrate")]
        if let Some(s) = storage() {
            let _ = s.remove_item(&key(id));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = key(id);
    }
}

#[derive(Debug, Clone, PartialEq)]
enum SaveState {
    Idle,
    Pending,
    Saving,
    Saved(i64),
    Failed(AppError),
}

/// The form. `labs` are `(id, label)` for the "lab the idea came from"
/// choice; `on_changed` refetches the page after a submission.
#[component]
pub fn DraftForm(
    view: ApplicationView,
    call_max_cents: i64,
    labs: Vec<(i64, String)>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let id = view.id;
    let fields = Fields::new(&view.form, locale.get_untracked());
    let version = StoredValue::new(view.version);
    let saved = StoredValue::new(fields_snapshot(fields));
    let state = RwSignal::new(SaveState::Idle);
    // Draft rules, checked at each save; cleared by the next good save.
    let errors = RwSignal::new(None::<AppError>);
    // After a first try to submit, the submit rules are checked live, so a
    // message goes as soon as its field is fixed (and not on the button's
    // mousedown, which would move the button under the pointer).
    let tried = RwSignal::new(false);
    let server_err = RwSignal::new(None::<AppError>);
    let saving = StoredValue::new(false);
    let stopped = StoredValue::new(false);
    let tick = RwSignal::new(0u32);
    let timer = StoredValue::new(None::<leptos::leptos_dom::helpers::TimeoutHandle>);
    let submitting = RwSignal::new(false);
    let submit_action = view.actions.iter().map(|a| a.action).find(|a| matches!(a, Action::Submit | Action::Resubmit));

    // Saves now if anything changed; one save at a time (the next starts
    // when this one ends, through `tick`).
    let save_now = move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        let current = untrack(|| fields.input());
        if saving.get_value() || stopped.get_value() || current == saved.get_value() {
            return;
        }
        // The server's rules for a draft (lengths, amounts), checked first.
        if let Err(e) = current.validate_draft(locale.get_untracked()) {
            errors.set(Some(AppError(e)));
            state.set(SaveState::Pending);
            return;
        }
        errors.set(None);
        saving.set_value(true);
        state.set(SaveState::Saving);
        leptos::task::spawn_local(async move {
            let req = SaveDraft { version: version.get_value(), draft: current.clone() };
            match autosave(id, req).await {
                Ok(s) => {
                    version.set_value(s.version);
                    saved.set_value(current);
                    backup::clear(id);
                    state.set(SaveState::Saved(s.saved_at));
                }
                Err(e) => {
                    // Another tab saved, or the call closed: retrying cannot help.
                    if matches!(e.0, ApiError::StaleVersion | ApiError::CallNotOpen | ApiError::Forbidden) {
                        stopped.set_value(true);
                    }
                    state.set(SaveState::Failed(e));
                }
            }
            saving.set_value(false);
            tick.update(|t| *t += 1);
        });
    };

    // A reload while a save was pending: take the tab's copy back, if it
    // was typed over the version the server still has.
    Effect::new(move |_| {
        if let Some((v, draft)) = backup::read(id) {
            if v == version.get_value() && draft != saved.get_value() {
                fields.fill(&draft, locale.get_untracked());
            } else {
                backup::clear(id);
            }
        }
    });
    // Every change: keep the tab's copy and save after a pause.
    Effect::new(move |_| {
        tick.track();
        let current = fields.input();
        if current == saved.get_value() || stopped.get_value() {
            return;
        }
        backup::write(id, version.get_value(), &current);
        state.set(SaveState::Pending);
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        timer.set_value(set_timeout_with_handle(save_now, std::time::Duration::from_millis(SAVE_AFTER_MS)).ok());
    });

    // A pending save must not fire into a form that is gone (after submitting).
    on_cleanup(move || {
        if let Some(Some(h)) = timer.try_get_value() {
            h.clear();
        }
    });

    let submit = move |action: Action| {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        let current = untrack(|| fields.input());
        tried.set(true);
        server_err.set(None);
        if current.validate_for_submit(Cents(call_max_cents), locale.get_untracked()).is_err() {
            return;
        }
        submitting.set(true);
        leptos::task::spawn_local(async move {
            // Leaving the last field may have started a save: wait for it,
            // or the two saves would carry the same version (409).
            #[cfg(feature = "hydrate")]
            while saving.get_value() {
                gloo_timers::future::TimeoutFuture::new(50).await;
            }
            saving.set_value(true);
            let current = untrack(|| fields.input());
            let mut result: Result<(), AppError> = Ok(());
            if current != saved.get_value() {
                let req = SaveDraft { version: version.get_value(), draft: current.clone() };
                result = autosave(id, req).await.map(|s| {
                    version.set_value(s.version);
                    saved.set_value(current);
                    backup::clear(id);
                });
            }
            if result.is_ok() {
                result = take_action(id, TransitionRequest { action, note: None }).await.map(|_| ());
            }
            saving.set_value(false);
            submitting.set(false);
            match result {
                Ok(()) => on_changed.run(()),
                Err(e) => server_err.set(Some(e)),
            }
        });
    };

    let status_text = move || match state.get() {
        SaveState::Idle => String::new(),
        SaveState::Pending => t::DRAFT_PENDING.get(locale.get()).to_owned(),
        SaveState::Saving => t::DRAFT_SAVING.get(locale.get()).to_owned(),
        SaveState::Saved(at) => {
            format!("{} {}", t::DRAFT_SAVED_AT.get(locale.get()), shared::time::format_time(at, locale.get()))
        }
        SaveState::Failed(e) => format!("{} {}", t::DRAFT_NOT_SAVED.get(locale.get()), e.0.message(locale.get())),
    };
    let submit_err = Signal::derive(move || {
        if !tried.get() {
            return None;
        }
        fields.input().validate_for_submit(Cents(call_max_cents), locale.get()).err().map(AppError)
    });
    let err = Signal::derive(move || errors.get().or_else(|| submit_err.get()).or_else(|| server_err.get()));
    let remove_line = move |key: u32| fields.lines.update(|ls| ls.retain(|l| l.key != key));
    let add_line = move |_| {
        let line = fields.line("", String::new());
        fields.lines.update(|ls| ls.push(line));
    };

    view! {
        <form class="application-form" novalidate on:focusout=move |_| save_now()
            on:submit=move |ev| ev.prevent_default()>
            <p class="save-status" role="status" data-testid="save-status">{status_text}</p>
            <ErrorAlert error=err/>
            <Field name="idea_title" label=t::APPL_IDEA_TITLE value=fields.idea_title errors=err
                hint=t::APPL_IDEA_TITLE_HINT/>
            <TextArea name="summary" label=t::APPL_SUMMARY value=fields.summary errors=err
                hint=t::APPL_SUMMARY_HINT max=SUMMARY_MAX_CHARS/>
            <TextArea name="problem_and_customers" label=t::APPL_PROBLEM value=fields.problem errors=err
                hint=t::APPL_PROBLEM_HINT max=SECTION_MAX_CHARS/>
            <TextArea name="team" label=t::APPL_TEAM value=fields.team errors=err
                hint=t::APPL_TEAM_HINT max=SECTION_MAX_CHARS/>
            <TextArea name="community_benefit" label=t::APPL_BENEFIT value=fields.benefit errors=err
                hint=t::APPL_BENEFIT_HINT max=SECTION_MAX_CHARS/>
            <fieldset class="budget">
                <legend>{tr(t::APPL_BUDGET)}</legend>
                <p class="hint">{tr(t::APPL_BUDGET_HINT)}</p>
                {move || err.get().and_then(|e| e.0.field_message("budget_lines", locale.get()))
                    .map(|m| view! { <p class="field-error">{m}</p> })}
                // Keyed by position too: an error names a line by its index.
                <For each=move || fields.lines.get().into_iter().enumerate() key=|(i, l)| (*i, l.key)
                    children=move |(i, line)| view! {
                    <div class="budget-line">
                        <Field name="item" form=format!("line{}", line.key) label=t::APPL_BUDGET_ITEM value=line.item
                            errors=indexed_errors(err, "budget_lines", i, "item")/>
                        <Field name="amount" form=format!("line{}", line.key) label=t::APPL_BUDGET_AMOUNT
                            value=line.amount errors=indexed_errors(err, "budget_lines", i, "amount") inputmode="decimal"/>
                        <button type="button" class="button link" on:click=move |_| remove_line(line.key)>
                            {tr(t::APPL_BUDGET_REMOVE)} <span class="sr-only">" " {move || line.item.get()}</span>
                        </button>
                    </div>
                }/>
                <button type="button" class="button" on:click=add_line>{tr(t::APPL_BUDGET_ADD)}</button>
                <p class="budget-total">{tr(t::APPL_BUDGET_TOTAL)} ": "
                    <strong data-testid="budget-total">{move || fields.total(locale.get()).format(locale.get())}</strong></p>
            </fieldset>
            <Field name="requested" label=t::APPL_REQUESTED value=fields.requested errors=err inputmode="decimal"
                hint_text=Signal::derive(move || format!("{} {}", t::APPL_REQUESTED_HINT.get(locale.get()),
                    Cents(call_max_cents).format(locale.get())))/>
            {(!labs.is_empty()).then(|| view! {
                <div class="field">
                    <label for="f-lab_id">{tr(t::APPL_LAB)}</label>
                    <p class="hint" id="f-lab_id-hint">{tr(t::APPL_LAB_HINT)}</p>
                    <select id="f-lab_id" aria-describedby="f-lab_id-hint" on:change=move |ev| {
                        fields.lab_id.set(event_target_value(&ev).parse::<i64>().ok())
                    }>
                        <option value="" selected=move || fields.lab_id.get().is_none()>{tr(t::APPL_LAB_NONE)}</option>
                        {labs.into_iter().map(|(lab, label)| view! {
                            <option value=lab.to_string() selected=move || fields.lab_id.get() == Some(lab)>{label}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            <div class="field checkbox">
                <input id="f-consent" type="checkbox" prop:checked=move || fields.consent.get()
                    aria-describedby="f-consent-err"
                    on:change=move |ev| fields.consent.set(event_target_checked(&ev))/>
                <label for="f-consent">{tr(t::APPL_CONSENT)}</label>
            </div>
            <crate::privacy::PrivacyNote/>
            {move || err.get().and_then(|e| e.0.field_message("consent", locale.get()))
                .map(|m| view! { <p class="field-error" id="f-consent-err">{m}</p> })}
            {submit_action.map(|action| view! {
                <p class="hint">{tr(t::APPL_SUBMIT_HINT)}</p>
                <button type="button" class="button primary" disabled=move || submitting.get()
                    on:click=move |_| submit(action)>
                    {move || action.text().get(locale.get())}
                </button>
            })}
        </form>
    }
}

fn fields_snapshot(fields: Fields) -> ApplicationInput {
    untrack(|| fields.input())
}
