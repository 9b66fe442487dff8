//! Fundraising pages: the list of campaigns, a campaign with its giving
//! form, donor wall and chart, and the staff page that confirms and refunds.

mod expense_form;
mod give;
mod manage;
mod report;
#[cfg(feature = "ssr")]
pub mod ssr;
mod staff;
mod statement;

pub use manage::{ManageCampaignPage, ManageCampaignsPage};
pub use report::FunderReportPage;
pub use staff::StaffGiftsPage;

use crate::errors::{AppError, ErrorAlert};
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::campaigns::{
    CampaignPage, CampaignStatus, CampaignSummary, DailyTotal, DonationRow, GiftCreated, GiftRequest,
};
use shared::i18n::t;
use shared::money::{format_count, Cents};

#[server(prefix = "/fn", endpoint = "campaigns")]
pub async fn list_campaigns() -> Result<Vec<CampaignSummary>, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.campaigns().await)
}

#[server(prefix = "/fn", endpoint = "load_campaign_page")]
pub async fn load_campaign_page(slug: String) -> Result<CampaignPage, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.campaign_page(&slug).await)
}

#[server(prefix = "/fn", endpoint = "give", input = leptos::server_fn::codec::Json)]
pub async fn give(slug: String, gift: GiftRequest, key: String) -> Result<GiftCreated, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.give(&slug, gift, &key).await)
}

#[server(prefix = "/fn", endpoint = "donations")]
pub async fn list_donations(reference: Option<String>) -> Result<Vec<DonationRow>, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.donations(None, reference).await)
}

#[server(prefix = "/fn", endpoint = "confirm_donation")]
pub async fn confirm_donation(id: i64) -> Result<DonationRow, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.confirm_donation(id).await)
}

#[server(prefix = "/fn", endpoint = "refund_donation")]
pub async fn refund_donation(id: i64, reason: String) -> Result<DonationRow, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.refund_donation(id, reason).await)
}

