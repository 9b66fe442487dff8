//! The public map page: filters that live in the URL (a filtered map can be
//! shared), the Leaflet map, and the same labs as an accessible list.
//!
//! The filter form is a plain GET form: it works before the WASM arrives,
//! and afterwards the router turns it into a client-side navigation. The
//! page reads everything from the URL, so opening a shared link shows the
//! same view.

use super::{theme_label, MapContext};
use crate::errors::ErrorAlert;
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::{Script, Stylesheet, Title};
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_location;
use serde::Serialize;
use shared::i18n::t;
use shared::labs::{District, LabFilter, LabList, LabPublic, LabStatus, ListPage, Tiles, SPREAD_ZOOM};
use shared::time::format_datetime;
use shared::{Locale, Text};
use std::collections::BTreeMap;

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
        let value = query.split('&').filter_map(|kv| kv.strip_prefix("color=")).next_back().unwrap_or("");
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
    let page = Memo::new(move |_| ListPage::from_query(&query.get()).number());
    let list = Resource::new(move || ListPage::query_for(&filter.get().to_query(), page.get()), super::list_labs);
    view! {
        <Title text=tr(t::MAP_TITLE)/>
        // Leaflet from our own origin (copied from npm by scripts/setup.sh).
        <Stylesheet id="leaflet-css" href="/vendor/leaflet/leaflet.css"/>
        // Deferred: they do not hold up reading the page, and run in this
        // order once it is read, without waiting for the WASM.
        <Script id="leaflet-js" src="/vendor/leaflet/leaflet.js" defer="defer"/>
        <Script id="labs-map-js" src="/labs/map.js" defer="defer"/>
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
                        Ok(list) => view! { <LabTable list themes query/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <p class="attribution">{tr(t::ATTRIBUTION)}</p>
    }
}

#[component]
fn MapWithFilters(setup: MapContext, filter: Memo<LabFilter>, colour: Memo<ColourBy>) -> impl IntoView {
    let locale = use_locale();
    let can_edit = setup.can_edit;
    let config = {
        let setup = setup.clone();
        move || MapConfig::json(&setup, locale.get())
    };
    let bounds = setup.bounds.clone();
    let districts = setup.districts.clone();
    let view = move || MapView::json(&filter.get(), colour.get(), &bounds, &districts);
    let map_ref = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    mount_map(map_ref);
    view! {
        <Filters setup filter colour/>
        {can_edit.then(|| view! { <p class="hint">{tr(t::MAP_STAFF_HINT)}</p> })}
        <a class="skip-map" href="#lab-list">{tr(t::SKIP_MAP)}</a>
        // Drawn by /labs/map.js from these two attributes (see that file).
        // Leaflet fills the element itself: it has no children here, so
        // hydration never looks inside it.
        <div class="map-frame">
            <div id="labs-map" class="labs-map" role="region" aria-label=tr(t::MAP_LABEL)
                data-labs-map="" data-config=config data-view=view node_ref=map_ref></div>
            <p class="map-loading" data-labs-map-loading="">{tr(t::MAP_LOADING)}</p>
        </div>
        <div id="map-legend" class="map-legend" aria-live="polite"></div>
        <p id="map-status" class="map-status" role="status" aria-live="polite"></p>
    }
}

/// What the map script needs that does not change with the URL, in the
/// reader's language.
#[derive(Serialize)]
struct MapConfig<'a> {
    locale: &'static str,
    tiles: Option<&'a Tiles>,
    can_edit: bool,
    /// Groups open at most to this zoom (where the server stops grouping).
    spread_zoom: u8,
    /// Theme key → label.
    themes: BTreeMap<&'a str, &'a str>,
    /// Status code → label.
    statuses: BTreeMap<&'static str, &'static str>,
    districts: Vec<MapDistrict<'a>>,
    text: MapText,
}

#[derive(Serialize)]
struct MapDistrict<'a> {
    id: i64,
    name: &'a str,
}

