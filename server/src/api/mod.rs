//! The HTTP API under `/api/v1`, documented in `/api/v1/openapi.json`.
//! Each handler is a thin JSON adapter over the request context, which holds
//! the rules (the same ones the interface's server functions use).

mod admin;
mod auth;
mod calls;
mod campaigns;
mod json;
mod labs;
mod privacy;
mod public;

use crate::ctx;
use crate::state::AppState;
use axum::handler::Handler;
use axum::middleware::from_fn;
use axum::routing::{delete, get, post, put};
use axum::Router;
use utoipa::OpenApi;

pub use json::ApiJson;

#[derive(OpenApi)]
#[openapi(
    info(title = "Legami API", version = "1", description = "Community welfare in the Province of Cremona. Errors are JSON `{error, message, fields?}` with the message in the caller's language (session choice, else Accept-Language, else Italian)."),
    paths(
        auth::register, auth::confirm_register, auth::sign_in, auth::sign_out, auth::me,
        auth::request_reset, auth::confirm_reset,
        privacy::export, privacy::profile, privacy::password, privacy::request_erasure, privacy::erasures,
        privacy::carry_out, privacy::controller,
        admin::people, admin::grant_role, admin::revoke_role, admin::outbox, admin::settings, admin::save_settings,
        public::stats, public::municipalities, public::openapi,
        campaigns::list, campaigns::page, campaigns::give, campaigns::donations,
        campaigns::confirm, campaigns::refund, campaigns::export, campaigns::export_expenses, campaigns::webhook,
        campaigns::manage::funds, campaigns::manage::create, campaigns::manage::update,
        campaigns::manage::status, campaigns::manage::offline_gift,
        campaigns::expenses::list, campaigns::expenses::create, campaigns::expenses::attachment,
        campaigns::statements::preview, campaigns::statements::confirm, campaigns::report::funder,
        calls::list, calls::detail, calls::create, calls::update, calls::status, calls::evaluators, calls::evaluator_candidates, calls::assign,
        calls::unassign, calls::eligibility, calls::start, calls::assisted, calls::of_call, calls::ranking,
        calls::dashboard, calls::mine, calls::application, calls::save, calls::transition, calls::attachments,
        calls::upload, calls::download, calls::delete_attachment, calls::assign_to_application,
        calls::unassign_from_application, calls::review, calls::reviews, calls::decide, calls::notes,
        calls::add_note, calls::follow_up, calls::add_milestone, calls::update_milestone, calls::add_tranche,
        calls::add_mentoring, calls::status_check,
        labs::municipalities_geojson, labs::municipality_stats, labs::districts, labs::create_district,
        labs::update_district, labs::themes, labs::save_theme, labs::zones_geojson, labs::import_zones,
        labs::delete_zone, labs::labs_geojson, labs::lab, labs::lab_form, labs::create_lab, labs::update_lab,
        labs::move_lab, labs::meetings, labs::add_meeting,
    ),
    components(schemas(crate::errors::ErrorBody)),
    tags((name = "auth"), (name = "privacy", description = "Personal data under the person's control (GDPR art. 15-17, 20)"), (name = "admin"), (name = "public"), (name = "campaigns"), (name = "labs"),
         (name = "calls", description = "Calls for enterprise ideas: applications, review, decisions, follow-up"))
)]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(auth::register))
        .route("/auth/register/confirm", post(auth::confirm_register))
        .route("/auth/sign-in", post(auth::sign_in))
        .route("/auth/sign-out", post(auth::sign_out))
        .route("/auth/password-reset", post(auth::request_reset))
        .route("/auth/password-reset/confirm", post(auth::confirm_reset))
        .route("/me", get(auth::me))
        .route("/me/export", get(privacy::export))
        .route("/me/profile", put(privacy::profile))
        .route("/me/password", post(privacy::password))
        .route("/me/erasure", post(privacy::request_erasure))
        .route("/admin/erasures", get(privacy::erasures))
        .route("/admin/erasures/{id}/carry-out", post(privacy::carry_out))
        .route("/privacy/controller", get(privacy::controller))
        .route("/admin/people", get(admin::people))
        .route("/admin/people/{id}/roles/{role}", put(admin::grant_role).delete(admin::revoke_role))
        .route("/admin/outbox", get(admin::outbox))
        .route("/admin/settings", get(admin::settings).put(admin::save_settings))
        .route("/stats", get(public::stats))
        .route("/municipalities", get(public::municipalities))
        .route("/openapi.json", get(public::openapi))
        .route("/funds", get(campaigns::manage::funds))
        .route("/campaigns", get(campaigns::list).post(campaigns::manage::create))
        .route("/campaigns/{slug}", get(campaigns::page).put(campaigns::manage::update))
        .route("/campaigns/{slug}/status", post(campaigns::manage::status))
        .route("/campaigns/{slug}/offline-gifts", post(campaigns::manage::offline_gift))
        .route(
            "/campaigns/{slug}/expenses",
            get(campaigns::expenses::list).post(campaigns::expenses::create.layer(from_fn(ctx::staff_uploads))),
        )
        .route("/expenses/{id}/attachment", get(campaigns::expenses::attachment))
        .route("/bank-statements/preview", post(campaigns::statements::preview))
        .route("/bank-statements/confirm", post(campaigns::statements::confirm))
        .route("/reports/funder", get(campaigns::report::funder))
        .route("/campaigns/{slug}/donations", post(campaigns::give))
        .route("/campaigns/{slug}/donations.csv", get(campaigns::export))
        .route("/campaigns/{slug}/expenses.csv", get(campaigns::export_expenses))
        .route("/donations", get(campaigns::donations))
        .route("/donations/{id}/confirm", post(campaigns::confirm))
        .route("/donations/{id}/refund", post(campaigns::refund))
        .route("/payments/webhook/{provider}", post(campaigns::webhook))
        .route("/municipalities.geojson", get(labs::municipalities_geojson))
        .route("/municipalities/stats", get(labs::municipality_stats))
        .route("/districts", get(labs::districts).post(labs::create_district))
        .route("/districts/{id}", put(labs::update_district))
        .route("/themes", get(labs::themes))
        .route("/themes/{key}", put(labs::save_theme))
        .route("/zones.geojson", get(labs::zones_geojson))
        .route("/zones", post(labs::import_zones.layer(from_fn(ctx::admin_uploads))))
        .route("/zones/{id}", delete(labs::delete_zone))
        .route("/labs.geojson", get(labs::labs_geojson))
        .route("/labs", post(labs::create_lab))
        .route("/labs/{id}", get(labs::lab).put(labs::update_lab))
        .route("/labs/{id}/form", get(labs::lab_form))
        .route("/labs/{id}/point", put(labs::move_lab))
        .route("/labs/{id}/meetings", get(labs::meetings).post(labs::add_meeting))
        .merge(calls_routes())
        .fallback(public::not_found)
}

