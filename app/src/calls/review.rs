//! The committee's side: the declaration of a conflict of interest (or
//! none) before anything is read, the scores per criterion with comments,
//! and the reviews as their reader may see them.

use super::SubmitReview;
use crate::errors::{AppError, ErrorAlert};
use crate::forms::TextArea;
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use shared::applications::{
    format_score, ConflictDeclaration, ReviewInput, ReviewRow, ReviewSubject, ScoreInput, COMMENT_MAX_CHARS,
    CONFLICT_REASON_MAX_CHARS,
};
use shared::calls::{Criterion, SCORE_MAX};
use shared::i18n::t;
use shared::time::format_datetime;

#[component]
pub fn DeclarationForm(id: i64, subject: ReviewSubject, on_changed: Callback<()>) -> impl IntoView {
    let conflict = RwSignal::new(None::<bool>);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let action = ServerAction::<SubmitReview>::new();
    let recused = RwSignal::new(false);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) if conflict.get_untracked() == Some(true) => recused.set(true),
        Some(Ok(_)) => on_changed.run(()),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let locale = use_locale();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let declaration = match conflict.get_untracked() {
            None => {
                let e = shared::ApiError::validation("conflict", shared::error::ValidationCode::Required);
                error.set(Some(AppError(e)));
                return;
            }
            Some(false) => ConflictDeclaration::None,
            Some(true) => ConflictDeclaration::Conflict { reason: reason.get_untracked() },
        };
        let input = ReviewInput { conflict: declaration, scores: Vec::new() };
        // With no criteria, this checks only the reason of a conflict.
        if let Err(e) = input.validate(&[]) {
            error.set(Some(AppError(e)));
            return;
        }
        error.set(None);
        action.dispatch(SubmitReview { id, input });
    };
    let conflict_error = move || error.get().and_then(|e| e.0.field_message("conflict", locale.get()));
    view! {
        <Title text=tr(t::REVIEW_DECLARE_TITLE)/>
        <h1>{tr(t::REVIEW_DECLARE_TITLE)}</h1>
        <dl class="lab-facts">
            <dt>{tr(t::NAV_CALLS)}</dt><dd>{subject.call_title.clone()}</dd>
            <dt>{tr(t::COL_IDEA)}</dt><dd>{subject.idea_title.clone()}</dd>
            {subject.applicant_name.clone().map(|n| view! { <dt>{tr(t::COL_APPLICANT)}</dt><dd>{n}</dd> })}
        </dl>
        <Show when=move || !recused.get() fallback=|| view! {
            <p class="alert alert-success" role="status">{tr(t::REVIEW_RECUSED)}</p>
        }>
            <p>{tr(t::REVIEW_DECLARE_INTRO)}</p>
            <form on:submit=on_submit novalidate>
                <ErrorAlert error/>
                <fieldset aria-describedby=move || conflict_error().map(|_| "conflict-err")>
                    <legend>{tr(t::REVIEW_DECLARE_QUESTION)}</legend>
                    <label class="radio">
                        <input type="radio" name="conflict" value="none" prop:checked=move || conflict.get() == Some(false)
                            on:change=move |_| conflict.set(Some(false))/>
                        {tr(t::REVIEW_NO_CONFLICT)}
                    </label>
                    <label class="radio">
                        <input type="radio" name="conflict" value="conflict" prop:checked=move || conflict.get() == Some(true)
                            on:change=move |_| conflict.set(Some(true))/>
                        {tr(t::REVIEW_HAS_CONFLICT)}
                    </label>
                    {move || conflict_error().map(|m| view! { <p class="field-error" id="conflict-err">{m}</p> })}
                </fieldset>
                <Show when=move || conflict.get() == Some(true)>
                    <TextArea name="conflict.reason" label=t::REVIEW_CONFLICT_REASON value=reason errors=error
                        max=CONFLICT_REASON_MAX_CHARS rows=3/>
                </Show>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {tr(t::REVIEW_DECLARE_SEND)}
                </button>
            </form>
        </Show>
    }
}

