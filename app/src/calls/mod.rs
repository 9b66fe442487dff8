//! Calls for enterprise ideas (*bandi*): the list of calls, a call with its
//! eligibility questions, the application (autosaved form for the resident,
//! screening and decision for staff, scoring for evaluators) and the
//! committee's ranking. The workflow itself is data in
//! `shared::applications`; these pages show what it allows.

mod application;
mod call;
mod decision;
mod draft;
mod editor;
mod follow_up;
mod ranking;
mod review;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use application::ApplicationPage;
pub use call::CallPage;
pub use editor::{EditCallPage, NewCallPage};
pub use ranking::RankingPage;

use crate::auth::use_auth;
use crate::errors::{AppError, ErrorAlert};
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};
use shared::applications::{
    ApplicationRow, ApplicationView, AttachmentRow, DecisionInput, DraftSaved, NoteInput, NoteRow, RankingRow,
    ReviewInput, ReviewRow, ReviewSubject, SaveDraft, TransitionRequest,
};
use shared::calls::{CallDetail, CallForm, CallStatus, CallSummary, EvaluatorRow};
use shared::i18n::t;
use shared::money::Cents;
use shared::time::format_datetime;

/// Who is reading an application page; decides which panels it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reader {
    Applicant,
    Staff,
    Evaluator,
}

/// Everything an application page shows, in one round trip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationFull {
    pub view: ApplicationView,
    pub call: CallDetail,
    pub reader: Reader,
    pub me: i64,
    pub reviews: Vec<ReviewRow>,
    pub notes: Vec<NoteRow>,
    pub attachments: Vec<AttachmentRow>,
    /// While the form may change: the labs an idea may come from, `(id, label)`.
    pub labs: Vec<(i64, String)>,
    /// The lab the idea came from, by name.
    pub lab_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ApplicationPageData {
    Full(Box<ApplicationFull>),
    /// An assigned evaluator who has not declared yet whether they have a
    /// conflict of interest: they see nothing of the application before.
    Declare(ReviewSubject),
}

/// A call's page: the call, and for staff and evaluators its applications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallPageData {
    pub detail: CallDetail,
    /// Staff: all; evaluators: those assigned to them; others: `None`.
    pub applications: Option<Vec<ApplicationRow>>,
    /// Staff only: the call's panel, and everyone who could join it.
    pub evaluators: Option<Vec<EvaluatorRow>>,
    pub candidates: Option<Vec<EvaluatorRow>>,
    pub staff: bool,
    pub signed_in: bool,
}

#[server(prefix = "/fn", endpoint = "calls")]
pub async fn list_calls() -> Result<Vec<CallSummary>, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.calls().await)
}

/// The signed-in person's applications; empty when nobody is signed in.
#[server(prefix = "/fn", endpoint = "my_applications")]
pub async fn my_applications() -> Result<Vec<ApplicationRow>, AppError> {
    let b = crate::ssr::backend()?;
    if b.me().await.map_err(AppError)?.is_none() {
        return Ok(Vec::new());
    }
    crate::errors::respond(b.my_applications().await)
}

#[server(prefix = "/fn", endpoint = "call_page")]
pub async fn call_page(id: i64) -> Result<CallPageData, AppError> {
    let b = crate::ssr::backend()?;
    let detail = crate::errors::respond(b.call(id).await)?;
    let me = b.me().await.map_err(AppError)?;
    let staff = me.as_ref().is_some_and(|m| m.is_staff());
    let reads_applications = me.as_ref().is_some_and(|m| m.is_staff() || m.has(shared::people::Role::Evaluator));
    let applications = if reads_applications { Some(b.call_applications(id).await.map_err(AppError)?) } else { None };
    let evaluators = if staff { Some(b.call_evaluators(id).await.map_err(AppError)?) } else { None };
    let candidates = if staff { Some(b.evaluator_candidates().await.map_err(AppError)?) } else { None };
    Ok(CallPageData { detail, applications, evaluators, candidates, staff, signed_in: me.is_some() })
}

#[server(prefix = "/fn", endpoint = "create_call", input = leptos::server_fn::codec::Json)]
pub async fn create_call(form: CallForm) -> Result<CallDetail, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.create_call(form).await)
}

#[server(prefix = "/fn", endpoint = "update_call", input = leptos::server_fn::codec::Json)]
pub async fn update_call(id: i64, form: CallForm) -> Result<CallDetail, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.update_call(id, form).await)
}

