//! The admins' queue of erasure requests, shown above the people list.
//! A request that could run at once never waits here; what waits has
//! receipts or applications the law keeps, which the row counts.

use super::{list_erasures, CarryOutErasure};
use crate::errors::ErrorAlert;
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use shared::i18n::t;
use shared::privacy::ErasureRow;
use shared::time::format_date;

/// `carry_out` is the page's: the people list below follows it too.
#[component]
pub fn ErasuresPanel(carry_out: ServerAction<CarryOutErasure>) -> impl IntoView {
    let locale = use_locale();
    let rows = Resource::new(move || carry_out.version().get(), |_| list_erasures());
    let error = Signal::derive(move || carry_out.value().get().and_then(Result::err));
    let row = move |e: ErasureRow| {
        let id = e.id;
        let who = if e.carried_out_at.is_some() {
            view! { <em>{tr(t::ERASED_PERSON)}</em> }.into_any()
        } else {
            view! { {e.display_name.clone()}<br/><span class="muted">{e.email.clone()}</span> }.into_any()
        };
        let (receipts, applications) = (e.receipts, e.applications);
        let retained = move || {
            let l = locale.get();
            format!("{}: {receipts} · {}: {applications}", t::RETAINED_RECEIPTS.get(l), t::RETAINED_APPLICATIONS.get(l))
        };
        let name = e.display_name.clone();
        view! {
            <tr>
                <th scope="row">{who}</th>
                <td>{move || format_date(e.requested_at, locale.get())}</td>
                <td>{e.carried_out_at.is_none().then_some(retained)}</td>
                <td>{match e.carried_out_at {
                    Some(at) => view! {
                        <span>{tr(t::ERASURE_CARRIED_OUT)} " " {move || format_date(at, locale.get())}</span>
                    }.into_any(),
                    None => view! {
                        <button type="button" class="button danger"
                            aria-label=move || format!("{}: {}", t::ERASURE_CARRY_OUT.get(locale.get()), name)
                            on:click=move |_| { carry_out.dispatch(CarryOutErasure { id }); }>
                            {tr(t::ERASURE_CARRY_OUT)}
                        </button>
                    }.into_any(),
                }}</td>
            </tr>
        }
    };
    view! {
        <section>
            <h2 id="erasures-title">{tr(t::ERASURES_TITLE)}</h2>
            <ErrorAlert error/>
            <Transition fallback=crate::layout::Loading>
                {move || Suspend::new(async move {
                    match rows.await {
                        Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <p>{tr(t::ERASURES_EMPTY)}</p> }.into_any(),
                        Ok(rows) => view! {
                            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="erasures-title">
                            <table>
                                <thead><tr>
                                    <th scope="col">{tr(t::COL_NAME)}</th>
                                    <th scope="col">{tr(t::COL_REQUESTED_AT)}</th>
                                    <th scope="col">{tr(t::COL_RETAINED)}</th>
                                    <th scope="col">{tr(t::COL_STATUS)}</th>
                                </tr></thead>
                                <tbody>{rows.into_iter().map(row).collect_view()}</tbody>
                            </table>
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
