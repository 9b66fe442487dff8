//! The public map page: filters that live in the URL (a filtered map can be
//! shared), the Leaflet map, and the same labs as an accessible list.
//!
//! The filter form is a plain GET form: it works before the WASM arrives,
//! and afterwards the router turns it into a client-side navigation. The
//! page reads everything from the URL, so opening a shared link shows the
//! same view.

use super::{theme_label, LabList, MapContext};
use crate::errors::ErrorAlert;
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::{Script, Stylesheet, Title};
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_location;
use shared::i18n::t;
use shared::labs::{LabFilter, LabPublic, LabStatus};
use shared::time::format_datetime;
use shared::Text;

/// How municipalities are coloured (the `color` URL parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColourBy {
    District,
    Labs,
    Meetings,
    Participants,
}

impl ColourBy {
    pub const ALL: [ColourBy; 4] = [ColourBy::District, ColourBy::Labs, ColourBy::Meetings, ColourBy::Participants];

    pub fn code(self) -> &'static str {
        match self {
            ColourBy::District => "district",
            ColourBy::Labs => "labs",
            ColourBy::Meetings => "meetings",
            ColourBy::Participants => "participants",
        }
    }

    fn text(self) -> Text {
        match self {
            ColourBy::District => t::COLOR_DISTRICT,
            ColourBy::Labs => t::COLOR_LABS,
            ColourBy::Meetings => t::COLOR_MEETINGS,
            ColourBy::Participants => t::COLOR_PARTICIPANTS,
        }
    }

    pub fn from_query(query: &str) -> ColourBy {
        let value = query.split('&').filter_map(|kv| kv.strip_prefix("color=")).last().unwrap_or("");
        ColourBy::ALL.into_iter().find(|c| c.code() == value).unwrap_or(ColourBy::District)
    }
}