/// Staff: put an evaluator on a call's panel, or take them off.
#[server(prefix = "/fn", endpoint = "assign_evaluator")]
pub async fn assign_evaluator(call: i64, person: i64, assigned: bool) -> Result<(), AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.assign_call_evaluator(call, person, assigned).await)
}

/// Staff: start an application with a resident; answers its id.
#[server(prefix = "/fn", endpoint = "start_assisted", input = leptos::server_fn::codec::Json)]
pub async fn start_assisted(call: i64, req: shared::applications::AssistedStart) -> Result<i64, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.start_assisted_application(call, req).await.map(|(v, _)| v.id))
}

/// The staff dashboard: applications per call and state, per lab of
/// origin and its district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// `(call, state, count)`.
    pub by_state: Vec<(String, shared::applications::ApplicationState, i64)>,
    /// `(district, lab, count)`; labs first by district.
    pub by_lab: Vec<(String, String, i64)>,
}

#[server(prefix = "/fn", endpoint = "dashboard")]
pub async fn load_dashboard() -> Result<Dashboard, AppError> {
    use std::collections::BTreeMap;
    let b = crate::ssr::backend()?;
    let rows = crate::errors::respond(b.calls_dashboard().await)?;
    let districts = crate::errors::respond(b.districts().await)?;
    let mut by_state: BTreeMap<(String, shared::applications::ApplicationState), i64> = BTreeMap::new();
    let mut by_lab: BTreeMap<Option<i64>, i64> = BTreeMap::new();
    for r in &rows {
        *by_state.entry((r.call_title.clone(), r.state)).or_default() += r.count;
        *by_lab.entry(r.lab_id).or_default() += r.count;
    }
    let locale = b.locale();
    let mut labs = Vec::new();
    for (lab, count) in by_lab {
        let (district, name) = match lab {
            None => (String::new(), shared::i18n::t::DASHBOARD_NO_LAB.get(locale).to_owned()),
            Some(id) => match b.lab(id).await {
                Ok(d) => {
                    let district =
                        d.lab.district_id.and_then(|di| districts.iter().find(|x| x.id == di)).map(|x| x.name.clone());
                    (district.unwrap_or_default(), d.lab.name)
                }
                Err(_) => (String::new(), format!("#{id}")),
            },
        };
        labs.push((district, name, count));
    }
    labs.sort();
    Ok(Dashboard { by_state: by_state.into_iter().map(|((c, s), n)| (c, s, n)).collect(), by_lab: labs })
}

#[server(prefix = "/fn", endpoint = "set_call_status")]
pub async fn set_call_status(id: i64, status: CallStatus) -> Result<CallDetail, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.set_call_status(id, status).await)
}

/// Starts (or resumes) the caller's application; answers the new id.
#[server(prefix = "/fn", endpoint = "begin_application", input = leptos::server_fn::codec::Json)]
pub async fn begin_application(call: i64, answers: Vec<Option<bool>>) -> Result<i64, AppError> {
    let b = crate::ssr::backend()?;
    let req = shared::applications::StartApplication { answers };
    crate::errors::respond(b.start_application(call, req).await.map(|(v, _)| v.id))
}

#[server(prefix = "/fn", endpoint = "application_page")]
pub async fn application_page(id: i64) -> Result<ApplicationPageData, AppError> {
    use shared::ApiError;
    let b = crate::ssr::backend()?;
    let me = match b.me().await.map_err(AppError)? {
        Some(me) => me,
        None => return crate::errors::respond(Err(ApiError::Unauthenticated)),
    };
    let view = match b.application(id).await {
        Ok(v) => v,
        // An assigned evaluator who has not declared yet reads only whom
        // the application concerns, and is asked for the declaration.
        Err(ApiError::Forbidden) => match b.review_subject(id).await {
            Ok(subject) => return Ok(ApplicationPageData::Declare(subject)),
            Err(_) => return crate::errors::respond(Err(ApiError::Forbidden)),
        },
        Err(e) => return crate::errors::respond(Err(e)),
    };
    // The panels follow what the server's rule lets this reader do (the
    // applicant's side, including the staff member who assisted them, is the
    // applicant here); every request is checked again.
    use shared::applications::ApplicationAction as Can;
    let reader = if view.may(Can::ActAsApplicant) {
        Reader::Applicant
    } else if view.may(Can::StaffStep) {
        Reader::Staff
    } else {
        Reader::Evaluator
    };
    let call = crate::errors::respond(b.call(view.call_id).await)?;
    let reviews = if view.may(Can::ReadReviews) { b.reviews(id).await.map_err(AppError)? } else { Vec::new() };
    let notes = crate::errors::respond(b.notes(id).await)?;
    let attachments = crate::errors::respond(b.attachments(id).await)?;
    let labs = if view.editable { lab_choices(&*b).await? } else { Vec::new() };
    let lab_name = match view.form.lab_id {
        Some(lab) => b.lab(lab).await.ok().map(|d| d.lab.name),
        None => None,
    };
    Ok(ApplicationPageData::Full(Box::new(ApplicationFull {
        view,
        call,
        reader,
        me: me.id,
        reviews,
        notes,
        attachments,
        labs,
        lab_name,
    })))
}

