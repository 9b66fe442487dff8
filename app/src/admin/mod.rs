//! Administration: people and their roles, the outbox of messages and the
//! organisation's settings.

mod settings;
pub use settings::SettingsPage;

use crate::errors::{AppError, ErrorAlert};
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use shared::dto::{OutboxRow, PersonRow};
use shared::i18n::t;
use shared::people::Role;
use shared::time::format_datetime;

#[server(prefix = "/fn", endpoint = "list_people")]
pub async fn list_people() -> Result<Vec<PersonRow>, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.people().await)
}

#[server(prefix = "/fn", endpoint = "set_role")]
pub async fn set_role(person_id: i64, role: Role, granted: bool) -> Result<(), AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.set_role(person_id, role, granted).await)
}

#[server(prefix = "/fn", endpoint = "list_outbox")]
pub async fn list_outbox() -> Result<Vec<OutboxRow>, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.outbox().await)
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let locale = use_locale();
    let change = ServerAction::<SetRole>::new();
    let erase = ServerAction::<crate::privacy::CarryOutErasure>::new();
    let people = Resource::new(move || (change.version().get(), erase.version().get()), |_| list_people());
    let change_error = Signal::derive(move || change.value().get().and_then(Result::err));
    let row = move |p: PersonRow| {
        let id = p.id;
        view! {
            <tr>
                <th scope="row">{p.display_name.clone()}</th>
                <td>{p.email.clone()}</td>
                <td>{move || format_datetime(p.created_at, locale.get())}</td>
                <td>
                    <ul class="role-list">
                    {Role::ALL.into_iter().map(|role| {
                        let has = p.roles.contains(&role);
                        let name = p.display_name.clone();
                        let label = move || format!(
                            "{} {}: {}",
                            if has { t::REVOKE.get(locale.get()) } else { t::GRANT.get(locale.get()) },
                            role.text().get(locale.get()),
                            name,
                        );
                        view! {
                            <li>
                                <button type="button" class="chip" aria-pressed=if has { "true" } else { "false" }
                                    aria-label=label.clone()
                                    on:click=move |_| { change.dispatch(SetRole { person_id: id, role, granted: !has }); }>
                                    {move || role.text().get(locale.get())}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                    </ul>
                </td>
            </tr>
        }
    };
    view! {
        <Title text=tr(t::PEOPLE_TITLE)/>
        <h1>{tr(t::PEOPLE_TITLE)}</h1>
        <crate::privacy::ErasuresPanel carry_out=erase/>
        <h2>{tr(t::NAV_PEOPLE)}</h2>
        <ErrorAlert error=change_error/>
        <Transition fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match people.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(rows) => view! {
                        <div class="table-wrap" tabindex="0" role="region" aria-label=tr(t::PEOPLE_TITLE)>
                        <table>
                            <thead><tr>
                                <th scope="col">{tr(t::COL_NAME)}</th>
                                <th scope="col">{tr(t::COL_EMAIL)}</th>
                                <th scope="col">{tr(t::COL_CREATED)}</th>
                                <th scope="col">{tr(t::COL_ROLES)}</th>
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

#[component]
pub fn OutboxPage() -> impl IntoView {
    let locale = use_locale();
    let rows = Resource::new(|| (), |_| list_outbox());
    let status = move |m: &OutboxRow| {
        let text = match (m.sent_at, &m.last_error) {
            (Some(_), _) => t::OUTBOX_SENT,
            (None, Some(_)) => t::OUTBOX_FAILED,
            (None, None) => t::OUTBOX_PENDING,
        };
        move || text.get(locale.get())
    };
    view! {
        <Title text=tr(t::OUTBOX_TITLE)/>
        <h1>{tr(t::OUTBOX_TITLE)}</h1>
        <Suspense fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p>{tr(t::OUTBOX_EMPTY)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="table-wrap" tabindex="0" role="region" aria-label=tr(t::OUTBOX_TITLE)>
                        <table>
                            <thead><tr>
                                <th scope="col">{tr(t::COL_CREATED)}</th>
                                <th scope="col">{tr(t::COL_RECIPIENT)}</th>
                                <th scope="col">{tr(t::COL_SUBJECT)}</th>
                                <th scope="col">{tr(t::COL_STATUS)}</th>
                                <th scope="col">{tr(t::COL_ATTEMPTS)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|m| view! {
                                    <tr>
                                        <td>{move || format_datetime(m.created_at, locale.get())}</td>
                                        <td>{m.recipient.clone()}</td>
                                        <td>{m.subject.clone()}</td>
                                        <td>{status(&m)}</td>
                                        <td>{m.attempts}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
