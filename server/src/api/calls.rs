//! Calls for enterprise ideas over HTTP: calls, applications (autosave,
//! workflow, attachments), review, ranking, decisions, notes, follow-up.
//! Thin adapters over `CallsBackend`, where every rule lives.

use super::ApiJson;
use crate::ctx::Ctx;
use crate::errors::{ErrorBody, HttpError};
use app::calls::ssr::CallsBackend;
use axum::extract::{Multipart, Path};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::applications::{
    ApplicationRow, ApplicationView, AssistedStart, AttachmentRow, DashboardRow, DecisionInput, DraftSaved, FollowUp,
    MentoringInput, MentoringRow, MilestoneInput, MilestoneRow, NoteInput, NoteRow, RankingRow, ReviewInput, ReviewRow,
    SaveDraft, StartApplication, StatusCheckInput, TrancheRequest, TrancheRow, TransitionRequest,
};
use shared::calls::{
    CallDetail, CallForm, CallStatusRequest, CallSummary, EligibilityAnswers, EligibilityResult, EvaluatorRow,
};
use shared::ApiError;

type Res<T> = Result<T, HttpError>;

/// Runs a backend call and maps its error to the caller's language.
macro_rules! answer {
    ($c:expr, $call:expr) => {
        $call.await.map_err(|e| HttpError(e, $c.locale))
    };
}

// --- calls ------------------------------------------------------------------

/// Published calls (open, closed, decided), newest first; staff also see drafts.
#[utoipa::path(get, path = "/api/v1/calls", tag = "calls", responses((status = 200, body = Vec<CallSummary>)))]
pub async fn list(Ctx(c): Ctx) -> Res<Json<Vec<CallSummary>>> {
    answer!(c, c.calls()).map(Json)
}

/// One call with its eligibility questions and criteria (a draft: staff only, else 404).
#[utoipa::path(get, path = "/api/v1/calls/{id}", tag = "calls", params(("id" = i64, Path)),
    responses((status = 200, body = CallDetail), (status = 404, body = ErrorBody)))]