/// The labs a resident may name as the origin of their idea, by comune.
#[cfg(feature = "ssr")]
async fn lab_choices(b: &dyn crate::ssr::Backend) -> Result<Vec<(i64, String)>, AppError> {
    let mut labs = crate::errors::respond(b.labs(None, shared::labs::LabFilter::default()).await)?;
    labs.sort_by(|a, b| a.municipality_name.cmp(&b.municipality_name).then_with(|| a.name.cmp(&b.name)));
    labs.truncate(crate::labs::LIST_LIMIT);
    Ok(labs.into_iter().map(|l| (l.id, format!("{} — {}", l.municipality_name, l.name))).collect())
}

/// Autosave of a draft (named apart from `SaveDraft`, its request).
#[server(prefix = "/fn", endpoint = "autosave", input = leptos::server_fn::codec::Json)]
pub async fn autosave(id: i64, req: SaveDraft) -> Result<DraftSaved, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.save_draft(id, req).await)
}

#[server(prefix = "/fn", endpoint = "take_action", input = leptos::server_fn::codec::Json)]
pub async fn take_action(id: i64, req: TransitionRequest) -> Result<ApplicationView, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.take_action(id, req).await)
}

#[server(prefix = "/fn", endpoint = "submit_review", input = leptos::server_fn::codec::Json)]
pub async fn submit_review(id: i64, input: ReviewInput) -> Result<Vec<ReviewRow>, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.review(id, input).await)
}

#[server(prefix = "/fn", endpoint = "decide", input = leptos::server_fn::codec::Json)]
pub async fn decide(id: i64, input: DecisionInput) -> Result<ApplicationView, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.decide(id, input).await)
}

#[server(prefix = "/fn", endpoint = "add_note", input = leptos::server_fn::codec::Json)]
pub async fn add_note(id: i64, input: NoteInput) -> Result<NoteRow, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.add_note(id, input).await)
}

#[server(prefix = "/fn", endpoint = "delete_attachment")]
pub async fn delete_attachment(id: i64, file: i64) -> Result<(), AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.delete_attachment(id, file).await)
}

#[server(prefix = "/fn", endpoint = "ranking")]
pub async fn load_ranking(call: i64) -> Result<(CallDetail, Vec<RankingRow>), AppError> {
    let b = crate::ssr::backend()?;
    let rows = crate::errors::respond(b.ranking(call).await)?;
    let detail = crate::errors::respond(b.call(call).await)?;
    Ok((detail, rows))
}

/// The call's status and whether it accepts applications now.
#[component]
fn CallStatusBadge(summary: CallSummary) -> impl IntoView {
    let locale = use_locale();
    let status = summary.status;
    view! {
        <span class="badge">{move || status.text().get(locale.get())}</span>
        {summary.accepting.then(|| view! { " " <span class="badge badge-open">{tr(t::CALL_ACCEPTING)}</span> })}
    }
}