#[derive(Serialize)]
struct MapText {
    cluster_hint: &'static str,
    next_meeting: &'static str,
    position_area: &'static str,
    new_lab_here: &'static str,
    move_confirm: &'static str,
    lab_moved: &'static str,
    unavailable: &'static str,
    legend: &'static str,
    no_district: &'static str,
    /// The legend's title per colouring (`ColourBy::code`).
    colour: BTreeMap<&'static str, &'static str>,
}

impl MapConfig<'_> {
    fn json(setup: &MapContext, locale: Locale) -> String {
        let config = MapConfig {
            locale: locale.code(),
            tiles: setup.tiles.as_ref(),
            can_edit: setup.can_edit,
            spread_zoom: SPREAD_ZOOM,
            themes: setup.themes.iter().map(|th| (th.key.as_ref(), th.label(locale))).collect(),
            statuses: LabStatus::ALL.into_iter().map(|s| (s.code(), s.text().get(locale))).collect(),
            districts: setup.districts.iter().map(|d| MapDistrict { id: d.id, name: &d.name }).collect(),
            text: MapText {
                cluster_hint: t::CLUSTER_HINT.get(locale),
                next_meeting: t::COL_NEXT_MEETING.get(locale),
                position_area: t::POSITION_AREA.get(locale),
                new_lab_here: t::NEW_LAB_HERE.get(locale),
                move_confirm: t::MOVE_CONFIRM.get(locale),
                lab_moved: t::LAB_MOVED.get(locale),
                unavailable: t::ERR_UNAVAILABLE.get(locale),
                legend: t::LEGEND.get(locale),
                no_district: t::MAP_NO_DISTRICT.get(locale),
                colour: ColourBy::ALL.into_iter().map(|c| (c.code(), c.text().get(locale))).collect(),
            },
        };
        serde_json::to_string(&config).unwrap_or_default()
    }
}

/// The URL's filters as the map script uses them, read by [`LabFilter`]
/// (the script never parses the URL itself).
#[derive(Serialize)]
struct MapView {
    /// The filters for `labs.geojson`, normalised.
    query: String,
    from: Option<String>,
    to: Option<String>,
    colour: &'static str,
    /// `[west, south, east, north]` of the filtered comune or district: the
    /// map opens framed on it (the whole province when `None`).
    bounds: Option<[f64; 4]>,
}

impl MapView {
    fn json(filter: &LabFilter, colour: ColourBy, bounds: &[(String, [f64; 4])], districts: &[District]) -> String {
        let view = MapView {
            bounds: frame_of(filter, bounds, districts),
            query: filter.to_query(),
            from: filter.active_from.map(|d| d.to_string()),
            to: filter.active_to.map(|d| d.to_string()),
            colour: colour.code(),
        };
        serde_json::to_string(&view).unwrap_or_default()
    }
}

/// The box around the filtered comune, or around its district's comuni.
fn frame_of(filter: &LabFilter, bounds: &[(String, [f64; 4])], districts: &[District]) -> Option<[f64; 4]> {
    let codes: Vec<&str> = match (&filter.municipality, filter.district) {
        (Some(m), _) => vec![m.as_ref()],
        (None, Some(id)) => districts.iter().find(|d| d.id == id)?.municipalities.iter().map(String::as_str).collect(),
        (None, None) => return None,
    };
    bounds
        .iter()
        .filter(|(code, _)| codes.contains(&code.as_str()))
        .map(|(_, b)| *b)
        .reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])])
}

