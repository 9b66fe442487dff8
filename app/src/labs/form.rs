//! Staff create a lab at the point they clicked on the map
//! (`/staff/laboratori/nuovo?lon=…&lat=…`) and edit one, closing it included
//! (`/staff/laboratori/{id}/modifica`). The server assigns the municipality
//! and zone from the point and refuses one outside the province.

use crate::errors::{AppError, ErrorAlert};
use crate::forms::Field;
use crate::i18n::{tr, use_locale};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use shared::i18n::t;
use shared::labs::{LabInput, LabStatus, LocationPrecision};

#[component]
pub fn NewLabPage() -> impl IntoView {
    let query = use_query_map();
    let from_query = move |key: &str| query.with_untracked(|q| q.get(key)).unwrap_or_default();
    let number = move |key: &str| from_query(key).trim().replace(',', ".").parse::<f64>().ok();
    let initial = LabInput {
        status: LabStatus::Active.code().to_owned(),
        precision: LocationPrecision::Exact.code().to_owned(),
        lon: number("lon"),
        lat: number("lat"),
        ..LabInput::default()
    };
    view! {
        <Title text=tr(t::NEW_LAB)/>
        <h1>{tr(t::NEW_LAB)}</h1>
        <LabForm id=None initial/>
    }
}

#[component]
pub fn EditLabPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let form = Resource::new(id, super::load_lab_form);
    view! {
        <Title text=tr(t::EDIT_LAB)/>
        <h1>{tr(t::EDIT_LAB)}</h1>
        <Suspense fallback=crate::layout::Loading>
            {move || Suspend::new(async move {
                match form.await {
                    Err(e) => view! { <ErrorAlert error=Some(e)/> }.into_any(),
                    Ok(initial) => view! { <LabForm id=Some(id()) initial/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The lab's fields; `id` says whether it creates or updates.
#[component]
fn LabForm(id: Option<i64>, initial: LabInput) -> impl IntoView {
    let locale = use_locale();
    let facilitator = initial.facilitator_id;
    let coordinate = |v: Option<f64>| v.map(|v| format!("{v:.6}")).unwrap_or_default();

    let setup = Resource::new(|| (), |_| super::map_setup());
    let create = ServerAction::<super::CreateLab>::new();
    let update = ServerAction::<super::UpdateLab>::new();
    let name = RwSignal::new(initial.name);
    let description = RwSignal::new(initial.description);
    let theme = RwSignal::new(initial.theme);
    let status = RwSignal::new(initial.status);
    let lon = RwSignal::new(coordinate(initial.lon));
    let lat = RwSignal::new(coordinate(initial.lat));
    let address = RwSignal::new(initial.address);
    let precision = RwSignal::new(initial.precision);
    let contact = RwSignal::new(initial.contact);
    // A new lab starts today (Rome), filled in when the setup arrives.
    let starts = RwSignal::new(initial.starts_on);
    let ends = RwSignal::new(initial.ends_on.unwrap_or_default());
    let schedule = RwSignal::new(initial.schedule);
    let client_err = RwSignal::new(None::<AppError>);
    let done = move || create.value().get().or_else(|| update.value().get());
    let errors = Signal::derive(move || client_err.get().or_else(|| done().and_then(Result::err)));
    // Defaults from the server (today in Rome, the first theme), set
    // outside the render of the select that shows them.
    Effect::new(move |_| {
        if let Some(Ok(ctx)) = setup.get() {
            if starts.get_untracked().is_empty() {
                starts.set(ctx.today.clone());
            }
            if theme.get_untracked().is_empty() {
                if let Some(first) = ctx.themes.first() {
                    theme.set(first.key.as_ref().to_owned());
                }
            }
        }
    });
    // A full load of the lab's page (post, then get): a client-side
    // navigation from this form panicked inside Leptos' Suspend (tachys
    // 0.2.19, "RefCell already borrowed").
    Effect::new(move |_| {
        if let Some(Ok(detail)) = done() {
            let url = format!("/laboratori/{}", detail.lab.id);
            #[cfg(feature = "hydrate")]
            if let Some(w) = web_sys::window() {
                let _ = w.location().assign(&url);
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = url;
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = LabInput {
            name: name.get(),
            description: description.get(),
            theme: theme.get(),
            status: status.get(),
            lon: lon.get().trim().replace(',', ".").parse().ok(),
            lat: lat.get().trim().replace(',', ".").parse().ok(),
            address: address.get(),
            precision: precision.get(),
            facilitator_id: facilitator,
            contact: contact.get(),
            starts_on: starts.get(),
            ends_on: Some(ends.get()).filter(|e| !e.is_empty()),
            schedule: schedule.get(),
        };
        if let Err(e) = input.validate() {
            client_err.set(Some(AppError(e)));
            return;
        }
        client_err.set(None);
        match id {
            Some(id) => update.dispatch(super::UpdateLab { id, input }),
            None => create.dispatch(super::CreateLab { input }),
        };
    };
    view! {
        <form on:submit=on_submit novalidate class="narrow">
            <ErrorAlert error=errors/>
            <Field name="name" label=t::F_LAB_NAME value=name errors/>
            <div class="field">
                <label for="f-description">{tr(t::F_DESCRIPTION)}</label>
                <textarea id="f-description" rows="4" prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="f-theme">{tr(t::F_THEME)}</label>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let themes = setup.await.map(|s| s.themes).unwrap_or_default();
                        view! {
                            <select id="f-theme" prop:value=move || theme.get() on:change=move |ev| theme.set(event_target_value(&ev))>
                                {themes.into_iter().map(|th| {
                                    let key = th.key.as_ref().to_owned();
                                    view! { <option value=key>{move || th.label(locale.get()).to_owned()}</option> }
                                }).collect_view()}
                            </select>
                        }
                    })}
                </Suspense>
            </div>
            <div class="field">
                <label for="f-status">{tr(t::F_STATUS)}</label>
                <select id="f-status" prop:value=move || status.get() on:change=move |ev| status.set(event_target_value(&ev))>
                    {LabStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.code()>{move || s.text().get(locale.get())}</option>
                    }).collect_view()}
                </select>
            </div>
            // Errors about the point (outside the province…) are reported on `point`.
            <Field name="point" label=t::F_LON value=lon errors hint=t::F_POINT_HINT/>
            <Field name="lat" label=t::F_LAT value=lat errors/>
            <Field name="address" label=t::F_ADDRESS value=address errors required=false autocomplete="street-address"/>
            <fieldset class="field">
                <legend>{tr(t::F_PRECISION)}</legend>
                {LocationPrecision::ALL.into_iter().map(|p| {
                    let id = format!("f-precision-{}", p.code());
                    view! {
                        <div class="radio">
                            <input type="radio" id=id.clone() name="precision" value=p.code()
                                prop:checked=move || precision.get() == p.code()
                                on:change=move |_| precision.set(p.code().to_owned())/>
                            <label for=id>{move || p.text().get(locale.get())}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <Field name="contact" label=t::F_CONTACT value=contact errors required=false/>
            <Field name="starts_on" label=t::F_STARTS kind="date" value=starts errors/>
            <Field name="ends_on" label=t::F_ENDS kind="date" value=ends errors required=false/>
            <Field name="schedule" label=t::F_SCHEDULE value=schedule errors required=false/>
            <button type="submit" class="button primary">
                {if id.is_some() { tr(t::SAVE_LAB) } else { tr(t::CREATE_LAB) }}
            </button>
        </form>
    }
}