/// Raised against goal, as a labelled progress bar and in words.
#[component]
fn Progress(campaign: CampaignSummary) -> impl IntoView {
    let locale = use_locale();
    let percent = campaign.percent();
    let days = campaign.days_left;
    let closed = campaign.status == CampaignStatus::Closed;
    let ended = campaign.ended;
    let (raised, goal, donors) = (campaign.raised_cents, campaign.goal_cents, campaign.donors);
    view! {
        <div class="progress">
            <progress max="100" value=percent.min(100) aria-label=tr(t::CAMPAIGN_PROGRESS)>{percent}"%"</progress>
            <p class="progress-figures">
                <strong class="raised">{move || Cents(raised).format(locale.get())}</strong>
                " " {tr(t::CAMPAIGN_RAISED)} " " {tr(t::CAMPAIGN_OF_GOAL)} " "
                {move || Cents(goal).format(locale.get())} " (" {percent} "%)"
            </p>
            <p class="progress-figures">
                <span data-testid="donors">{move || format_count(donors, locale.get())}</span> " " {tr(t::CAMPAIGN_DONORS)}
                {move || if closed {
                    format!(" · {}", t::CAMPAIGN_CLOSED.get(locale.get()))
                } else if ended {
                    format!(" · {}", t::CAMPAIGN_ENDED.get(locale.get()))
                } else {
                    format!(" · {} {}", days, t::CAMPAIGN_DAYS_LEFT.get(locale.get()))
                }}
            </p>
        </div>
    }
}

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let campaigns = Resource::new(|| (), |_| list_campaigns());
    view! {
        <Title text=tr(t::CAMPAIGNS_TITLE)/>
        <h1>{tr(t::CAMPAIGNS_TITLE)}</h1>
        <Suspense fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match campaigns.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>{tr(t::CAMPAIGNS_NONE)}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="cards">
                            {list.into_iter().map(|c| {
                                let (href, title, fund) = (format!("/campagne/{}", c.slug), c.title.clone(), c.fund.clone());
                                view! {
                                    <article class="card">
                                        <h2><A href=href>{title}</A></h2>
                                        <p class="muted">{tr(t::CAMPAIGN_FUND)} ": " {fund}</p>
                                        <Progress campaign=c/>
                                    </article>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn CampaignPageView() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    // A new gift is only pledged, so the figures do not change on giving:
    // the page is not refetched, and the form keeps its answer.
    let page = Resource::new(slug, load_campaign_page);
    view! {
        <Suspense fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(p) => {
                        let c = p.campaign.clone();
                        let open = c.takes_gifts();
                        let card = p.card_giving;
                        view! {
                            <Title text=c.title.clone()/>
                            <h1>{c.title.clone()}</h1>
                            {(c.status == CampaignStatus::Draft).then(|| view! { <p class="alert">{tr(t::CAMPAIGN_DRAFT)}</p> })}
                            {(c.status == CampaignStatus::Published && c.ended).then(|| view! {
                                <p class="alert" role="status" data-testid="campaign-ended">{tr(t::CAMPAIGN_ENDED_NOTE)}</p>
                            })}
                            <div class="campaign-layout">
                                <div>
                                    <Progress campaign=c.clone()/>
                                    <p class="story">{c.story.clone()}</p>
                                    <Chart daily=p.daily.clone()/>
                                    <Expenses rows=p.expenses.clone()/>
                                    <Wall entries=p.wall.clone()/>
                                </div>
                                {open.then(|| view! { <give::GiveForm slug=c.slug.clone() card/> })}
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Where the money went: public for transparency (the documents are not).
#[component]
fn Expenses(rows: Vec<shared::campaigns::ExpenseRow>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section aria-labelledby="expenses-title">
            <h2 id="expenses-title">{tr(t::EXPENSES_TITLE)}</h2>
            {if rows.is_empty() {
                view! { <p>{tr(t::EXPENSES_NONE)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="expenses-title">
                    <table data-testid="expenses">
                        <thead><tr>
                            <th scope="col">{tr(t::COL_DAY)}</th>
                            <th scope="col">{tr(t::COL_CATEGORY)}</th>
                            <th scope="col">{tr(t::COL_SUPPLIER)}</th>
                            <th scope="col">{tr(t::COL_AMOUNT)}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|e| {
                                let amount = e.amount_cents;
                                view! {
                                    <tr>
                                        <td>{e.spent_on.clone()}</td>
                                        <td>{move || e.category.text().get(locale.get())}</td>
                                        <th scope="row">{e.supplier.clone()}
                                            {e.description.clone().map(|d| view! { <br/><span class="muted">{d}</span> })}</th>
                                        <td>{move || Cents(amount).format(locale.get())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Wall(entries: Vec<shared::campaigns::WallEntry>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section aria-labelledby="wall-title">
            <h2 id="wall-title">{tr(t::WALL_TITLE)}</h2>
            {if entries.is_empty() {
                view! { <p>{tr(t::WALL_EMPTY)}</p> }.into_any()
            } else {
                view! {
                    <ul class="wall" data-testid="wall">
                        {entries.into_iter().map(|e| view! {
                            <li>
                                <strong>{e.name}</strong>
                                " · " <span class="muted">{move || shared::time::format_date(e.received_at, locale.get())}</span>
                                // Shown as text: Leptos escapes it, never HTML.
                                {e.message.map(|m| view! { <p class="wall-message">{m}</p> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// Gifts per day as bars, with the same figures in a table for screen
/// readers and for anyone who prefers numbers.
#[component]
fn Chart(daily: Vec<DailyTotal>) -> impl IntoView {
    let locale = use_locale();
    if daily.is_empty() {
        return ().into_any();
    }
    let max = daily.iter().map(|d| d.cents).max().unwrap_or(1).max(1);
    let n = daily.len();
    let bar_w = 600.0 / n as f64;
    let rows = daily.clone();
    view! {
        <section aria-labelledby="chart-title">
            <h2 id="chart-title">{tr(t::CHART_TITLE)}</h2>
            <svg class="chart" viewBox="0 0 600 160" role="img" aria-labelledby="chart-title" preserveAspectRatio="none">
                {daily.into_iter().enumerate().map(|(i, d)| {
                    let h = (d.cents.max(0) as f64 / max as f64) * 150.0;
                    view! {
                        <rect x=format!("{:.1}", i as f64 * bar_w + 1.0) y=format!("{:.1}", 160.0 - h)
                            width=format!("{:.1}", (bar_w - 2.0).max(1.0)) height=format!("{:.1}", h)/>
                    }
                }).collect_view()}
            </svg>
            <details>
                <summary>{tr(t::CHART_TABLE)}</summary>
                <table>
                    <thead><tr><th scope="col">{tr(t::COL_DAY)}</th><th scope="col">{tr(t::COL_AMOUNT)}</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|d| view! {
                            <tr><td>{d.day}</td><td>{move || Cents(d.cents).format(locale.get())}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
    .into_any()
}
