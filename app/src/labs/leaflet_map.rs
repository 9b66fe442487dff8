//! The interactive map, in the browser only: Leaflet driven from Rust
//! through the `leaflet` crate (bindings to the global `L` that
//! `/vendor/leaflet/leaflet.js` defines).
//!
//! Why not `leptos-leaflet`'s components: the map's content is data that
//! changes on every pan (the labs in view, fetched by bounding box) and
//! hundreds of markers; Leaflet layers are made for that, a reactive
//! component per marker is not. We use the same bindings it is built on.
//!
//! What is here: municipalities coloured by district or by a figure
//! (choropleth), labs as keyboard-reachable markers (the server groups the
//! ones that would overlap at the current zoom), popups, and for staff:
//! click to place, drag to move.

use super::map::ColourBy;
use super::MapContext;
use crate::i18n::use_locale;
use leaflet::{
    DivIconOptions, GeoJson, Icon, LatLng, LatLngBounds, LayerGroup, Map, MapOptions, Marker, MarkerOptions, TileLayer,
    TileLayerOptions,
};
use leptos::prelude::*;
use serde::Deserialize;
use shared::i18n::t;
use shared::labs::{LabFilter, LabGroup, LabPublic, MapItem, MunicipalityStats, SPREAD_ZOOM};
use shared::text::html_escape;
use shared::Locale;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The province's extent, for the first view.
const PROVINCE: [[f64; 2]; 2] = [[44.937, 9.454], [45.505, 10.597]];
const DISTRICT_COLOURS: [&str; 8] =
    ["#8dd3c7", "#fdb462", "#bebada", "#fb8072", "#80b1d3", "#b3de69", "#fccde5", "#d9d9d9"];
const SCALE: [&str; 4] = ["#deebf7", "#9ecae1", "#4292c6", "#08519c"];
const NONE_COLOUR: &str = "#f2f2f2";

/// Creates the map once Leaflet is loaded, then keeps markers and colours in
/// step with the URL's filters.
pub fn mount(id: &'static str, setup: StoredValue<MapContext>, filter: Memo<LabFilter>, colour: Memo<ColourBy>) {
    let locale = use_locale();
    let state: StoredValue<Option<Rc<MapState>>, LocalStorage> = StoredValue::new_local(None);
    let ready = RwSignal::new(false);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if !leaflet_loaded().await {
                return;
            }
            let first = filter.get_untracked();
            if let Some(s) = MapState::create(id, setup.get_value(), first, locale.get_untracked()).await {
                state.set_value(Some(s));
                ready.set(true);
                // The map is drawn: the "loading" note would only cover it.
                if let Some(note) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector(&format!("#{id} .map-loading")).ok().flatten())
                {
                    note.remove();
                }
            }
        });
    });
    Effect::new(move |_| {
        let (f, c) = (filter.get(), colour.get());
        if !ready.get() {
            return;
        }
        if let Some(s) = state.get_value() {
            *s.filter.borrow_mut() = f;
            s.frame_places();
            leptos::task::spawn_local(async move {
                s.recolour(c).await;
                MapState::reload_labs(&s).await;
            });
        }
    });
    on_cleanup(move || {
        if let Some(s) = state.get_value() {
            s.map.remove();
        }
    });
}

