//! The funder report page: choose a period, read the tables, download CSV,
//! print.

use crate::errors::{AppError, ErrorAlert};
use crate::forms::Field;
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use shared::campaigns::FunderReport;
use shared::i18n::t;
use shared::money::Cents;

#[server(prefix = "/fn", endpoint = "funder_report")]
pub async fn load_funder_report(from: String, to: String) -> Result<FunderReport, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.funder_report(from, to).await)
}

#[component]
pub fn FunderReportPage() -> impl IntoView {
    let locale = use_locale();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let action = ServerAction::<LoadFunderReport>::new();
    let errors = Signal::derive(move || action.value().get().and_then(Result::err));
    let money = move |c: i64| move || Cents(c).format(locale.get());
    view! {
        <Title text=tr(t::REPORT_TITLE)/>
        <h1>{tr(t::REPORT_TITLE)}</h1>
        <form class="period" on:submit=move |ev| { ev.prevent_default(); action.dispatch(LoadFunderReport { from: from.get(), to: to.get() }); }>
            <ErrorAlert error=errors/>
            <Field name="from" label=t::REPORT_FROM kind="date" value=from errors/>
            <Field name="to" label=t::REPORT_TO kind="date" value=to errors/>
            <button type="submit" class="button primary">{tr(t::REPORT_SHOW)}</button>
        </form>
        {move || action.value().get().and_then(Result::ok).map(|r| view! {
            <p class="muted">{tr(t::REPORT_PRINT_HINT)} " "
                <a href=format!("/api/v1/reports/funder?from={}&to={}&format=csv", r.from, r.to) rel="external" download>{tr(t::REPORT_CSV)}</a></p>
            <h2>{tr(t::REPORT_INCOME)}</h2>
            <table data-testid="report-income">
                <thead><tr><th scope="col">{tr(t::COL_SOURCE)}</th><th scope="col">{tr(t::COL_AMOUNT)}</th></tr></thead>
                <tbody>
                    {r.income_by_method.iter().map(|m| { let (method, c) = (m.method, m.cents); view! {
                        <tr><th scope="row">{move || method.text().get(locale.get())}</th><td>{money(c)}</td></tr>
                    }}).collect_view()}
                    <tr><th scope="row">{tr(t::REPORT_TOTAL)}</th><td><strong>{money(r.total_income_cents)}</strong></td></tr>
                </tbody>
            </table>
            <h2>{tr(t::REPORT_SPENDING)}</h2>
            <table>
                <thead><tr><th scope="col">{tr(t::COL_CATEGORY)}</th><th scope="col">{tr(t::COL_AMOUNT)}</th></tr></thead>
                <tbody>
                    {r.spending_by_category.iter().map(|c| { let (cat, cents) = (c.category, c.cents); view! {
                        <tr><th scope="row">{move || cat.text().get(locale.get())}</th><td>{money(cents)}</td></tr>
                    }}).collect_view()}
                    <tr><th scope="row">{tr(t::REPORT_TOTAL)}</th><td><strong>{money(r.total_spending_cents)}</strong></td></tr>
                </tbody>
            </table>
            <h2>{tr(t::REPORT_CAMPAIGNS)}</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label=tr(t::REPORT_CAMPAIGNS)>
            <table>
                <thead><tr>
                    <th scope="col">{tr(t::F_TITLE)}</th><th scope="col">{tr(t::F_FUND)}</th>
                    <th scope="col">{tr(t::COL_INCOME)}</th><th scope="col">{tr(t::COL_SPENDING)}</th>
                </tr></thead>
                <tbody>
                    {r.campaigns.iter().map(|c| view! {
                        <tr><th scope="row">{c.campaign.clone()}</th><td>{c.fund.clone()}</td>
                            <td>{money(c.income_cents)}</td><td>{money(c.spending_cents)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        })}
    }
    .into_any()
}
