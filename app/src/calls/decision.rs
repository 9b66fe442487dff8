//! Staff record the decision: approve, approve with conditions or reject,
//! with a letter from a template. A rejection carries feedback and a
//! suggested next step, so nobody is left with a bare "no".

use super::Decide;
use crate::errors::{AppError, ErrorAlert};
use crate::forms::{Field, TextArea};
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use shared::applications::{
    Action, ApplicationView, DecisionInput, LETTER_MAX_CHARS, NOTE_MAX_CHARS, SECTION_MAX_CHARS,
};
use shared::calls::AmountInput;
use shared::i18n::t;
use shared::money::Cents;
use shared::Text;

/// The letter a decision starts from, in the staff member's language;
/// the placeholders are filled in the applicant's.
fn template(action: Action) -> Text {
    match action {
        Action::Reject => t::LETTER_TEMPLATE_REJECT,
        Action::ApproveWithConditions => t::LETTER_TEMPLATE_CONDITIONS,
        _ => t::LETTER_TEMPLATE_APPROVE,
    }
}

#[component]
pub fn DecisionForm(view: ApplicationView, on_changed: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let id = view.id;
    let options: Vec<Action> = view
        .actions
        .iter()
        .map(|a| a.action)
        .filter(|a| matches!(a, Action::Approve | Action::ApproveWithConditions | Action::Reject))
        .collect();
    let requested = match view.form.requested {
        AmountInput::Cents(c) => Cents(c),
        AmountInput::Text(_) => Cents(0),
    };
    let chosen = RwSignal::new(None::<Action>);
    let note = RwSignal::new(String::new());
    let letter = RwSignal::new(String::new());
    let granted = RwSignal::new(String::new());
    let feedback = RwSignal::new(String::new());
    let next_step = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let action = ServerAction::<Decide>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => on_changed.run(()),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let choose = move |a: Action| {
        chosen.set(Some(a));
        // A new choice starts from its template, unless the letter was written.
        let current = letter.get_untracked();
        let untouched = current.is_empty()
            || [Action::Approve, Action::ApproveWithConditions, Action::Reject]
                .iter()
                .any(|o| template(*o).get(locale.get_untracked()) == current);
        if untouched {
            letter.set(template(a).get(locale.get_untracked()).to_owned());
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = DecisionInput {
            action: chosen.get_untracked(),
            note: note.get_untracked(),
            letter_template: letter.get_untracked(),
            granted: AmountInput::Text(granted.get_untracked()),
            feedback: feedback.get_untracked(),
            next_step: next_step.get_untracked(),
        };
        if let Err(e) = input.validate(requested, locale.get_untracked()) {
            error.set(Some(AppError(e)));
            return;
        }
        error.set(None);
        action.dispatch(Decide { id, input });
    };
    let rejecting = move || chosen.get() == Some(Action::Reject);
    let action_error = move || error.get().and_then(|e| e.0.field_message("action", locale.get()));
    view! {
        <section class="panel" aria-labelledby="decision-title">
            <h2 id="decision-title">{tr(t::DECISION_TITLE)}</h2>
            <form on:submit=on_submit novalidate>
                <ErrorAlert error/>
                <fieldset aria-describedby=move || action_error().map(|_| "decision-action-err")>
                    <legend>{tr(t::DECISION_CHOOSE)}</legend>
                    {options.into_iter().map(|a| view! {
                        <label class="radio">
                            <input type="radio" name="decision" value=a.code()
                                prop:checked=move || chosen.get() == Some(a) on:change=move |_| choose(a)/>
                            {move || a.text().get(locale.get())}
                        </label>
                    }).collect_view()}
                    {move || action_error().map(|m| view! { <p class="field-error" id="decision-action-err">{m}</p> })}
                </fieldset>
                <TextArea name="note" form="decision" label=t::DECISION_MOTIVATION value=note errors=error
                    hint=t::DECISION_MOTIVATION_HINT max=NOTE_MAX_CHARS rows=3/>
                <Show when=move || !rejecting()>
                    <Field name="granted" label=t::DECISION_GRANTED value=granted errors=error inputmode="decimal"
                        required=false hint_text=Signal::derive(move || format!("{} {}",
                            t::DECISION_GRANTED_HINT.get(locale.get()), requested.format(locale.get())))/>
                </Show>
                <Show when=rejecting>
                    <TextArea name="feedback" label=t::DECISION_FEEDBACK value=feedback errors=error
                        hint=t::DECISION_FEEDBACK_HINT max=SECTION_MAX_CHARS rows=3/>
                    <TextArea name="next_step" label=t::DECISION_NEXT_STEP value=next_step errors=error
                        hint=t::DECISION_NEXT_STEP_HINT max=SECTION_MAX_CHARS rows=3/>
                </Show>
                <TextArea name="letter_template" label=t::DECISION_LETTER value=letter errors=error
                    hint=t::DECISION_LETTER_HINT max=LETTER_MAX_CHARS rows=10/>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {tr(t::DECISION_SEND)}
                </button>
            </form>
        </section>
    }
}