/// Leaflet's script is added to the page with the map; after a client-side
/// navigation it may still be loading.
async fn leaflet_loaded() -> bool {
    for _ in 0..100 {
        let loaded =
            web_sys::window().and_then(|w| js_sys::Reflect::has(&w, &JsValue::from_str("L")).ok()).unwrap_or(false);
        if loaded {
            return true;
        }
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
    false
}

struct MapState {
    map: Map,
    labs: LayerGroup,
    municipalities: GeoJson,
    /// Fill colour per ISTAT code, read by the polygons' style function.
    fills: Rc<RefCell<HashMap<String, String>>>,
    style: JsValue,
    /// Filled when the boundaries arrive (after the first labs).
    district_of: RefCell<HashMap<String, Option<i64>>>,
    setup: MapContext,
    locale: Locale,
    filter: RefCell<LabFilter>,
    /// The labs URL last asked for: the same view is not fetched twice, and
    /// an answer that is no longer the latest question is not drawn.
    asked: RefCell<String>,
    /// The comune or district the map was last framed on.
    framed: RefCell<Option<(Option<String>, Option<i64>)>>,
    /// Event handlers live as long as the map.
    handlers: RefCell<Vec<Closure<dyn FnMut(JsValue)>>>,
}

#[derive(Deserialize)]
struct Collection<P> {
    features: Vec<FeatureOf<P>>,
}

#[derive(Deserialize)]
struct FeatureOf<P> {
    properties: P,
}

#[derive(Deserialize)]
struct MunicipalityProps {
    istat_code: String,
    district_id: Option<i64>,
}

impl MapState {
    async fn create(id: &str, setup: MapContext, filter: LabFilter, locale: Locale) -> Option<Rc<MapState>> {
        let options = MapOptions::new();
        // Wheel zoom only while the map has focus (see `wheel_on_focus`).
        options.set_scroll_wheel_zoom(false);
        let map = Map::new(id, &options).ok()?;
        map.fit_bounds(&LatLngBounds::new(
            &LatLng::new(PROVINCE[0][0], PROVINCE[0][1]),
            &LatLng::new(PROVINCE[1][0], PROVINCE[1][1]),
        ));
        if let Some(tiles) = &setup.tiles {
            let o = TileLayerOptions::new();
            o.set_attribution(tiles.attribution.clone());
            TileLayer::new_options(&tiles.url, &o).add_to(&map);
        }
        // The first view's labs and the boundaries are asked for together;
        // the markers are drawn as soon as they come, the polygons after.
        let first_url = labs_url(&map, &filter);
        let window = web_sys::window()?;
        let first_labs = window.fetch_with_str(&first_url);
        let boundaries = window.fetch_with_str("/api/v1/municipalities.geojson");
        let fills: Rc<RefCell<HashMap<String, String>>> = Rc::default();
        let style = style_function(fills.clone());
        let geo_options = js_sys::Object::new();
        set(&geo_options, "style", &style);
        set(&geo_options, "interactive", &JsValue::FALSE);
        // `L.geoJSON` (the crate's binding to it is not exported), empty until the boundaries come.
        let l = js_sys::Reflect::get(&window, &JsValue::from_str("L")).ok()?;
        let municipalities: GeoJson = call(&l, "geoJSON", &[JsValue::NULL, geo_options.into()]).ok()?.unchecked_into();
        municipalities.add_to(&map);
        let labs = LayerGroup::new();
        labs.add_to(&map);
        let state = Rc::new(MapState {
            map,
            labs,
            municipalities,
            fills,
            style,
            district_of: RefCell::default(),
            setup,
            locale,
            filter: RefCell::new(filter),
            asked: RefCell::new(first_url.clone()),
            framed: RefCell::new(None),
            handlers: RefCell::new(Vec::new()),
        });
        state.wheel_on_focus(id);
        let s = state.clone();
        state.on(&state.map, "moveend", move |_| {
            let s = s.clone();
            leptos::task::spawn_local(async move { MapState::reload_labs(&s).await });
        });
        if state.setup.can_edit {
            let s = state.clone();
            state.on(&state.map, "click", move |e| s.offer_new_lab(&e));
        }
        if let Some(text) = response_text(first_labs).await {
            if *state.asked.borrow() == first_url {
                state.draw_labs(&text);
            }
        }
        let text = response_text(boundaries).await?;
        let props: Collection<MunicipalityProps> = serde_json::from_str(&text).ok()?;
        *state.district_of.borrow_mut() =
            props.features.into_iter().map(|f| (f.properties.istat_code, f.properties.district_id)).collect();
        let _ = call(state.municipalities.as_ref(), "addData", &[js_sys::JSON::parse(&text).ok()?]);
        Some(state)
    }

    /// Opened on (or filtered to) a comune or a district: frame it rather
    /// than the whole province, so that its labs show as themselves. Only
    /// when that filter changes: panning is the person's own.
    fn frame_places(&self) {
        let (municipality, district) = {
            let f = self.filter.borrow();
            (f.municipality.as_ref().map(|m| m.as_ref().to_owned()), f.district)
        };
        let key = Some((municipality.clone(), district));
        if *self.framed.borrow() == key {
            return;
        }
        *self.framed.borrow_mut() = key;
        if municipality.is_none() && district.is_none() {
            return;
        }
        let wanted = |code: &str| match (&municipality, district) {
            (Some(m), _) => m == code,
            (None, Some(d)) => self.district_of.borrow().get(code).copied().flatten() == Some(d),
            _ => false,
        };
        let Ok(layers) = call(self.municipalities.as_ref(), "getLayers", &[]) else { return };
        let mut bounds: Option<JsValue> = None;
        for layer in js_sys::Array::from(&layers).iter() {
            let code = ["feature", "properties", "istat_code"]
                .iter()
                .try_fold(layer.clone(), |v, k| js_sys::Reflect::get(&v, &JsValue::from_str(k)).ok())
                .and_then(|v| v.as_string());
            if !code.is_some_and(|c| wanted(&c)) {
                continue;
            }
            let Ok(b) = call(&layer, "getBounds", &[]) else { continue };
            match &bounds {
                Some(all) => {
                    let _ = call(all, "extend", &[b]);
                }
                None => bounds = Some(b),
            }
        }
        if let Some(b) = bounds {
            let _ = call(self.map.as_ref(), "fitBounds", &[b]);
        }
    }

    /// Registers `f` for a Leaflet event and keeps the closure alive.
    fn on(&self, target: &JsValue, event: &str, f: impl FnMut(JsValue) + 'static) {
        let closure = Closure::<dyn FnMut(JsValue)>::new(f);
        let _ = call(target, "on", &[JsValue::from_str(event), closure.as_ref().clone()]);
        self.handlers.borrow_mut().push(closure);
    }

    fn wheel_on_focus(&self, id: &str) {
        let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) else {
            return;
        };
        let wheel = js_sys::Reflect::get(&self.map, &JsValue::from_str("scrollWheelZoom")).unwrap_or(JsValue::NULL);
        for (event, method) in [("focus", "enable"), ("blur", "disable")] {
            let wheel = wheel.clone();
            let closure = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                let _ = call(&wheel, method, &[]);
            });
            let _ = el.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
            self.handlers.borrow_mut().push(closure);
        }
    }

    /// Fetches the labs in view with the page's filters and redraws them,
    /// unless this view was the last one asked for.
    async fn reload_labs(state: &Rc<MapState>) {
        let url = labs_url(&state.map, &state.filter.borrow());
        if *state.asked.borrow() == url {
            return;
        }
        *state.asked.borrow_mut() = url.clone();
        let Some(pending) = web_sys::window().map(|w| w.fetch_with_str(&url)) else { return };
        let Some(text) = response_text(pending).await else { return };
        // Panned again meanwhile: a newer answer is on its way.
        if *state.asked.borrow() == url {
            state.draw_labs(&text);
        }
    }

    /// Draws `labs.geojson`'s answer. The server groups labs that would
    /// overlap at this zoom.
    fn draw_labs(self: &Rc<Self>, text: &str) {
        let Ok(found) = serde_json::from_str::<Collection<MapItem>>(text) else { return };
        self.labs.clear_layers();
        for feature in found.features {
            match feature.properties {
                MapItem::Lab(lab) => self.add_lab_marker(&lab),
                MapItem::Group(group) => self.add_group_marker(&group),
            }
        }
    }

    fn add_lab_marker(self: &Rc<Self>, lab: &LabPublic) {
        let options = MarkerOptions::new();
        options.set_keyboard(true);
        options.set_title(lab.name.clone());
        options.set_draggable(self.setup.can_edit);
        options.set_rise_on_hover(true);
        let Some(icon) = pin_icon(lab) else { return };
        options.set_icon(icon);
        let marker = Marker::new_with_options(&LatLng::new(lab.point.lat, lab.point.lon), &options);
        if let Some(popup) = self.popup(lab) {
            marker.bind_popup_with_options(&popup, &js_sys::Object::new());
        }
        if self.setup.can_edit {
            let (s, m, lab) = (self.clone(), marker.clone(), lab.clone());
            self.on(&marker, "dragend", move |_| s.confirm_move(&m, &lab));
        }
        marker.add_to_layer_group(&self.labs);
    }

    /// A group: its count; Enter or a click zooms in on its labs.
    fn add_group_marker(self: &Rc<Self>, group: &LabGroup) {
        let [w, s, e, n] = group.bbox;
        let center = LatLng::new((s + n) / 2.0, (w + e) / 2.0);
        let label = format!("{} {}", group.count, t::CLUSTER_HINT.get(self.locale));
        let icon_options = DivIconOptions::new();
        icon_options.set_html(format!(
            r#"<span aria-hidden="true">{}</span><span class="sr-only">{}</span>"#,
            group.count,
            html_escape(&label)
        ));
        icon_options.set_class_name("lab-group".into());
        icon_options.set_icon_size(leaflet::Point::new(36.0, 36.0));
        let options = MarkerOptions::new();
        options.set_keyboard(true);
        options.set_title(label);
        let Some(icon) = div_icon(&icon_options) else { return };
        options.set_icon(icon);
        let marker = Marker::new_with_options(&center, &options);
        let map = self.map.clone();
        self.on(&marker, "click", move |_| {
            let next = (map.get_zoom() + 2.0).min(f64::from(SPREAD_ZOOM));
            if w == e && s == n {
                map.set_view(&LatLng::new(s, w), next);
            } else {
                map.fit_bounds(&LatLngBounds::new(&LatLng::new(s, w), &LatLng::new(n, e)));
            }
        });
        marker.add_to_layer_group(&self.labs);
    }

    /// The popup's content as DOM nodes (names are data: never parsed as HTML).
    fn popup(&self, lab: &LabPublic) -> Option<JsValue> {
        let doc = web_sys::window()?.document()?;
        let root = doc.create_element("div").ok()?;
        root.set_class_name("lab-popup");
        let title = doc.create_element("h3").ok()?;
        let link = doc.create_element("a").ok()?;
        link.set_attribute("href", &format!("/laboratori/{}", lab.id)).ok()?;
        link.set_text_content(Some(&lab.name));
        title.append_child(&link).ok()?;
        root.append_child(&title).ok()?;
        let theme = super::theme_label(&self.setup.themes, lab.theme.as_ref(), self.locale);
        let mut lines =
            vec![format!("{theme} · {}", lab.status.text().get(self.locale)), lab.municipality_name.clone()];
        if let Some(next) = &lab.next_meeting {
            lines.push(format!(
                "{}: {}",
                t::COL_NEXT_MEETING.get(self.locale),
                shared::time::format_datetime(next.starts_at, self.locale)
            ));
        }
        if lab.precision == shared::labs::LocationPrecision::Area {
            lines.push(t::POSITION_AREA.get(self.locale).to_owned());
        }
        for line in lines {
            let p = doc.create_element("p").ok()?;
            p.set_text_content(Some(&line));
            root.append_child(&p).ok()?;
        }
        Some(root.into())
    }

    /// Staff clicked the map: offer a new lab at that point.
    fn offer_new_lab(&self, event: &JsValue) {
        let Ok(at) = js_sys::Reflect::get(event, &JsValue::from_str("latlng")) else { return };
        let at: LatLng = at.unchecked_into();
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let Ok(link) = doc.create_element("a") else { return };
        let href = format!("/staff/laboratori/nuovo?lon={:.6}&lat={:.6}", at.lng(), at.lat());
        let _ = link.set_attribute("href", &href);
        link.set_class_name("button primary");
        link.set_text_content(Some(t::NEW_LAB_HERE.get(self.locale)));
        self.map.open_popup_with_content(&link.into(), &at);
    }

    /// A marker was dropped: ask, then move the lab (or put it back).
    fn confirm_move(self: &Rc<Self>, marker: &Marker, lab: &LabPublic) {
        let to = marker.get_lat_lng();
        let question = format!("{} «{}»?", t::MOVE_CONFIRM.get(self.locale), lab.name);
        let ok = web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false);
        if !ok {
            marker.set_lat_lng(&LatLng::new(lab.point.lat, lab.point.lon));
            return;
        }
        let (s, id) = (self.clone(), lab.id);
        leptos::task::spawn_local(async move {
            let body = format!(r#"{{"lon":{},"lat":{}}}"#, to.lng(), to.lat());
            let message = match send_json("PUT", &format!("/api/v1/labs/{id}/point"), &body, s.locale).await {
                Ok(detail) => {
                    let place = js_sys::Reflect::get(&detail, &JsValue::from_str("lab"))
                        .and_then(|l| js_sys::Reflect::get(&l, &JsValue::from_str("municipality_name")))
                        .ok()
                        .and_then(|v| v.as_string())
                        .unwrap_or_default();
                    format!("{} {place}.", t::LAB_MOVED.get(s.locale))
                }
                Err(message) => message,
            };
            show_status(&message);
            // The same view, with the lab in its new place.
            s.asked.borrow_mut().clear();
            MapState::reload_labs(&s).await;
        });
    }

    /// Colours the municipalities by district or by a figure of the period.
    async fn recolour(&self, by: ColourBy) {
        let fills = match by {
            ColourBy::District => self.district_fills(),
            _ => self.figure_fills(by).await.unwrap_or_default(),
        };
        *self.fills.borrow_mut() = fills;
        self.municipalities.set_style(&self.style);
    }

    fn district_fills(&self) -> HashMap<String, String> {
        let colour_of: HashMap<i64, &str> = self
            .setup
            .districts
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, DISTRICT_COLOURS[i % DISTRICT_COLOURS.len()]))
            .collect();
        let entries: Vec<(String, String)> = self
            .setup
            .districts
            .iter()
            .map(|d| (colour_of[&d.id].to_owned(), d.name.clone()))
            .chain([(NONE_COLOUR.to_owned(), t::MAP_NO_DISTRICT.get(self.locale).to_owned())])
            .collect();
        show_legend(t::COLOR_DISTRICT.get(self.locale), &entries, self.locale);
        self.district_of
            .borrow()
            .iter()
            .map(|(code, d)| {
                (code.clone(), d.and_then(|d| colour_of.get(&d).copied()).unwrap_or(NONE_COLOUR).to_owned())
            })
            .collect()
    }

    /// A choropleth: four equal classes up to the largest value, grey for none.
    async fn figure_fills(&self, by: ColourBy) -> Option<HashMap<String, String>> {
        let f = self.filter.borrow().clone();
        let period = match (f.active_from, f.active_to) {
            (Some(a), Some(b)) => format!("?from={a}&to={b}"),
            _ => String::new(),
        };
        let pending = web_sys::window()?.fetch_with_str(&format!("/api/v1/municipalities/stats{period}"));
        let stats: Vec<MunicipalityStats> = serde_json::from_str(&response_text(pending).await?).ok()?;
        let value = |s: &MunicipalityStats| match by {
            ColourBy::Labs => s.labs,
            ColourBy::Meetings => s.meetings,
            _ => s.participants,
        };
        let max = stats.iter().map(value).max().unwrap_or(0).max(1);
        let class = |v: i64| if v == 0 { None } else { Some((((v - 1) * 4) / max).min(3) as usize) };
        let step = |i: i64| (max * i + 3) / 4;
        let mut entries = vec![(NONE_COLOUR.to_owned(), "0".to_owned())];
        for i in 0..4 {
            let (low, high) = (step(i as i64) + 1, step(i as i64 + 1));
            if low <= high {
                entries.push((SCALE[i].to_owned(), format!("{low}–{high}")));
            }
        }
        let title = match by {
            ColourBy::Labs => t::COLOR_LABS,
            ColourBy::Meetings => t::COLOR_MEETINGS,
            _ => t::COLOR_PARTICIPANTS,
        };
        show_legend(title.get(self.locale), &entries, self.locale);
        Some(
            stats
                .iter()
                .map(|s| (s.istat_code.clone(), class(value(s)).map_or(NONE_COLOUR, |c| SCALE[c]).to_owned()))
                .collect(),
        )
    }
}

