//! Admins shape the map (`/admin/mappa`): the themes labs are filed under,
//! the districts (*ambiti*) that group municipalities, and the zones
//! (*quartieri*) imported from a GeoJSON file. The server checks the role
//! and every rule (a municipality in one district at a time, zones inside
//! the province, all or nothing).

use super::MapContext;
use crate::errors::{AppError, ErrorAlert};
use crate::forms::Field;
use crate::i18n::{tr, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use shared::geo::{FeatureCollection, GeometryInput};
use shared::i18n::t;
use shared::labs::{District, DistrictInput, Theme, ThemeInput, ZoneProperties, ZoneSummary};

#[server(prefix = "/fn", endpoint = "save_theme", input = leptos::server_fn::codec::Json)]
pub async fn save_theme(key: String, input: ThemeInput) -> Result<Theme, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.save_theme(key, input).await)
}

#[server(prefix = "/fn", endpoint = "save_district", input = leptos::server_fn::codec::Json)]
pub async fn save_district(id: Option<i64>, input: DistrictInput) -> Result<District, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(match id {
        Some(id) => b.update_district(id, input).await,
        None => b.create_district(input).await,
    })
}

#[server(prefix = "/fn", endpoint = "list_zones")]
pub async fn list_zones() -> Result<Vec<ZoneSummary>, AppError> {
    let b = crate::ssr::backend()?;
    let zones = crate::errors::respond(b.zone_features(None).await)?;
    Ok(zones.features.into_iter().map(|f| f.properties).collect())
}

/// Reads a GeoJSON text as zones to import; the same reading runs in the
/// browser first, so a file that is not GeoJSON is refused at once.
fn parse_zones(text: &str) -> Result<FeatureCollection<ZoneProperties, GeometryInput>, shared::ApiError> {
    serde_json::from_str(text)
        .map_err(|_| shared::ApiError::validation("geojson", shared::error::ValidationCode::Geometry))
}

#[server(prefix = "/fn", endpoint = "import_zones")]
pub async fn import_zones(geojson: String) -> Result<Vec<ZoneSummary>, AppError> {
    let b = crate::ssr::backend()?;
    let file = crate::errors::respond(parse_zones(&geojson))?;
    crate::errors::respond(b.import_zones(file).await)
}

#[server(prefix = "/fn", endpoint = "delete_zone")]
pub async fn delete_zone(id: i64) -> Result<(), AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.delete_zone(id).await)
}