#[component]
pub fn CallsPage() -> impl IntoView {
    let locale = use_locale();
    let calls = Resource::new(|| (), |_| list_calls());
    view! {
        <Title text=tr(t::CALLS_TITLE)/>
        <h1>{tr(t::CALLS_TITLE)}</h1>
        <p class="lead">{tr(t::CALLS_INTRO)}</p>
        <StaffLinks/>
        <MyApplications/>
        <h2>{tr(t::CALLS_LIST)}</h2>
        <Suspense fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match calls.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>{tr(t::CALLS_COMING)}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="cards">
                            {list.into_iter().map(|c| {
                                let (opens, closes, max) = (c.opens_at, c.closes_at, c.max_per_application_cents);
                                let title = c.title.clone();
                                view! {
                                    <article class="card">
                                        <h3><A href=format!("/bandi/{}", c.id)>{title}</A></h3>
                                        <p><CallStatusBadge summary=c.clone()/></p>
                                        <p>{tr(t::CALL_PERIOD)} ": " {move || format_datetime(opens, locale.get())}
                                            " – " {move || format_datetime(closes, locale.get())}</p>
                                        <p>{tr(t::CALL_MAX)} ": " {move || Cents(max).format(locale.get())}</p>
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

/// Staff: write a new call.
#[component]
fn StaffLinks() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let staff = auth.me.await.ok().flatten().is_some_and(|m| m.is_staff());
                staff.then(|| view! {
                    <p><A href="/staff/bandi/nuovo" attr:class="button">{tr(t::CALL_NEW)}</A></p>
                    <DashboardPanel/>
                })
            })}
        </Transition>
    }
}

/// The signed-in person's applications, with their plain-language state.
#[component]
fn MyApplications() -> impl IntoView {
    let auth = use_auth();
    let mine = Resource::new(move || auth.me.get().map(|m| m.ok().flatten().map(|m| m.id)), |_| my_applications());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let rows = mine.await.unwrap_or_default();
                (!rows.is_empty()).then(|| view! {
                    <section aria-labelledby="mine-title" class="panel">
                        <h2 id="mine-title">{tr(t::CALLS_MINE)}</h2>
                        <ul class="plain-list">
                            {rows.into_iter().map(|r| view! {
                                <li>
                                    <A href=format!("/bandi/domande/{}", r.id)>{title_or_untitled(&r.idea_title)}</A>
                                    " · " <span class="muted">{r.call_title.clone()}</span><br/>
                                    <strong>{r.state_label.clone()}</strong>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}

/// An idea without a title yet still needs a link text.
fn title_or_untitled(title: &str) -> String {
    if title.trim().is_empty() {
        t::APPL_UNTITLED.get(crate::i18n::use_locale().get_untracked()).to_owned()
    } else {
        title.to_owned()
    }
}

/// A list of applications (call page for staff and evaluators).
#[component]
fn ApplicationsTable(rows: Vec<ApplicationRow>) -> impl IntoView {
    let locale = use_locale();
    if rows.is_empty() {
        return view! { <p>{tr(t::APPLICATIONS_NONE)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="applications-title">
            <table data-testid="applications">
                <thead><tr>
                    <th scope="col">{tr(t::COL_IDEA)}</th>
                    <th scope="col">{tr(t::COL_APPLICANT)}</th>
                    <th scope="col">{tr(t::COL_STATE)}</th>
                    <th scope="col">{tr(t::COL_REQUESTED)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let requested = r.requested_cents;
                        view! {
                            <tr>
                                <th scope="row"><A href=format!("/bandi/domande/{}", r.id)>{title_or_untitled(&r.idea_title)}</A></th>
                                <td>{r.applicant_name.clone().unwrap_or_else(|| "—".into())}</td>
                                <td>{r.state_label.clone()}</td>
                                <td>{move || requested.map(|c| Cents(c).format(locale.get())).unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Staff: how many applications, where they stand, where they came from.
#[component]
fn DashboardPanel() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| load_dashboard());
    view! {
        <details class="panel">
            <summary>{tr(t::DASHBOARD_TITLE)}</summary>
            <Suspense fallback=crate::layout::Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                        Ok(d) => view! {
                            <h3 id="dash-state">{tr(t::DASHBOARD_BY_STATE)}</h3>
                            <div class="table-wrap"><table aria-labelledby="dash-state">
                                <thead><tr><th scope="col">{tr(t::COL_CALL)}</th><th scope="col">{tr(t::COL_STATE)}</th>
                                    <th scope="col">{tr(t::COL_COUNT)}</th></tr></thead>
                                <tbody>{d.by_state.into_iter().map(|(call, state, n)| view! {
                                    <tr><th scope="row">{call}</th><td>{move || state.staff_text().get(locale.get())}</td><td>{n}</td></tr>
                                }).collect_view()}</tbody>
                            </table></div>
                            <h3 id="dash-lab">{tr(t::DASHBOARD_BY_LAB)}</h3>
                            <div class="table-wrap"><table aria-labelledby="dash-lab">
                                <thead><tr><th scope="col">{tr(t::COL_DISTRICT)}</th><th scope="col">{tr(t::COL_LAB)}</th>
                                    <th scope="col">{tr(t::COL_COUNT)}</th></tr></thead>
                                <tbody>{d.by_lab.into_iter().map(|(district, lab, n)| view! {
                                    <tr><td>{district}</td><th scope="row">{lab}</th><td>{n}</td></tr>
                                }).collect_view()}</tbody>
                            </table></div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </details>
    }
}