/// Leaflet calls this for each municipality polygon; it reads the current
/// fills, so recolouring is `setStyle` with the same function.
fn style_function(fills: Rc<RefCell<HashMap<String, String>>>) -> JsValue {
    let style = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |feature: JsValue| {
        let code = js_sys::Reflect::get(&feature, &JsValue::from_str("properties"))
            .and_then(|p| js_sys::Reflect::get(&p, &JsValue::from_str("istat_code")))
            .ok()
            .and_then(|c| c.as_string())
            .unwrap_or_default();
        let fill = fills.borrow().get(&code).cloned().unwrap_or_else(|| NONE_COLOUR.to_owned());
        let style = js_sys::Object::new();
        set(&style, "color", &JsValue::from_str("#4a5560"));
        set(&style, "weight", &JsValue::from_f64(1.0));
        set(&style, "fillColor", &JsValue::from_str(&fill));
        set(&style, "fillOpacity", &JsValue::from_f64(0.6));
        style.into()
    });
    // Handed to JS for the page's lifetime (freed with the function).
    style.into_js_value()
}

fn pin_icon(lab: &LabPublic) -> Option<Icon> {
    let options = DivIconOptions::new();
    options.set_html(format!(
        r#"<span class="lab-pin lab-pin-{}" aria-hidden="true"></span><span class="sr-only">{}</span>"#,
        lab.status.code(),
        html_escape(&lab.name)
    ));
    options.set_class_name("lab-marker".into());
    options.set_icon_size(leaflet::Point::new(22.0, 22.0));
    div_icon(&options)
}

