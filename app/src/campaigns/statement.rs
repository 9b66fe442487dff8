//! Staff import a bank statement: preview the matches, then confirm.

use crate::errors::{AppError, ErrorAlert};
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use shared::campaigns::{DonationRow, MatchOutcome, StatementPreview};
use shared::i18n::t;
use shared::money::Cents;

#[server(prefix = "/fn", endpoint = "preview_statement")]
pub async fn preview_statement(csv: String) -> Result<StatementPreview, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.statement_preview(csv).await)
}

#[server(prefix = "/fn", endpoint = "confirm_donations", input = leptos::server_fn::codec::Json)]
pub async fn confirm_donations(ids: Vec<i64>) -> Result<Vec<DonationRow>, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.confirm_donations(ids).await)
}

/// Puts the chosen file's text into `target` (the browser reads it).
fn read_file(ev: leptos::ev::Event, target: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let file = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            leptos::task::spawn_local(async move {
                if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    target.set(text.as_string().unwrap_or_default());
                }
            });
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, target);
}

#[component]
pub fn StatementImport(on_confirmed: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let locale = use_locale();
    let csv = RwSignal::new(String::new());
    let preview = ServerAction::<PreviewStatement>::new();
    let confirm = ServerAction::<ConfirmDonations>::new();
    let selected = RwSignal::new(Vec::<i64>::new());
    let errors = Signal::derive(move || {
        preview.value().get().and_then(Result::err).or_else(|| confirm.value().get().and_then(Result::err))
    });
    Effect::new(move |_| {
        if let Some(Ok(p)) = preview.value().get() {
            selected.set(
                p.matches
                    .iter()
                    .filter_map(|m| match m.outcome {
                        MatchOutcome::Match { donation_id, .. } => Some(donation_id),
                        _ => None,
                    })
                    .collect(),
            );
        }
    });
    Effect::new(move |_| {
        if matches!(confirm.value().get(), Some(Ok(_))) {
            on_confirmed();
        }
    });
    let outcome_text = move |o: &MatchOutcome| -> String {
        let l = locale.get();
        match o {
            MatchOutcome::Match { donor_name, .. } => format!("{} {donor_name}", t::OUT_MATCH.get(l)),
            MatchOutcome::AmountDiffers { donor_name, pledged_cents, .. } => {
                format!("{} {} ({donor_name})", t::OUT_AMOUNT.get(l), Cents(*pledged_cents).format(l))
            }
            MatchOutcome::AlreadyReceived { .. } => t::OUT_ALREADY.get(l).to_owned(),
            MatchOutcome::UnknownReference { reference } => format!("{}: {reference}", t::OUT_UNKNOWN.get(l)),
            MatchOutcome::NoReference => t::OUT_NONE.get(l).to_owned(),
        }
    };
    view! {
        <section class="give" aria-labelledby="statement-title">
            <h2 id="statement-title">{tr(t::STATEMENT_TITLE)}</h2>
            <p>{tr(t::STATEMENT_INTRO)}</p>
            <ErrorAlert error=errors/>
            <form on:submit=move |ev| { ev.prevent_default(); preview.dispatch(PreviewStatement { csv: csv.get() }); }>
                <div class="field">
                    <label for="f-statement-file">{tr(t::STATEMENT_FILE)}</label>
                    <input id="f-statement-file" type="file" accept=".csv,text/csv,text/plain" on:change=move |ev| read_file(ev, csv)/>
                </div>
                <div class="field">
                    <label for="f-statement">{tr(t::STATEMENT_TEXT)}</label>
                    <textarea id="f-statement" rows="5" prop:value=move || csv.get() on:input=move |ev| csv.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit" class="button">{tr(t::STATEMENT_PREVIEW)}</button>
            </form>
            {move || confirm.value().get().and_then(Result::ok).map(|rows| view! {
                <p class="alert alert-success" role="status">{tr(t::STATEMENT_CONFIRMED)} " " {rows.len()}</p>
            })}
            {move || preview.value().get().and_then(Result::ok).map(|p| view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=tr(t::STATEMENT_PREVIEW)>
                <table data-testid="statement-preview">
                    <thead><tr>
                        <th scope="col">{tr(t::COL_LINE)}</th>
                        <th scope="col">{tr(t::COL_DAY)}</th>
                        <th scope="col">{tr(t::COL_AMOUNT)}</th>
                        <th scope="col">{tr(t::COL_REFERENCE)}</th>
                        <th scope="col">{tr(t::COL_OUTCOME)}</th>
                        <th scope="col">{tr(t::COL_CONFIRM)}</th>
                    </tr></thead>
                    <tbody>
                        {p.matches.into_iter().map(|m| {
                            let amount = m.line.amount_cents;
                            let id = match m.outcome {
                                MatchOutcome::Match { donation_id, .. } | MatchOutcome::AmountDiffers { donation_id, .. } => Some(donation_id),
                                _ => None,
                            };
                            let text = { let o = m.outcome.clone(); move || outcome_text(&o) };
                            let line = m.line.line;
                            view! {
                                <tr>
                                    <td>{line}</td>
                                    <td>{m.line.date.clone()}</td>
                                    <td>{move || Cents(amount).format(locale.get())}</td>
                                    <td>{m.line.description.clone()}</td>
                                    <td>{text}</td>
                                    <td>{id.map(|id| view! {
                                        <input type="checkbox" aria-label=move || format!("{} {}", t::COL_CONFIRM.get(locale.get()), line)
                                            prop:checked=move || selected.get().contains(&id)
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                selected.update(|s| { s.retain(|x| *x != id); if on { s.push(id); } });
                                            }/>
                                    })}</td>
                                </tr>
                            }
                        }).collect_view()}
                        {p.problems.into_iter().map(|pr| view! {
                            <tr><td>{pr.line}</td><td colspan="5">{tr(t::STATEMENT_PROBLEM)} ": " {move || pr.code.text().get(locale.get())}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
                <button type="button" class="button primary" disabled=move || selected.get().is_empty()
                    on:click=move |_| { confirm.dispatch(ConfirmDonations { ids: selected.get() }); }>
                    {tr(t::STATEMENT_CONFIRM)} " (" {move || selected.get().len()} ")"
                </button>
            })}
        </section>
    }
    .into_any()
}