#[component]
pub fn MapPage() -> impl IntoView {
    let location = use_location();
    let query = Memo::new(move |_| location.search.get().trim_start_matches('?').to_owned());
    let filter = Memo::new(move |_| LabFilter::from_query(&query.get()));
    let colour = Memo::new(move |_| ColourBy::from_query(&query.get()));
    let setup = Resource::new(|| (), |_| super::map_setup());
    let list = Resource::new(move || filter.get().to_query(), super::list_labs);
    view! {
        <Title text=tr(t::MAP_TITLE)/>
        // Leaflet from our own origin (copied from npm by scripts/setup.sh).
        <Stylesheet id="leaflet-css" href="/vendor/leaflet/leaflet.css"/>
        // Deferred: it does not hold up reading the page; the map waits for it.
        <Script src="/vendor/leaflet/leaflet.js" defer="defer"/>
        <h1>{tr(t::MAP_TITLE)}</h1>
        <p>{tr(t::MAP_INTRO)}</p>
        <Suspense fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match setup.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(s) => view! { <MapWithFilters setup=s filter colour/> }.into_any(),
                }
            })}
        </Suspense>
        <section id="lab-list" class="lab-list" tabindex="-1" aria-labelledby="lab-list-title">
            <h2 id="lab-list-title">{tr(t::LAB_LIST)}</h2>
            <Transition fallback=crate::layout::Loading>
                {move || Suspend::new(async move {
                    let themes = setup.await.map(|s| s.themes).unwrap_or_default();
                    match list.await {
                        Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                        Ok(list) => view! { <LabTable list themes/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <p class="attribution">{tr(t::ATTRIBUTION)}</p>
    }
}

#[component]
fn MapWithFilters(setup: MapContext, filter: Memo<LabFilter>, colour: Memo<ColourBy>) -> impl IntoView {
    let can_edit = setup.can_edit;
    let map_setup = StoredValue::new(setup.clone());
    #[cfg(feature = "hydrate")]
    super::leaflet_map::mount("labs-map", map_setup, filter, colour);
    #[cfg(not(feature = "hydrate"))]
    let _ = (map_setup, colour);
    view! {
        <Filters setup filter colour/>
        {can_edit.then(|| view! { <p class="hint">{tr(t::MAP_STAFF_HINT)}</p> })}
        <a class="skip-map" href="#lab-list">{tr(t::SKIP_MAP)}</a>
        <div id="labs-map" class="labs-map" role="region" aria-label=tr(t::MAP_LABEL)>
            <p class="map-loading">{tr(t::MAP_LOADING)}</p>
        </div>
        <div id="map-legend" class="map-legend" aria-live="polite"></div>
        <p id="map-status" class="map-status" role="status" aria-live="polite"></p>
    }
}

/// The filter form. A GET form: the URL carries every filter.
#[component]
fn Filters(setup: MapContext, filter: Memo<LabFilter>, colour: Memo<ColourBy>) -> impl IntoView {
    let locale = use_locale();
    let f = move || filter.get();
    let selected_theme = move || f().theme.map(|k| k.as_ref().to_owned()).unwrap_or_default();
    let selected_status = move || f().status.map(|s| s.code().to_owned()).unwrap_or_default();
    let selected_district = move || f().district.map(|d| d.to_string()).unwrap_or_default();
    let selected_municipality = move || f().municipality.map(|m| m.as_ref().to_owned()).unwrap_or_default();
    let from = move || f().active_from.map(|d| d.to_string()).unwrap_or_default();
    let to = move || f().active_to.map(|d| d.to_string()).unwrap_or_default();
    let MapContext { themes, districts, municipalities, .. } = setup;
    view! {
        <Form method="get" action="/mappa" attr:class="filters" attr:aria-label=tr(t::FILTERS)>
            <div class="field">
                <label for="f-theme">{tr(t::F_THEME)}</label>
                <select id="f-theme" name="theme" prop:value=selected_theme>
                    <option value="">{tr(t::ALL_OPTION)}</option>
                    {themes.into_iter().map(|th| {
                        let key = th.key.as_ref().to_owned();
                        view! { <option value=key>{move || th.label(locale.get()).to_owned()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-status">{tr(t::F_STATUS)}</label>
                <select id="f-status" name="status" prop:value=selected_status>
                    <option value="">{tr(t::ALL_OPTION)}</option>
                    {LabStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.code()>{move || s.text().get(locale.get())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-district">{tr(t::F_DISTRICT)}</label>
                <select id="f-district" name="district" prop:value=selected_district>
                    <option value="">{tr(t::ALL_OPTION)}</option>
                    {districts.into_iter().map(|d| view! { <option value=d.id.to_string()>{d.name}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-municipality">{tr(t::F_MUNICIPALITY)}</label>
                <select id="f-municipality" name="municipality" prop:value=selected_municipality>
                    <option value="">{tr(t::ALL_OPTION)}</option>
                    {municipalities.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-from">{tr(t::F_ACTIVE_FROM)}</label>
                <input id="f-from" name="from" type="date" prop:value=from/>
            </div>
            <div class="field">
                <label for="f-to">{tr(t::F_ACTIVE_TO)}</label>
                <input id="f-to" name="to" type="date" prop:value=to/>
            </div>
            <div class="field">
                <label for="f-color">{tr(t::F_COLOR_BY)}</label>
                <select id="f-color" name="color" prop:value=move || colour.get().code()>
                    {ColourBy::ALL.into_iter().map(|c| view! {
                        <option value=c.code()>{move || c.text().get(locale.get())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="filter-actions">
                <button type="submit" class="button primary">{tr(t::APPLY_FILTERS)}</button>
                <A href="/mappa">{tr(t::CLEAR_FILTERS)}</A>
            </div>
        </Form>
    }
}

/// The accessible equivalent of the map: the same filtered labs as a table.
#[component]
fn LabTable(list: LabList, themes: Vec<shared::labs::Theme>) -> impl IntoView {
    let locale = use_locale();
    let LabList { total, labs } = list;
    if labs.is_empty() {
        return view! { <p>{tr(t::NO_LABS)}</p> }.into_any();
    }
    let truncated = total > labs.len();
    let row = move |lab: LabPublic| {
        let theme = theme_label(&themes, lab.theme.as_ref(), locale.get_untracked());
        let next = lab.next_meeting.clone();
        view! {
            <tr>
                // A plain link (the router still navigates client-side): up to
                // 300 `<A>` components made hydrating the page measurably slower.
                <th scope="row"><a href=format!("/laboratori/{}", lab.id)>{lab.name.clone()}</a></th>
                <td>{theme}</td>
                <td>{move || lab.status.text().get(locale.get())}</td>
                <td>{lab.municipality_name.clone()}</td>
                <td>{move || next.as_ref().map(|m| format_datetime(m.starts_at, locale.get())).unwrap_or_default()}</td>
            </tr>
        }
    };
    view! {
        <p><strong>{tr(t::LABS_FOUND)} " " {total}</strong></p>
        {truncated.then(|| view! { <p class="hint">{tr(t::LIST_TRUNCATED)}</p> })}
        <div class="table-wrap" tabindex="0" role="region" aria-label=tr(t::LAB_LIST)>
            <table>
                <thead><tr>
                    <th scope="col">{tr(t::COL_LAB)}</th>
                    <th scope="col">{tr(t::COL_THEME)}</th>
                    <th scope="col">{tr(t::COL_STATUS)}</th>
                    <th scope="col">{tr(t::COL_MUNICIPALITY)}</th>
                    <th scope="col">{tr(t::COL_NEXT_MEETING)}</th>
                </tr></thead>
                <tbody>{labs.into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}