/// `L.divIcon(options)`. Not the crate's `DivIcon::new`: its binding
/// constructs an `L.Icon` (wrong class name), which throws without an
/// image URL, and the marker is never drawn.
fn div_icon(options: &DivIconOptions) -> Option<Icon> {
    let window: JsValue = web_sys::window()?.into();
    let l = js_sys::Reflect::get(&window, &JsValue::from_str("L")).ok()?;
    let options: &JsValue = options.as_ref();
    call(&l, "divIcon", std::slice::from_ref(options)).ok().map(|icon| icon.unchecked_into())
}

fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(target, &JsValue::from_str(method))?.dyn_into()?;
    f.apply(target, &args.iter().collect::<js_sys::Array>())
}

/// `labs.geojson` for the map's current view and zoom with the filters.
fn labs_url(map: &Map, filter: &LabFilter) -> String {
    let b = map.get_bounds();
    let (sw, ne) = (b.get_south_west(), b.get_north_east());
    let zoom = map.get_zoom().round().clamp(0.0, 22.0) as u8;
    let bbox = format!("{:.5},{:.5},{:.5},{:.5}", sw.lng(), sw.lat(), ne.lng(), ne.lat());
    let query = filter.to_query();
    format!("/api/v1/labs.geojson?bbox={bbox}&zoom={zoom}{}{query}", if query.is_empty() { "" } else { "&" })
}