pub async fn detail(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<Json<CallDetail>> {
    answer!(c, c.call(id)).map(Json)
}

/// Create a call as a draft (staff). Criteria weights add up to 100; times are Europe/Rome.
#[utoipa::path(post, path = "/api/v1/calls", tag = "calls", request_body = CallForm,
    responses((status = 201, body = CallDetail), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(Ctx(c): Ctx, ApiJson(form): ApiJson<CallForm>) -> Res<(StatusCode, Json<CallDetail>)> {
    answer!(c, c.create_call(form)).map(|d| (StatusCode::CREATED, Json(d)))
}

/// Change a call (staff), only while it is a draft (409 afterwards).
#[utoipa::path(put, path = "/api/v1/calls/{id}", tag = "calls", params(("id" = i64, Path)), request_body = CallForm,
    responses((status = 200, body = CallDetail), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(Ctx(c): Ctx, Path(id): Path<i64>, ApiJson(form): ApiJson<CallForm>) -> Res<Json<CallDetail>> {
    answer!(c, c.update_call(id, form)).map(Json)
}

/// Publish (`open`), close (`closed`) or publish results (`decided`) (staff); forward only.
#[utoipa::path(post, path = "/api/v1/calls/{id}/status", tag = "calls", params(("id" = i64, Path)), request_body = CallStatusRequest,
    responses((status = 200, body = CallDetail), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn status(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<CallStatusRequest>,
) -> Res<Json<CallDetail>> {
    answer!(c, c.set_call_status(id, req.status)).map(Json)
}

/// Evaluators assigned to every application of a call (staff).
#[utoipa::path(get, path = "/api/v1/calls/{id}/evaluators", tag = "calls", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<EvaluatorRow>), (status = 403, body = ErrorBody)))]
pub async fn evaluators(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<Json<Vec<EvaluatorRow>>> {
    answer!(c, c.call_evaluators(id)).map(Json)
}

/// Everyone with the evaluator role, to choose a call's panel from (staff).
#[utoipa::path(get, path = "/api/v1/evaluators", tag = "calls",
    responses((status = 200, body = Vec<EvaluatorRow>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn evaluator_candidates(Ctx(c): Ctx) -> Res<Json<Vec<EvaluatorRow>>> {
    answer!(c, c.evaluator_candidates()).map(Json)
}

/// Assign a person with the evaluator role to a call (staff).
#[utoipa::path(put, path = "/api/v1/calls/{id}/evaluators/{person}", tag = "calls",
    params(("id" = i64, Path), ("person" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody, description = "Not an evaluator")))]
pub async fn assign(Ctx(c): Ctx, Path((id, person)): Path<(i64, i64)>) -> Res<StatusCode> {
    answer!(c, c.assign_call_evaluator(id, person, true)).map(|_| StatusCode::NO_CONTENT)
}

/// Remove an evaluator from a call (staff).
#[utoipa::path(delete, path = "/api/v1/calls/{id}/evaluators/{person}", tag = "calls",
    params(("id" = i64, Path), ("person" = i64, Path)), responses((status = 204), (status = 403, body = ErrorBody)))]
pub async fn unassign(Ctx(c): Ctx, Path((id, person)): Path<(i64, i64)>) -> Res<StatusCode> {
    answer!(c, c.assign_call_evaluator(id, person, false)).map(|_| StatusCode::NO_CONTENT)
}

/// Check eligibility answers before writing anything: every reason at once,
/// each pointing to the call's explanation for that question.
#[utoipa::path(post, path = "/api/v1/calls/{id}/eligibility", tag = "calls", params(("id" = i64, Path)),
    request_body = EligibilityAnswers, responses((status = 200, body = EligibilityResult), (status = 404, body = ErrorBody)))]
pub async fn eligibility(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    ApiJson(a): ApiJson<EligibilityAnswers>,
) -> Res<Json<EligibilityResult>> {
    answer!(c, c.check_eligibility(id, a)).map(Json)
}

fn started((view, created): (ApplicationView, bool)) -> (StatusCode, Json<ApplicationView>) {
    (if created { StatusCode::CREATED } else { StatusCode::OK }, Json(view))
}

/// Start an application (signed in): 201 with the new draft, or 200 with the
/// caller's existing one. 409 when the call is not accepting applications,
/// 422 with `eligibility[i]` when an answer rules the resident out.
#[utoipa::path(post, path = "/api/v1/calls/{id}/applications", tag = "calls", params(("id" = i64, Path)),
    request_body = StartApplication,
    responses((status = 201, body = ApplicationView), (status = 200, body = ApplicationView), (status = 401, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn start(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<StartApplication>,
) -> Res<(StatusCode, Json<ApplicationView>)> {
    answer!(c, c.start_application(id, req)).map(started)
}

/// Assisted application (staff): start one with a resident, existing (by
/// email) or new (created without a password: they set one with the
/// password reset). Consent and the assisting staff member are recorded;
/// that staff member acts as the applicant on it.
#[utoipa::path(post, path = "/api/v1/calls/{id}/assisted-applications", tag = "calls", params(("id" = i64, Path)),
    request_body = AssistedStart,
    responses((status = 201, body = ApplicationView), (status = 200, body = ApplicationView), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn assisted(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<AssistedStart>,
) -> Res<(StatusCode, Json<ApplicationView>)> {
    answer!(c, c.start_assisted_application(id, req)).map(started)
}

/// A call's applications: all for staff; for an evaluator those assigned to
/// them without a declared conflict (no names in a blind call).
#[utoipa::path(get, path = "/api/v1/calls/{id}/applications", tag = "calls", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ApplicationRow>), (status = 403, body = ErrorBody)))]
pub async fn of_call(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<Json<Vec<ApplicationRow>>> {
    answer!(c, c.call_applications(id)).map(Json)
}

/// The committee's ranking (staff): per application the weighted mean and
/// median of the evaluators' scores, their spread and the missing reviews.
#[utoipa::path(get, path = "/api/v1/calls/{id}/ranking", tag = "calls", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<RankingRow>), (status = 403, body = ErrorBody)))]
pub async fn ranking(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<Json<Vec<RankingRow>>> {
    answer!(c, c.ranking(id)).map(Json)
}

/// Applications per call, state and lab of origin (staff).
#[utoipa::path(get, path = "/api/v1/dashboard/calls", tag = "calls",
    responses((status = 200, body = Vec<DashboardRow>), (status = 403, body = ErrorBody)))]
pub async fn dashboard(Ctx(c): Ctx) -> Res<Json<Vec<DashboardRow>>> {
    answer!(c, c.calls_dashboard()).map(Json)
}

// --- applications ---------------------------------------------------------------

/// The caller's own applications, to resume a draft from any device.
#[utoipa::path(get, path = "/api/v1/me/applications", tag = "calls",
    responses((status = 200, body = Vec<ApplicationRow>), (status = 401, body = ErrorBody)))]
pub async fn mine(Ctx(c): Ctx) -> Res<Json<Vec<ApplicationRow>>> {
    answer!(c, c.my_applications()).map(Json)
}

/// An application: its applicant, staff and assigned evaluators who declared
/// no conflict may read it (403 for everyone else). The applicant's timeline
/// speaks plainly and leaves out internal notes.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "calls", params(("id" = i64, Path)),
    responses((status = 200, body = ApplicationView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn application(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<Json<ApplicationView>> {
    answer!(c, c.application(id)).map(Json)
}

/// Autosave the draft (applicant): send the `version` the form was loaded
/// with; 409 `stale_version` when another tab or device saved since, 409
/// `call_not_open` once the call has closed (drafts are then read-only).
#[utoipa::path(put, path = "/api/v1/applications/{id}", tag = "calls", params(("id" = i64, Path)), request_body = SaveDraft,
    responses((status = 200, body = DraftSaved), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save(Ctx(c): Ctx, Path(id): Path<i64>, ApiJson(req): ApiJson<SaveDraft>) -> Res<Json<DraftSaved>> {
    answer!(c, c.save_draft(id, req)).map(Json)
}

/// Take a workflow step (`submit`, `withdraw`, `mark_eligible`, `request_info`, …)
/// with an optional note. 403 when the caller may not take it, 409 when the
/// application is not (or no longer) in a state that allows it.
#[utoipa::path(post, path = "/api/v1/applications/{id}/transitions", tag = "calls", params(("id" = i64, Path)),
    request_body = TransitionRequest,
    responses((status = 200, body = ApplicationView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transition(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<TransitionRequest>,
) -> Res<Json<ApplicationView>> {
    answer!(c, c.take_action(id, req)).map(Json)
}

/// The attachments of an application (whoever may read it).
#[utoipa::path(get, path = "/api/v1/applications/{id}/attachments", tag = "calls", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<AttachmentRow>), (status = 403, body = ErrorBody)))]
pub async fn attachments(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<Json<Vec<AttachmentRow>>> {
    answer!(c, c.attachments(id)).map(Json)
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge
    } else {
        ApiError::BadRequest(e.body_text())
    }
}

/// Attach a file (applicant, while the application is editable): multipart
/// with a part `file`. PDF, ODT, DOCX, JPEG or PNG by content (the name does
/// not count), at most 10 MB and 5 files.
#[utoipa::path(post, path = "/api/v1/applications/{id}/attachments", tag = "calls", params(("id" = i64, Path)),
    request_body(content = String, content_type = "multipart/form-data"),
    responses((status = 201, body = AttachmentRow), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody, description = "Not an accepted type, or too many files")))]
pub async fn upload(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Res<(StatusCode, Json<AttachmentRow>)> {
    let fail = |e: ApiError| HttpError(e, c.locale);
    // Whose application it is, before the body (up to 11 MB) is read.
    c.open_application(id, shared::applications::ApplicationAction::ActAsApplicant).await.map_err(fail)?;
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|e| fail(multipart_error(e)))? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(|e| fail(multipart_error(e)))?;
            file = Some((name, bytes.to_vec()));
        }
    }
    let (name, bytes) =
        file.ok_or_else(|| fail(ApiError::validation("file", shared::error::ValidationCode::Required)))?;
    answer!(c, c.upload_attachment(id, name, bytes)).map(|row| (StatusCode::CREATED, Json(row)))
}

/// Download an attachment (applicant, staff, assigned evaluators without a conflict).
#[utoipa::path(get, path = "/api/v1/applications/{id}/attachments/{file}", tag = "calls",
    params(("id" = i64, Path), ("file" = i64, Path)),
    responses((status = 200, description = "The file"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn download(Ctx(c): Ctx, Path((id, file)): Path<(i64, i64)>) -> Res<Response> {
    let (kind, bytes) = answer!(c, c.attachment_file(id, file))?;
    Ok((
        [
            (header::CONTENT_TYPE, kind.mime().to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"allegato-{file}.{}\"", kind.extension())),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// Remove an attachment (applicant, while the application is editable).
#[utoipa::path(delete, path = "/api/v1/applications/{id}/attachments/{file}", tag = "calls",
    params(("id" = i64, Path), ("file" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_attachment(Ctx(c): Ctx, Path((id, file)): Path<(i64, i64)>) -> Res<StatusCode> {
    answer!(c, c.delete_attachment(id, file)).map(|_| StatusCode::NO_CONTENT)
}

/// Assign an evaluator to one application (staff).
#[utoipa::path(put, path = "/api/v1/applications/{id}/evaluators/{person}", tag = "calls",
    params(("id" = i64, Path), ("person" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn assign_to_application(Ctx(c): Ctx, Path((id, person)): Path<(i64, i64)>) -> Res<StatusCode> {
    answer!(c, c.assign_application_evaluator(id, person, true)).map(|_| StatusCode::NO_CONTENT)
}

/// Remove an evaluator from one application (staff).
#[utoipa::path(delete, path = "/api/v1/applications/{id}/evaluators/{person}", tag = "calls",
    params(("id" = i64, Path), ("person" = i64, Path)), responses((status = 204), (status = 403, body = ErrorBody)))]
pub async fn unassign_from_application(Ctx(c): Ctx, Path((id, person)): Path<(i64, i64)>) -> Res<StatusCode> {
    answer!(c, c.assign_application_evaluator(id, person, false)).map(|_| StatusCode::NO_CONTENT)
}

/// An assigned evaluator's review: `{"conflict": {"kind": "conflict", "reason": …}}`
/// recuses them (403 on the application from then on); `{"conflict": {"kind": "none"}}`
/// declares none; with `scores` (one per criterion, `score` 0–5 or `null` to
/// abstain) it submits, once, while the application is under review.
/// Answers the reviews the evaluator may now see.
#[utoipa::path(post, path = "/api/v1/applications/{id}/review", tag = "calls", params(("id" = i64, Path)),
    request_body = ReviewInput,
    responses((status = 200, body = Vec<ReviewRow>), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn review(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ReviewInput>,
) -> Res<Json<Vec<ReviewRow>>> {
    answer!(c, c.review(id, input)).map(Json)
}

/// The reviews of an application: staff see all; an evaluator sees their
/// own, and the others' only after submitting theirs.
#[utoipa::path(get, path = "/api/v1/applications/{id}/reviews", tag = "calls", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ReviewRow>), (status = 403, body = ErrorBody)))]
pub async fn reviews(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<Json<Vec<ReviewRow>>> {
    answer!(c, c.reviews(id)).map(Json)
}

/// Record the decision (staff): approve, approve with conditions (note =
/// the conditions) or reject (note, feedback and next step required), with
/// the letter rendered from `letter_template` and sent through the outbox.
#[utoipa::path(post, path = "/api/v1/applications/{id}/decision", tag = "calls", params(("id" = i64, Path)),
    request_body = DecisionInput,
    responses((status = 200, body = ApplicationView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Res<Json<ApplicationView>> {
    answer!(c, c.decide(id, input)).map(Json)
}

/// Notes: staff and evaluators read internal notes and messages; the
/// applicant reads only the messages addressed to them.
#[utoipa::path(get, path = "/api/v1/applications/{id}/notes", tag = "calls", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<NoteRow>), (status = 403, body = ErrorBody)))]
pub async fn notes(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<Json<Vec<NoteRow>>> {
    answer!(c, c.notes(id)).map(Json)
}

/// Add an internal note (staff, evaluators) or, with `to_applicant`, a
/// message to the applicant (staff; also sent by email).
#[utoipa::path(post, path = "/api/v1/applications/{id}/notes", tag = "calls", params(("id" = i64, Path)),
    request_body = NoteInput,
    responses((status = 201, body = NoteRow), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_note(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<NoteInput>,
) -> Res<(StatusCode, Json<NoteRow>)> {
    answer!(c, c.add_note(id, input)).map(|n| (StatusCode::CREATED, Json(n)))
}

/// The follow-up of an approved idea: milestones, tranches, mentoring and
/// the 6/12/24-month checks (applicant and staff).
#[utoipa::path(get, path = "/api/v1/applications/{id}/follow-up", tag = "calls", params(("id" = i64, Path)),
    responses((status = 200, body = FollowUp), (status = 403, body = ErrorBody)))]
pub async fn follow_up(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<Json<FollowUp>> {
    answer!(c, c.follow_up(id)).map(Json)
}

/// Add a milestone (staff; approved applications with a grant).
#[utoipa::path(post, path = "/api/v1/applications/{id}/milestones", tag = "calls", params(("id" = i64, Path)),
    request_body = MilestoneInput,
    responses((status = 201, body = MilestoneRow), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_milestone(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MilestoneInput>,
) -> Res<(StatusCode, Json<MilestoneRow>)> {
    answer!(c, c.add_milestone(id, input)).map(|m| (StatusCode::CREATED, Json(m)))
}

/// Change a milestone, e.g. mark it reached (staff).
#[utoipa::path(put, path = "/api/v1/applications/{id}/milestones/{milestone}", tag = "calls",
    params(("id" = i64, Path), ("milestone" = i64, Path)), request_body = MilestoneInput,
    responses((status = 200, body = MilestoneRow), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_milestone(
    Ctx(c): Ctx,
    Path((id, milestone)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<MilestoneInput>,
) -> Res<Json<MilestoneRow>> {
    answer!(c, c.update_milestone(id, milestone, input)).map(Json)
}

/// Plan a tranche of the grant, optionally tied to a milestone (staff); the
/// tranches never add up to more than the amount granted (422 `amount`).
#[utoipa::path(post, path = "/api/v1/applications/{id}/tranches", tag = "calls", params(("id" = i64, Path)),
    request_body = TrancheRequest,
    responses((status = 201, body = TrancheRow), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_tranche(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<TrancheRequest>,
) -> Res<(StatusCode, Json<TrancheRow>)> {
    answer!(c, c.add_tranche(id, req)).map(|t| (StatusCode::CREATED, Json(t)))
}

/// Log a mentoring meeting (staff).
#[utoipa::path(post, path = "/api/v1/applications/{id}/mentoring", tag = "calls", params(("id" = i64, Path)),
    request_body = MentoringInput,
    responses((status = 201, body = MentoringRow), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_mentoring(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MentoringInput>,
) -> Res<(StatusCode, Json<MentoringRow>)> {
    answer!(c, c.add_mentoring(id, input)).map(|m| (StatusCode::CREATED, Json(m)))
}

/// Record (or correct) the 6, 12 or 24-month check of a funded enterprise (staff).
#[utoipa::path(put, path = "/api/v1/applications/{id}/status-checks", tag = "calls", params(("id" = i64, Path)),
    request_body = StatusCheckInput,
    responses((status = 200, body = FollowUp), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn status_check(
    Ctx(c): Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<StatusCheckInput>,
) -> Res<Json<FollowUp>> {
    answer!(c, c.save_status_check(id, input)).map(Json)
}