/// A page load mounts the map by itself; a client-side navigation to this
/// page (or back to it) asks the script, when it is already loaded.
/// Leaving the page removes the map and its listeners.
#[cfg(feature = "hydrate")]
fn mount_map(map_ref: NodeRef<leptos::html::Div>) {
    use wasm_bindgen::JsValue;
    fn call(method: &str, el: &web_sys::Element) {
        let Some(window) = web_sys::window() else { return };
        let Ok(api) = js_sys::Reflect::get(&window, &JsValue::from_str("LegamiMap")) else { return };
        if api.is_undefined() {
            // Not loaded yet: the script mounts the map when it runs.
            return;
        }
        if let Ok(f) = js_sys::Reflect::get(&api, &JsValue::from_str(method)) {
            if let Ok(f) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f) {
                let _ = f.call1(&api, el);
            }
        }
    }
    let element: StoredValue<Option<web_sys::Element>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        if let Some(el) = map_ref.get() {
            let el: web_sys::Element = el.into();
            call("mount", &el);
            element.set_value(Some(el));
        }
    });
    on_cleanup(move || {
        if let Some(el) = element.try_get_value().flatten() {
            call("unmount", &el);
        }
    });
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

/// The accessible equivalent of the map: the same filtered labs as a table,
/// a page at a time.
#[component]
fn LabTable(list: LabList, themes: Vec<shared::labs::Theme>, query: Memo<String>) -> impl IntoView {
    let locale = use_locale();
    let LabList { total, page, labs } = list;
    if labs.is_empty() {
        return view! { <p>{tr(t::NO_LABS)}</p> }.into_any();
    }
    let row = move |lab: LabPublic| {
        let theme = theme_label(&themes, lab.theme.as_ref(), locale.get_untracked());
        let next = lab.next_meeting.clone();
        view! {
            <tr>
                // A plain link (the router still navigates client-side): an
                // `<A>` component per row made hydrating the page slower.
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
        <Pager page pages=ListPage::count(total) query/>
    }
    .into_any()
}

/// Previous and next page of the list, with the filters kept; nothing when
/// one page holds every lab.
#[component]
fn Pager(page: u32, pages: u32, query: Memo<String>) -> impl IntoView {
    if pages <= 1 {
        return ().into_any();
    }
    // The colouring may change without a new list: links follow the URL.
    let link = move |n: u32| move || format!("/mappa?{}#lab-list", ListPage::query_for(&query.get(), n));
    let (previous, next) = (link(page.saturating_sub(1)), link(page + 1));
    view! {
        <nav class="pager" aria-label=tr(t::LIST_PAGES)>
            {(page > 1).then(|| view! { <a href=previous rel="prev">"← " {tr(t::LIST_PREVIOUS)}</a> })}
            <span aria-current="page">{tr(t::LIST_PAGE)} " " {page} " " {tr(t::LIST_PAGE_OF)} " " {pages}</span>
            {(page < pages).then(|| view! { <a href=next rel="next">{tr(t::LIST_NEXT)} " →"</a> })}
        </nav>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn district(id: i64, codes: &[&str]) -> District {
        let municipalities = codes.iter().map(|c| (*c).to_owned()).collect();
        District { id, name: format!("d{id}"), description: None, is_demo: false, municipalities }
    }

    #[test]
    fn the_map_frames_the_filtered_comune_or_its_district() {
        let bounds = vec![
            ("019035".to_owned(), [9.6, 45.3, 9.7, 45.4]),
            ("019036".to_owned(), [9.9, 45.1, 10.1, 45.2]),
            ("019001".to_owned(), [9.5, 45.0, 9.55, 45.05]),
        ];
        let districts = vec![district(3, &["019035", "019036"])];
        let frame = |query: &str| frame_of(&LabFilter::from_query(query), &bounds, &districts);
        assert_eq!(frame(""), None);
        assert_eq!(frame("municipality=019036"), Some([9.9, 45.1, 10.1, 45.2]));
        assert_eq!(frame("district=3"), Some([9.6, 45.1, 10.1, 45.4]));
        // The comune wins over its district; an unknown district frames nothing.
        assert_eq!(frame("district=3&municipality=019001"), Some([9.5, 45.0, 9.55, 45.05]));
        assert_eq!(frame("district=99"), None);
    }
}
