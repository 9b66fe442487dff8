//! Staff: find a gift by its payment reference, confirm transfers that
//! arrived, refund with a reason.

use super::{ConfirmDonation, RefundDonation};
use crate::errors::ErrorAlert;
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use shared::campaigns::{DonationRow, DonationStatus};
use shared::i18n::t;
use shared::money::Cents;

#[component]
pub fn StaffGiftsPage() -> impl IntoView {
    let locale = use_locale();
    let confirm = ServerAction::<ConfirmDonation>::new();
    let refund = ServerAction::<RefundDonation>::new();
    let search = RwSignal::new(String::new());
    let applied = RwSignal::new(None::<String>);
    let imported = RwSignal::new(0u32);
    let gifts = Resource::new(
        move || (applied.get(), confirm.version().get(), refund.version().get(), imported.get()),
        |(reference, _, _, _)| super::list_donations(reference),
    );
    let action_error = Signal::derive(move || {
        confirm.value().get().and_then(Result::err).or_else(|| refund.value().get().and_then(Result::err))
    });
    let row = move |d: DonationRow| {
        let id = d.id;
        let reason = RwSignal::new(String::new());
        let amount = d.amount_cents;
        let receipt = d.receipt.clone().map(|r| {
            if d.receipt_cancelled {
                format!("{r} ({})", t::CANCELLED.get(locale.get_untracked()))
            } else {
                r
            }
        });
        view! {
            <tr>
                <td><code>{d.payment_reference.clone()}</code></td>
                <th scope="row">{if d.erased {
                        view! { <em>{tr(t::ERASED_DONOR)}</em> }.into_any()
                    } else {
                        view! { {d.donor_name.clone()}<br/><span class="muted">{d.email.clone()}</span> }.into_any()
                    }}
                    {d.staff_note.clone().map(|n| view! {
                        <br/><span class="muted" data-testid="staff-note">{tr(t::COL_STAFF_NOTE)} ": " {n}</span>
                    })}</th>
                <td>{move || Cents(amount).format(locale.get())}</td>
                <td>{move || d.method.text().get(locale.get())}</td>
                <td>{move || d.status.text().get(locale.get())}</td>
                <td>{receipt.map(|r| view! {
                    // A server page (printable, with its PDF), not a route of the app.
                    <a href=format!("/ricevute/{id}") rel="external" target="_blank">{r}</a>
                })}</td>
                <td>
                    {(d.status == DonationStatus::Pledged).then(|| view! {
                        <button type="button" class="button primary"
                            aria-label=format!("{} {}", t::CONFIRM_RECEIVED.get(locale.get_untracked()), d.payment_reference)
                            on:click=move |_| { confirm.dispatch(ConfirmDonation { id }); }>
                            {tr(t::CONFIRM_RECEIVED)}
                        </button>
                    })}
                    {(d.status == DonationStatus::Received).then(|| view! {
                        <form class="refund-form" on:submit=move |ev| {
                            ev.prevent_default();
                            refund.dispatch(RefundDonation { id, reason: reason.get() });
                        }>
                            <label for=format!("reason-{id}")>{tr(t::REFUND_REASON)}</label>
                            <input id=format!("reason-{id}") required prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))/>
                            <button type="submit" class="button">{tr(t::REFUND)}</button>
                        </form>
                    })}
                </td>
            </tr>
        }
    };
    view! {
        <Title text=tr(t::STAFF_GIFTS_TITLE)/>
        <h1>{tr(t::STAFF_GIFTS_TITLE)}</h1>
        <form class="search" role="search" on:submit=move |ev| {
            ev.prevent_default();
            applied.set(Some(search.get()).filter(|s| !s.trim().is_empty()));
        }>
            <label for="f-reference">{tr(t::SEARCH_REFERENCE)}</label>
            <div class="search-row">
                <input id="f-reference" type="search" placeholder="LGM-…" prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))/>
                <button type="submit" class="button">{tr(t::SEARCH)}</button>
            </div>
        </form>
        <ErrorAlert error=action_error/>
        <super::statement::StatementImport on_confirmed=move || imported.update(|n| *n += 1)/>
        <Transition fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match gifts.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p>{tr(t::NO_GIFTS)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="table-wrap" tabindex="0" role="region" aria-label=tr(t::STAFF_GIFTS_TITLE)>
                        <table>
                            <thead><tr>
                                <th scope="col">{tr(t::COL_REFERENCE)}</th>
                                <th scope="col">{tr(t::COL_DONOR)}</th>
                                <th scope="col">{tr(t::COL_AMOUNT)}</th>
                                <th scope="col">{tr(t::COL_METHOD)}</th>
                                <th scope="col">{tr(t::COL_STATUS)}</th>
                                <th scope="col">{tr(t::COL_RECEIPT)}</th>
                                <th scope="col">{tr(t::COL_ACTIONS)}</th>
                            </tr></thead>
                            <tbody>{rows.into_iter().map(row).collect_view()}</tbody>
                        </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