#[component]
pub fn MapAdminPage() -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let setup = Resource::new(move || changed.get(), |_| super::map_setup());
    let bump = Callback::new(move |_| changed.update(|c| *c += 1));
    view! {
        <Title text=tr(t::MAP_ADMIN_TITLE)/>
        <h1>{tr(t::MAP_ADMIN_TITLE)}</h1>
        <Transition fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match setup.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(ctx) => view! {
                        <Themes themes=ctx.themes.clone() on_saved=bump/>
                        <Districts ctx=ctx.clone() on_saved=bump/>
                        <Zones ctx/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Themes(themes: Vec<Theme>, on_saved: Callback<()>) -> impl IntoView {
    let action = ServerAction::<SaveTheme>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_saved.run(());
        }
    });
    let key = RwSignal::new(String::new());
    let label_it = RwSignal::new(String::new());
    let label_en = RwSignal::new(String::new());
    view! {
        <section class="panel" aria-labelledby="themes-title">
            <h2 id="themes-title">{tr(t::MAP_ADMIN_THEMES)}</h2>
            <ErrorAlert error/>
            <div class="table-wrap">
                <table>
                    <thead><tr>
                        <th scope="col">{tr(t::THEME_KEY)}</th>
                        <th scope="col">"Italiano"</th>
                        <th scope="col">"English"</th>
                        <th scope="col"><span class="sr-only">{tr(t::SAVE)}</span></th>
                    </tr></thead>
                    <tbody>
                        {themes.into_iter().map(|th| {
                            let k = th.key.as_ref().to_owned();
                            let it = RwSignal::new(th.label_it.clone());
                            let en = RwSignal::new(th.label_en.clone());
                            let (id_it, id_en) = (format!("theme-{k}-it"), format!("theme-{k}-en"));
                            let key_for_save = k.clone();
                            view! {
                                <tr>
                                    <th scope="row"><code>{k.clone()}</code></th>
                                    <td><label class="sr-only" for=id_it.clone()>{format!("{k} (it)")}</label>
                                        <input id=id_it prop:value=move || it.get() on:input=move |ev| it.set(event_target_value(&ev))/></td>
                                    <td><label class="sr-only" for=id_en.clone()>{format!("{k} (en)")}</label>
                                        <input id=id_en prop:value=move || en.get() on:input=move |ev| en.set(event_target_value(&ev))/></td>
                                    <td><button type="button" class="button" on:click=move |_| {
                                        action.dispatch(SaveTheme { key: key_for_save.clone(),
                                            input: ThemeInput { label_it: it.get_untracked(), label_en: en.get_untracked() } });
                                    }>{tr(t::SAVE)}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <form on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(SaveTheme { key: key.get_untracked(),
                    input: ThemeInput { label_it: label_it.get_untracked(), label_en: label_en.get_untracked() } });
            } novalidate>
                <h3>{tr(t::MAP_ADMIN_NEW_THEME)}</h3>
                <Field name="key" form="theme" label=t::THEME_KEY value=key errors=error hint=t::THEME_KEY_HINT/>
                <Field name="label_it" form="theme" label=t::THEME_LABEL_IT value=label_it errors=error/>
                <Field name="label_en" form="theme" label=t::THEME_LABEL_EN value=label_en errors=error/>
                <button type="submit" class="button">{tr(t::MAP_ADMIN_ADD_THEME)}</button>
            </form>
        </section>
    }
}

#[component]
fn Districts(ctx: MapContext, on_saved: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<SaveDistrict>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_saved.run(());
        }
    });
    let districts = StoredValue::new(ctx.districts.clone());
    let editing = RwSignal::new(None::<i64>);
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let open = move |d: Option<District>| {
        editing.set(d.as_ref().map(|d| d.id));
        name.set(d.as_ref().map(|d| d.name.clone()).unwrap_or_default());
        description.set(d.as_ref().and_then(|d| d.description.clone()).unwrap_or_default());
        chosen.set(d.map(|d| d.municipalities).unwrap_or_default());
    };
    let owner = move |istat: &str| {
        districts.with_value(|ds| {
            ds.iter().find(|d| d.municipalities.iter().any(|m| m == istat)).map(|d| (d.id, d.name.clone()))
        })
    };
    let municipalities = ctx.municipalities.clone();
    view! {
        <section class="panel" aria-labelledby="districts-title">
            <h2 id="districts-title">{tr(t::MAP_ADMIN_DISTRICTS)}</h2>
            <ul class="plain-list">
                {ctx.districts.into_iter().map(|d| {
                    let count = d.municipalities.len();
                    let label = d.name.clone();
                    let demo = d.is_demo;
                    view! {
                        <li>
                            <strong>{label.clone()}</strong> " · " {count} " " {tr(t::MAP_ADMIN_MUNICIPALITIES)}
                            {demo.then(|| view! { " · " <span class="badge">{tr(t::DEMO_LABEL)}</span> })}
                            " " <button type="button" class="button link" on:click=move |_| open(Some(d.clone()))>
                                {tr(t::MAP_ADMIN_EDIT)} <span class="sr-only">" " {label.clone()}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <button type="button" class="button" on:click=move |_| open(None)>{tr(t::MAP_ADMIN_NEW_DISTRICT)}</button>
            <form on:submit=move |ev| {
                ev.prevent_default();
                let input = DistrictInput { name: name.get_untracked(), description: description.get_untracked(), municipalities: chosen.get_untracked() };
                action.dispatch(SaveDistrict { id: editing.get_untracked(), input });
            } novalidate>
                <h3>{move || if editing.get().is_some() { t::MAP_ADMIN_EDIT_DISTRICT } else { t::MAP_ADMIN_NEW_DISTRICT }.get(locale.get())}</h3>
                <ErrorAlert error/>
                <Field name="name" form="district" label=t::MAP_ADMIN_DISTRICT_NAME value=name errors=error/>
                <Field name="description" form="district" label=t::F_DESCRIPTION value=description errors=error required=false/>
                <fieldset class="municipality-choice">
                    <legend>{tr(t::MAP_ADMIN_MUNICIPALITIES)}</legend>
                    <p class="hint">{tr(t::MAP_ADMIN_MOVE_HINT)}</p>
                    {municipalities.into_iter().map(|(istat, label)| {
                        let id = format!("m-{istat}");
                        let code = istat.clone();
                        let code2 = istat.clone();
                        let elsewhere = move || owner(&istat).filter(|(d, _)| Some(*d) != editing.get()).map(|(_, n)| n);
                        view! {
                            <div class="radio">
                                <input type="checkbox" id=id.clone()
                                    prop:checked=move || chosen.with(|c| c.contains(&code))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let code = code2.clone();
                                        chosen.update(|c| { c.retain(|m| *m != code); if on { c.push(code); } });
                                    }/>
                                <label for=id>{label}{move || elsewhere().map(|n| format!(" ({n})"))}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>{tr(t::SAVE)}</button>
            </form>
        </section>
    }
}

#[component]
fn Zones(ctx: MapContext) -> impl IntoView {
    let locale = use_locale();
    let changed = RwSignal::new(0u32);
    let zones = Resource::new(move || changed.get(), |_| list_zones());
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(None::<usize>);
    let names = StoredValue::new(ctx.municipalities.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let geojson = text.get_untracked();
        if let Err(e) = parse_zones(&geojson) {
            error.set(Some(AppError(e)));
            return;
        }
        error.set(None);
        leptos::task::spawn_local(async move {
            match import_zones(geojson).await {
                Ok(saved) => {
                    done.set(Some(saved.len()));
                    text.set(String::new());
                    changed.update(|c| *c += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let remove = move |id: i64| {
        leptos::task::spawn_local(async move {
            match delete_zone(id).await {
                Ok(()) => changed.update(|c| *c += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="zones-title">
            <h2 id="zones-title">{tr(t::MAP_ADMIN_ZONES)}</h2>
            <ErrorAlert error=Signal::derive(move || error.get())/>
            {move || done.get().map(|n| view! {
                <p class="alert alert-success" role="status">{tr(t::MAP_ADMIN_ZONES_DONE)} ": " {n}</p>
            })}
            <Transition fallback=crate::layout::Loading>
                {move || Suspend::new(async move {
                    let list = zones.await.unwrap_or_default();
                    if list.is_empty() {
                        return view! { <p>{tr(t::MAP_ADMIN_NO_ZONES)}</p> }.into_any();
                    }
                    view! {
                        <ul class="plain-list">
                            {list.into_iter().map(|z| {
                                let comune = names.with_value(|n| n.iter().find(|(c, _)| *c == z.istat_code).map(|(_, n)| n.clone()))
                                    .unwrap_or_else(|| z.istat_code.clone());
                                let (id, name) = (z.id, z.name.clone());
                                view! {
                                    <li>{z.name.clone()} " · " <span class="muted">{comune}</span> " "
                                        <button type="button" class="button link" on:click=move |_| remove(id)>
                                            {tr(t::MAP_ADMIN_DELETE)} <span class="sr-only">" " {name.clone()}</span>
                                        </button></li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Transition>
            <form on:submit=on_submit novalidate>
                <div class="field">
                    <label for="f-geojson">{tr(t::MAP_ADMIN_GEOJSON)}</label>
                    <p class="hint" id="f-geojson-hint">{tr(t::MAP_ADMIN_GEOJSON_HINT)}</p>
                    <textarea id="f-geojson" rows="6" aria-describedby="f-geojson-hint"
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    {move || error.get().and_then(|e| e.0.field_message("geojson", locale.get()))
                        .map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <button type="submit" class="button primary">{tr(t::MAP_ADMIN_IMPORT)}</button>
            </form>
        </section>
    }
}
