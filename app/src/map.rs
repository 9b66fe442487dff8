//! The map area. Until the interactive map lands (issue "Map of districts
//! and neighbourhood labs"), this page lists the municipalities from the
//! database with their district: real data, and the accessible equivalent
//! the map will keep.

use crate::errors::{AppError, ErrorAlert};
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use shared::dto::MunicipalityRow;
use shared::i18n::t;

#[server(prefix = "/fn", endpoint = "municipalities")]
pub async fn municipalities() -> Result<Vec<MunicipalityRow>, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.municipalities().await)
}

#[component]
pub fn MapPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| municipalities());
    let locale = use_locale();
    view! {
        <Title text=tr(t::MAP_TITLE)/>
        <h1>{tr(t::MAP_TITLE)}</h1>
        <p>{tr(t::MAP_COMING)}</p>
        <Suspense fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(rows) => view! {
                        <div class="table-wrap" tabindex="0" role="region" aria-label=tr(t::MAP_TITLE)>
                        <table>
                            <thead><tr>
                                <th scope="col">{tr(t::MAP_COL_ISTAT)}</th>
                                <th scope="col">{tr(t::MAP_COL_NAME)}</th>
                                <th scope="col">{tr(t::MAP_COL_DISTRICT)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|m| {
                                    let district = m.district.clone();
                                    let demo = m.district_is_demo;
                                    view! {
                                        <tr>
                                            <td>{m.istat_code}</td>
                                            <th scope="row">{m.name}</th>
                                            <td>{move || match &district {
                                                Some(d) if demo => format!("{d} ({})", t::DEMO_LABEL.get(locale.get())),
                                                Some(d) => d.clone(),
                                                None => t::MAP_NO_DISTRICT.get(locale.get()).to_string(),
                                            }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
        <p class="attribution">{tr(t::ATTRIBUTION)}</p>
    }
}
