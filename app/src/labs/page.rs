//! A lab's page: what the public may know (details, next meetings,
//! attendance in aggregate) and, for staff, the meetings with per-meeting
//! attendance, a chart of it and the form to record a meeting.

use super::theme_label;
use crate::errors::{AppError, ErrorAlert};
use crate::forms::Field;
use crate::i18n::{tr, use_locale};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::i18n::t;
use shared::labs::{LabDetail, LocationPrecision, MeetingInput, MeetingRow};
use shared::time::format_datetime;

#[component]
pub fn LabPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let page = Resource::new(id, super::lab_page);
    view! {
        <Transition fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(p) => view! { <LabDetails detail=p.detail themes=p.themes staff=p.staff/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn LabDetails(detail: LabDetail, themes: Vec<shared::labs::Theme>, staff: bool) -> impl IntoView {
    let locale = use_locale();
    let lab = detail.lab.clone();
    let theme = theme_label(&themes, lab.theme.as_ref(), locale.get_untracked());
    let place = match (&lab.address, &detail.zone) {
        (Some(a), _) => format!("{a}, {}", lab.municipality_name),
        (None, Some(z)) => format!("{z}, {}", lab.municipality_name),
        (None, None) => lab.municipality_name.clone(),
    };
    let period = match lab.ends_on {
        Some(end) => format!("{} – {}", lab.starts_on.format("%d/%m/%Y"), end.format("%d/%m/%Y")),
        None => format!("{} –", lab.starts_on.format("%d/%m/%Y")),
    };
    let area_only = lab.precision == LocationPrecision::Area;
    let a = detail.attendance.clone();
    let upcoming = detail.upcoming.clone();
    view! {
        <Title text=lab.name.clone()/>
        <p><A href="/mappa">{tr(t::LAB_BACK_TO_MAP)}</A></p>
        <h1>{lab.name.clone()}</h1>
        <p class="lab-meta">{theme} " · " <strong>{move || lab.status.text().get(locale.get())}</strong>
            {detail.is_demo.then(|| view! { " · " <span class="badge">{tr(t::DEMO_LABEL)}</span> })}</p>
        {detail.description.clone().map(|d| view! { <p class="lab-description">{d}</p> })}
        <dl class="lab-facts">
            <dt>{tr(t::LAB_WHERE)}</dt>
            <dd>{place}{area_only.then(|| view! { <br/><span class="hint">{tr(t::POSITION_AREA)}</span> })}</dd>
            {lab.schedule.clone().map(|s| view! { <dt>{tr(t::LAB_SCHEDULE)}</dt><dd>{s}</dd> })}
            <dt>{tr(t::LAB_PERIOD)}</dt><dd>{period}</dd>
            {detail.facilitator.clone().map(|f| view! { <dt>{tr(t::LAB_FACILITATOR)}</dt><dd>{f}</dd> })}
            {detail.contact.clone().map(|c| view! { <dt>{tr(t::LAB_CONTACT)}</dt><dd>{c}</dd> })}
        </dl>
        <h2>{tr(t::LAB_UPCOMING)}</h2>
        {if upcoming.is_empty() {
            view! { <p>{tr(t::LAB_NO_UPCOMING)}</p> }.into_any()
        } else {
            view! {
                <ul>{upcoming.into_iter().map(|m| view! {
                    <li>{move || format_datetime(m.starts_at, locale.get())}
                        {m.topic.clone().map(|t| format!(" — {t}"))}</li>
                }).collect_view()}</ul>
            }.into_any()
        }}
        <h2>{tr(t::LAB_ATTENDANCE)}</h2>
        <dl class="lab-figures">
            <dt>{tr(t::LAB_MEETINGS_HELD)}</dt><dd>{a.meetings}</dd>
            <dt>{tr(t::LAB_PARTICIPANTS)}</dt><dd>{a.participants}</dd>
            <dt>{tr(t::LAB_FIRST_TIME)}</dt><dd>{a.first_time}</dd>
            <dt>{tr(t::LAB_ORGANISATIONS)}</dt><dd>{a.organisations}</dd>
        </dl>
        {staff.then(|| view! {
            <p><A href=format!("/staff/laboratori/{}/modifica", lab.id) attr:class="button">{tr(t::EDIT_LAB)}</A></p>
            <StaffMeetings lab=lab.id/>
        })}
    }
}

#[component]
fn StaffMeetings(lab: i64) -> impl IntoView {
    let locale = use_locale();
    let add = ServerAction::<super::AddMeeting>::new();
    let meetings = Resource::new(move || add.version().get(), move |_| super::lab_meetings(lab));
    view! {
        <section class="staff-meetings">
            <h2>{tr(t::LAB_MEETINGS_STAFF)}</h2>
            <Transition fallback=crate::layout::Loading>
                {move || Suspend::new(async move {
                    match meetings.await {
                        Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                        Ok(rows) => view! {
                            <AttendanceChart rows=rows.clone()/>
                            <div class="table-wrap" tabindex="0" role="region" aria-label=tr(t::LAB_MEETINGS_STAFF)>
                            <table>
                                <thead><tr>
                                    <th scope="col">{tr(t::F_MEETING_AT)}</th>
                                    <th scope="col">{tr(t::F_TOPIC)}</th>
                                    <th scope="col">{tr(t::LAB_PARTICIPANTS)}</th>
                                    <th scope="col">{tr(t::LAB_FIRST_TIME)}</th>
                                    <th scope="col">{tr(t::LAB_ORGANISATIONS)}</th>
                                    <th scope="col">{tr(t::F_NOTES)}</th>
                                </tr></thead>
                                <tbody>{rows.into_iter().map(|m| view! {
                                    <tr>
                                        <th scope="row">{move || format_datetime(m.starts_at, locale.get())}</th>
                                        <td>{m.topic.clone()}</td>
                                        <td>{m.attendance_total}</td>
                                        <td>{m.attendance_first_time}</td>
                                        <td>{m.organisations}</td>
                                        <td>{m.notes.clone()}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
            <MeetingForm lab add/>
        </section>
    }
}

/// Participants per past meeting as bars (SVG), with the figures as text too.
#[component]
fn AttendanceChart(rows: Vec<MeetingRow>) -> impl IntoView {
    let locale = use_locale();
    let mut held: Vec<(i64, i64)> = rows.iter().filter_map(|m| m.attendance_total.map(|n| (m.starts_at, n))).collect();
    held.sort();
    if held.is_empty() {
        return ().into_any();
    }
    let max = held.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let bar_w = 28.0;
    let width = held.len() as f64 * (bar_w + 8.0) + 8.0;
    let bars = held.clone();
    let summary = move || {
        held.iter()
            .map(|(at, n)| format!("{}: {n}", shared::time::format_date(*at, locale.get())))
            .collect::<Vec<_>>()
            .join("; ")
    };
    view! {
        <figure class="attendance-chart">
            <svg role="img" aria-label=summary width=width height="130" viewBox=format!("0 0 {width} 130")>
                {bars.into_iter().enumerate().map(|(i, (_, n))| {
                    let h = (n as f64 / max) * 100.0;
                    let x = 8.0 + i as f64 * (bar_w + 8.0);
                    view! {
                        <rect x=x y=110.0 - h width=bar_w height=h class="bar"></rect>
                        <text x=x + bar_w / 2.0 y=125 text-anchor="middle">{n}</text>
                    }
                }).collect_view()}
            </svg>
            <figcaption>{tr(t::ATTENDANCE_CHART)}</figcaption>
        </figure>
    }
    .into_any()
}

#[component]
fn MeetingForm(lab: i64, add: ServerAction<super::AddMeeting>) -> impl IntoView {
    let starts_at = RwSignal::new(String::new());
    let topic = RwSignal::new(String::new());
    let total = RwSignal::new(String::new());
    let first = RwSignal::new(String::new());
    let orgs = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let client_err = RwSignal::new(None::<AppError>);
    let errors = Signal::derive(move || client_err.get().or_else(|| add.value().get().and_then(Result::err)));
    let number = |s: RwSignal<String>| s.get().trim().parse::<i64>().ok();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = MeetingInput {
            starts_at: starts_at.get(),
            topic: topic.get(),
            attendance_total: number(total),
            attendance_first_time: number(first),
            organisations: number(orgs),
            notes: notes.get(),
        };
        if let Err(e) = input.validate() {
            client_err.set(Some(AppError(e)));
            return;
        }
        client_err.set(None);
        add.dispatch(super::AddMeeting { lab, input });
    };
    let done = move || matches!(add.value().get(), Some(Ok(_))) && client_err.get().is_none();
    view! {
        <h3>{tr(t::ADD_MEETING)}</h3>
        <form on:submit=on_submit novalidate class="narrow">
            <ErrorAlert error=errors/>
            {move || done().then(|| view! { <p class="alert alert-success" role="status">{tr(t::MEETING_ADDED)}</p> })}
            <Field name="starts_at" label=t::F_MEETING_AT kind="datetime-local" value=starts_at errors form="meeting"/>
            <Field name="topic" label=t::F_TOPIC value=topic errors required=false form="meeting"/>
            <Field name="attendance_total" label=t::F_ATT_TOTAL kind="number" value=total errors required=false form="meeting"/>
            <Field name="attendance_first_time" label=t::F_ATT_FIRST kind="number" value=first errors required=false form="meeting"/>
            <Field name="organisations" label=t::F_ORGS kind="number" value=orgs errors required=false form="meeting"/>
            <Field name="notes" label=t::F_NOTES value=notes errors required=false form="meeting"/>
            <button type="submit" class="button primary">{tr(t::ADD_MEETING)}</button>
        </form>
    }
}