/// The body of a fetch already under way, when it succeeded.
async fn response_text(pending: js_sys::Promise) -> Option<String> {
    let resp: web_sys::Response = JsFuture::from(pending).await.ok()?.dyn_into().ok()?;
    if !resp.ok() {
        return None;
    }
    JsFuture::from(resp.text().ok()?).await.ok()?.as_string()
}

/// Sends JSON with the session cookie; the error is the server's translated message.
async fn send_json(method: &str, url: &str, body: &str, locale: Locale) -> Result<JsValue, String> {
    let failed = || t::ERR_UNAVAILABLE.get(locale).to_owned();
    let window = web_sys::window().ok_or_else(failed)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_body(&JsValue::from_str(body));
    let headers = web_sys::Headers::new().map_err(|_| failed())?;
    let _ = headers.set("Content-Type", "application/json");
    init.set_headers(&headers);
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| failed())?
        .dyn_into()
        .map_err(|_| failed())?;
    let json = JsFuture::from(resp.json().map_err(|_| failed())?).await.map_err(|_| failed())?;
    if resp.ok() {
        Ok(json)
    } else {
        Err(js_sys::Reflect::get(&json, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(failed))
    }
}

fn show_status(message: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("map-status")) {
        el.set_text_content(Some(message));
    }
}