/// One score per criterion (0–5, or abstain) with a comment. Final once sent.
#[component]
pub fn ScoreForm(id: i64, criteria: Vec<Criterion>, on_changed: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    // "" not chosen yet, "abstain", or the score.
    let choices: Vec<(RwSignal<String>, RwSignal<String>)> =
        criteria.iter().map(|_| (RwSignal::new(String::new()), RwSignal::new(String::new()))).collect();
    let choices = StoredValue::new(choices);
    let error = RwSignal::new(None::<AppError>);
    let action = ServerAction::<SubmitReview>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => on_changed.run(()),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let rules = StoredValue::new(criteria.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let scores: Vec<ScoreInput> = choices.with_value(|c| {
            c.iter()
                .enumerate()
                .filter_map(|(k, (score, comment))| {
                    let chosen = score.get_untracked();
                    (!chosen.is_empty()).then(|| ScoreInput {
                        criterion: k,
                        score: chosen.parse::<u8>().ok(),
                        comment: comment.get_untracked(),
                    })
                })
                .collect()
        });
        let input = ReviewInput { conflict: ConflictDeclaration::None, scores };
        if let Err(e) = rules.with_value(|r| input.validate(r)) {
            error.set(Some(AppError(e)));
            return;
        }
        error.set(None);
        action.dispatch(SubmitReview { id, input });
    };
    view! {
        <section class="panel" aria-labelledby="score-title">
            <h2 id="score-title">{tr(t::REVIEW_SCORE_TITLE)}</h2>
            <p>{tr(t::REVIEW_SCORE_INTRO)}</p>
            <form on:submit=on_submit novalidate>
                <ErrorAlert error/>
                {criteria.into_iter().enumerate().map(|(k, c)| {
                    let (score, comment) = choices.with_value(|ch| ch[k]);
                    let id_select = format!("f-score-{k}");
                    let field = format!("scores[{k}].score");
                    let message = Signal::derive(move || error.get().and_then(|e| e.0.field_message(&field, locale.get())));
                    view! {
                        <fieldset class="criterion">
                            <legend>{c.name.clone()} " (" {c.weight} "%)"</legend>
                            {(!c.description.is_empty()).then(|| view! { <p class="hint">{c.description.clone()}</p> })}
                            <div class="field" class:field-invalid=move || message.get().is_some()>
                                <label for=id_select.clone()>{tr(t::REVIEW_SCORE)}</label>
                                <select id=id_select.clone()
                                    aria-describedby=move || message.get().map(|_| format!("f-score-{k}-err"))
                                    on:change=move |ev| score.set(event_target_value(&ev))>
                                    <option value="" selected=move || score.get().is_empty()>{tr(t::REVIEW_CHOOSE)}</option>
                                    {(0..=SCORE_MAX).map(|s| view! {
                                        <option value=s.to_string() selected=move || score.get() == s.to_string()>{s}</option>
                                    }).collect_view()}
                                    <option value="abstain" selected=move || score.get() == "abstain">{tr(t::REVIEW_ABSTAIN)}</option>
                                </select>
                                {move || message.get().map(|m| view! { <p class="field-error" id=format!("f-score-{k}-err")>{m}</p> })}
                            </div>
                            <TextArea name="comment" form=format!("score{k}") label=t::REVIEW_COMMENT value=comment
                                errors=Signal::derive(|| None) max=COMMENT_MAX_CHARS rows=2/>
                        </fieldset>
                    }
                }).collect_view()}
                <p class="hint">{tr(t::REVIEW_FINAL_HINT)}</p>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {tr(t::REVIEW_SEND)}
                </button>
            </form>
        </section>
    }
}

/// The reviews the reader may see: staff all of them, an evaluator their
/// own and, once theirs is sent, the others'.
#[component]
pub fn ReviewsTable(rows: Vec<ReviewRow>, criteria: Vec<Criterion>) -> impl IntoView {
    let locale = use_locale();
    if rows.is_empty() {
        return ().into_any();
    }
    view! {
        <section aria-labelledby="reviews-title">
            <h2 id="reviews-title">{tr(t::REVIEWS_TITLE)}</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="reviews-title">
                <table data-testid="reviews">
                    <thead><tr>
                        <th scope="col">{tr(t::COL_EVALUATOR)}</th>
                        {criteria.iter().map(|c| view! { <th scope="col">{c.name.clone()}</th> }).collect_view()}
                        <th scope="col">{tr(t::COL_WEIGHTED)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            let n = criteria.len();
                            let weighted = r.weighted_score;
                            let submitted = r.submitted_at;
                            let cells = (0..n).map(|k| {
                                let s = r.scores.iter().find(|s| s.criterion == k).cloned();
                                let given = s.as_ref().map(|s| s.score);
                                view! {
                                    <td>{move || match given {
                                        Some(Some(v)) => v.to_string(),
                                        Some(None) => t::REVIEW_ABSTAIN.get(locale.get()).to_owned(),
                                        None => "—".to_owned(),
                                    }}
                                    {s.as_ref().and_then(|s| s.comment.clone()).map(|c| view! { <br/><span class="muted">{c}</span> })}</td>
                                }
                            }).collect_view();
                            view! {
                                <tr>
                                    <th scope="row">{r.evaluator_name.clone()}
                                        {r.conflict.clone().map(|c| view! { <br/><span class="badge">{tr(t::REVIEW_CONFLICT)}</span> " " {c} })}
                                        {move || match submitted {
                                            Some(at) => format!(" · {}", format_datetime(at, locale.get())),
                                            None => format!(" · {}", t::REVIEW_PENDING.get(locale.get())),
                                        }}
                                    </th>
                                    {cells}
                                    <td>{move || weighted.map(|w| format_score(w, locale.get())).unwrap_or_else(|| "—".into())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}