fn calls_routes() -> Router<AppState> {
    Router::new()
        .route("/calls", get(calls::list).post(calls::create))
        .route("/calls/{id}", get(calls::detail).put(calls::update))
        .route("/calls/{id}/status", post(calls::status))
        .route("/calls/{id}/evaluators", get(calls::evaluators))
        .route("/evaluators", get(calls::evaluator_candidates))
        .route("/calls/{id}/evaluators/{person}", put(calls::assign).delete(calls::unassign))
        .route("/calls/{id}/eligibility", post(calls::eligibility))
        .route("/calls/{id}/applications", get(calls::of_call).post(calls::start))
        .route("/calls/{id}/assisted-applications", post(calls::assisted))
        .route("/calls/{id}/ranking", get(calls::ranking))
        .route("/dashboard/calls", get(calls::dashboard))
        .route("/me/applications", get(calls::mine))
        .route("/applications/{id}", get(calls::application).put(calls::save))
        .route("/applications/{id}/transitions", post(calls::transition))
        .route(
            "/applications/{id}/attachments",
            get(calls::attachments).post(calls::upload.layer(from_fn(ctx::signed_in_uploads))),
        )
        .route("/applications/{id}/attachments/{file}", get(calls::download).delete(calls::delete_attachment))
        .route(
            "/applications/{id}/evaluators/{person}",
            put(calls::assign_to_application).delete(calls::unassign_from_application),
        )
        .route("/applications/{id}/review", post(calls::review))
        .route("/applications/{id}/reviews", get(calls::reviews))
        .route("/applications/{id}/decision", post(calls::decide))
        .route("/applications/{id}/notes", get(calls::notes).post(calls::add_note))
        .route("/applications/{id}/follow-up", get(calls::follow_up))
        .route("/applications/{id}/milestones", post(calls::add_milestone))
        .route("/applications/{id}/milestones/{milestone}", put(calls::update_milestone))
        .route("/applications/{id}/tranches", post(calls::add_tranche))
        .route("/applications/{id}/mentoring", post(calls::add_mentoring))
        .route("/applications/{id}/status-checks", put(calls::status_check))
}
