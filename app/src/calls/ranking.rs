//! Staff: the committee's ranking of a call. Weighted mean and median per
//! application, the spread between evaluators (a large one is worth a
//! discussion) and the reviews still missing.

use crate::errors::ErrorAlert;
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::applications::{format_score, RankingRow};
use shared::i18n::t;
use shared::money::Cents;

#[component]
pub fn RankingPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let page = Resource::new(id, super::load_ranking);
    view! {
        <Title text=tr(t::RANKING_TITLE)/>
        <Transition fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <h1>{tr(t::RANKING_TITLE)}</h1><ErrorAlert error=Some(e)/> }.into_any(),
                    Ok((call, rows)) => view! {
                        <p><A href=format!("/bandi/{}", call.summary.id)>{tr(t::APPL_BACK_TO_CALL)} " " {call.summary.title.clone()}</A></p>
                        <h1>{tr(t::RANKING_TITLE)}</h1>
                        <p class="lead">{tr(t::RANKING_INTRO)}</p>
                        <RankingTable rows/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RankingTable(rows: Vec<RankingRow>) -> impl IntoView {
    let locale = use_locale();
    if rows.is_empty() {
        return view! { <p>{tr(t::APPLICATIONS_NONE)}</p> }.into_any();
    }
    let score = move |v: Option<f64>| v.map(|v| format_score(v, locale.get())).unwrap_or_else(|| "—".into());
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=tr(t::RANKING_TITLE)>
            <table data-testid="ranking">
                <thead><tr>
                    <th scope="col">"#"</th>
                    <th scope="col">{tr(t::COL_IDEA)}</th>
                    <th scope="col">{tr(t::COL_STATE)}</th>
                    <th scope="col">{tr(t::COL_REQUESTED)}</th>
                    <th scope="col">{tr(t::COL_MEAN)}</th>
                    <th scope="col">{tr(t::COL_MEDIAN)}</th>
                    <th scope="col">{tr(t::COL_SPREAD)}</th>
                    <th scope="col">{tr(t::COL_REVIEWS)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().enumerate().map(|(i, r)| {
                        let k = r.ranking.clone();
                        let (requested, state) = (r.requested_cents, r.state);
                        view! {
                            <tr>
                                <td>{i + 1}</td>
                                <th scope="row"><A href=format!("/bandi/domande/{}", r.application_id)>{r.idea_title.clone()}</A>
                                    <br/><span class="muted">{r.applicant_name.clone()}</span></th>
                                <td>{move || state.staff_text().get(locale.get())}</td>
                                <td>{move || requested.map(|c| Cents(c).format(locale.get())).unwrap_or_default()}</td>
                                <td>{move || score(k.mean)}</td>
                                <td>{move || score(k.median)}</td>
                                <td>{move || score(k.spread)}</td>
                                <td>{format!("{}/{}", k.submitted, k.assigned)}
                                    {(k.missing > 0).then(|| view! { <br/><span class="badge">{tr(t::RANKING_MISSING)} ": " {k.missing}</span> })}
                                    {(k.conflicts > 0).then(|| view! { <br/><span class="muted">{tr(t::REVIEW_CONFLICT)} ": " {k.conflicts}</span> })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