/// The legend as a list of colour swatches with their meaning.
fn show_legend(title: &str, entries: &[(String, String)], locale: Locale) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(el) = doc.get_element_by_id("map-legend") else { return };
    el.set_text_content(None);
    let build = || -> Option<()> {
        let heading = doc.create_element("h2").ok()?;
        heading.set_text_content(Some(&format!("{}: {title}", t::LEGEND.get(locale))));
        el.append_child(&heading).ok()?;
        let list = doc.create_element("ul").ok()?;
        for (colour, label) in entries {
            let item = doc.create_element("li").ok()?;
            let swatch = doc.create_element("span").ok()?;
            swatch.set_class_name("swatch");
            swatch.set_attribute("data-colour", colour).ok()?;
            swatch.set_attribute("aria-hidden", "true").ok()?;
            item.append_child(&swatch).ok()?;
            let text = doc.create_text_node(label);
            item.append_child(&text).ok()?;
            list.append_child(&item).ok()?;
        }
        el.append_child(&list).ok()?;
        Some(())
    };
    let _ = build();
    paint_swatches(&el);
}

/// Swatch colours set through the CSSOM (allowed by the page's CSP, which
/// forbids inline style attributes in markup).
fn paint_swatches(root: &web_sys::Element) {
    let Ok(swatches) = root.query_selector_all(".swatch") else { return };
    for i in 0..swatches.length() {
        let Some(node) = swatches.item(i) else { continue };
        let Ok(el) = node.dyn_into::<web_sys::HtmlElement>() else { continue };
        if let Some(colour) = el.get_attribute("data-colour") {
            let _ = el.style().set_property("background-color", &colour);
        }
    }
}
