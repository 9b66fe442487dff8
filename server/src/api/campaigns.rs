use super::ApiJson;
use crate::campaigns::payments;
use crate::ctx::Ctx;
use crate::errors::{ErrorBody, HttpError};
use crate::state::AppState;
use crate::text::{csv_line, euros};
use app::campaigns::ssr::CampaignsBackend;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use shared::campaigns::{CampaignPage, CampaignSummary, DonationRow, GiftCreated, GiftRequest};
use shared::{ApiError, Locale};

type Res<T> = Result<T, HttpError>;

/// Published and closed campaigns with their figures (drafts too for staff).
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns", responses((status = 200, body = Vec<CampaignSummary>)))]
pub async fn list(Ctx(c): Ctx) -> Res<Json<Vec<CampaignSummary>>> {
    c.campaigns().await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// One campaign: goal, raised, donors, dates, the donor wall (names only
/// where donors allowed it) and gifts per day.
#[utoipa::path(get, path = "/api/v1/campaigns/{slug}", tag = "campaigns", params(("slug" = String, Path)),
    responses((status = 200, body = CampaignPage), (status = 404, body = ErrorBody)))]
pub async fn page(Ctx(c): Ctx, Path(slug): Path<String>) -> Res<Json<CampaignPage>> {
    c.campaign_page(&slug).await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// Give to a campaign. `Idempotency-Key` is required: the same key returns
/// the gift it first created (201 again), however often it is sent.
#[utoipa::path(post, path = "/api/v1/campaigns/{slug}/donations", tag = "campaigns", request_body = GiftRequest,
    params(("slug" = String, Path), ("Idempotency-Key" = String, Header, description = "8-200 visible ASCII characters, unique per gift")),
    responses((status = 201, body = GiftCreated), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "Campaign not accepting gifts"), (status = 422, body = ErrorBody)))]
pub async fn give(
    Ctx(c): Ctx,
    Path(slug): Path<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<GiftRequest>,
) -> Res<(StatusCode, Json<GiftCreated>)> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("");
    let gift = c.give(&slug, body, key).await.map_err(|e| HttpError(e, c.locale))?;
    Ok((StatusCode::CREATED, Json(gift)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DonationFilter {
    /// Campaign slug.
    pub campaign: Option<String>,
    /// Payment reference (bank transfers), e.g. `LGM-ABCD2345`.
    pub reference: Option<String>,
}

/// Gifts, newest first (staff only).
#[utoipa::path(get, path = "/api/v1/donations", tag = "campaigns", params(DonationFilter),
    responses((status = 200, body = Vec<DonationRow>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn donations(Ctx(c): Ctx, Query(f): Query<DonationFilter>) -> Res<Json<Vec<DonationRow>>> {
    c.donations(f.campaign, f.reference).await.map(Json).map_err(|e| HttpError(e, c.locale))
}

/// Confirm that a pledged gift arrived (staff only): ledger entry and receipt.
#[utoipa::path(post, path = "/api/v1/donations/{id}/confirm", tag = "campaigns", params(("id" = i64, Path)),
    responses((status = 200, body = DonationRow), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn confirm(Ctx(c): Ctx, Path(id): Path<i64>) -> Res<Json<DonationRow>> {
    c.confirm_donation(id).await.map(Json).map_err(|e| HttpError(e, c.locale))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RefundRequest {
    pub reason: String,
}

/// Refund a received gift (staff only): a reversal in the ledger, the receipt cancelled.
#[utoipa::path(post, path = "/api/v1/donations/{id}/refund", tag = "campaigns", params(("id" = i64, Path)), request_body = RefundRequest,
    responses((status = 200, body = DonationRow), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn refund(Ctx(c): Ctx, Path(id): Path<i64>, ApiJson(body): ApiJson<RefundRequest>) -> Res<Json<DonationRow>> {
    c.refund_donation(id, body.reason).await.map(Json).map_err(|e| HttpError(e, c.locale))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ExportPeriod {
    /// `YYYY-MM-DD`, inclusive (Europe/Rome); both or neither.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The UTC range of a period, or everything.
fn period_range(p: &ExportPeriod) -> Result<(i64, i64), ApiError> {
    match (&p.from, &p.to) {
        (Some(f), Some(t)) => {
            let (f, t) = shared::campaigns::parse_period(f, t)?;
            Ok((shared::time::rome_midnight_utc(f), shared::time::rome_midnight_utc(t + chrono::Duration::days(1))))
        }
        _ => Ok((i64::MIN, i64::MAX)),
    }
}

fn csv_response(name: String, body: String) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response()
}

/// The gifts of a campaign as CSV, optionally for a period of receipt (staff only).
#[utoipa::path(get, path = "/api/v1/campaigns/{slug}/donations.csv", tag = "campaigns", params(("slug" = String, Path), ExportPeriod),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    Ctx(c): Ctx,
    Path(slug): Path<String>,
    Query(p): Query<ExportPeriod>,
) -> Res<Response> {
    let fail = |e: ApiError| HttpError(e, c.locale);
    c.require(shared::people::Access::STAFF).await.map_err(fail)?;
    let (start, end) = period_range(&p).map_err(fail)?;
    // Every gift: the staff list stops at 500, an export must not.
    let rows = crate::campaigns::ledger::donations(&state.db, Some(&slug), None, None).await.map_err(fail)?;
    let mut out = String::from(
        "id,received_at,amount_eur,method,tax_deductible,status,donor_name,email,anonymous,payment_reference,receipt,receipt_cancelled\n",
    );
    for r in rows.into_iter().filter(|r| r.received_at.is_some_and(|t| t >= start && t < end) || p.from.is_none()) {
        out.push_str(&csv_line(&[
            r.id.to_string(),
            r.received_at.map(|t| shared::time::format_datetime(t, Locale::It)).unwrap_or_default(),
            euros(r.amount_cents),
            r.method.code().to_owned(),
            r.method.tax_deductible().to_string(),
            r.status.code().to_owned(),
            r.donor_name,
            r.email,
            r.anonymous.to_string(),
            r.payment_reference,
            r.receipt.unwrap_or_default(),
            r.receipt_cancelled.to_string(),
        ]));
    }
    Ok(csv_response(format!("donazioni-{slug}.csv"), out))
}

/// The expenses of a campaign as CSV, optionally for a period (staff only).
#[utoipa::path(get, path = "/api/v1/campaigns/{slug}/expenses.csv", tag = "campaigns", params(("slug" = String, Path), ExportPeriod),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody)))]
pub async fn export_expenses(
    State(state): State<AppState>,
    Ctx(c): Ctx,
    Path(slug): Path<String>,
    Query(p): Query<ExportPeriod>,
) -> Res<Response> {
    let fail = |e: ApiError| HttpError(e, c.locale);
    c.require(shared::people::Access::STAFF).await.map_err(fail)?;
    let (f, t) = match (&p.from, &p.to) {
        (Some(f), Some(t)) => {
            let (f, t) = shared::campaigns::parse_period(f, t).map_err(fail)?;
            (Some(f.to_string()), Some(t.to_string()))
        }
        _ => (None, None),
    };
    let expenses = crate::campaigns::expenses::of_slug(&state.db, &slug, true).await.map_err(fail)?;
    let mut out = String::from("id,spent_on,amount_eur,category,supplier,description,has_document\n");
    for e in expenses.into_iter().filter(|e| {
        f.as_ref().is_none_or(|f| e.spent_on.as_str() >= f.as_str())
            && t.as_ref().is_none_or(|t| e.spent_on.as_str() <= t.as_str())
    }) {
        out.push_str(&csv_line(&[
            e.id.to_string(),
            e.spent_on,
            euros(e.amount_cents),
            e.category.code().to_owned(),
            e.supplier,
            e.description.unwrap_or_default(),
            e.has_attachment.to_string(),
        ]));
    }
    Ok(csv_response(format!("spese-{slug}.csv"), out))
}

/// A payment provider's webhook (signed; each event processed once).
#[utoipa::path(post, path = "/api/v1/payments/webhook/{provider}", tag = "campaigns", params(("provider" = String, Path)),
    request_body(content = String, content_type = "application/json", description = "The provider's event, signed in the Stripe-Signature header"),
    responses((status = 200), (status = 400, body = ErrorBody, description = "Bad signature: nothing written"), (status = 404, body = ErrorBody)))]
pub async fn webhook(
    State(state): State<AppState>,
    Ctx(c): Ctx,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Res<StatusCode> {
    let p = state.payment_provider(&provider).ok_or(HttpError(ApiError::NotFound, c.locale))?;
    let sig = headers.get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
    payments::handle_webhook(&state.db, p.as_ref(), sig, &body, &state.config.public_url())
        .await
        .map_err(|e| HttpError(e, c.locale))?;
    Ok(StatusCode::OK)
}

pub mod manage {
    use super::*;
    use shared::campaigns::{CampaignInput, CampaignStatus, Fund, OfflineGiftRequest};

    /// The funds campaigns raise money for.
    #[utoipa::path(get, path = "/api/v1/funds", tag = "campaigns", responses((status = 200, body = Vec<Fund>)))]
    pub async fn funds(Ctx(c): Ctx) -> Res<Json<Vec<Fund>>> {
        c.funds().await.map(Json).map_err(|e| HttpError(e, c.locale))
    }

    #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
    pub struct Created {
        pub slug: String,
    }

    /// Create a campaign, as a draft (staff only).
    #[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", request_body = CampaignInput,
        responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
    pub async fn create(Ctx(c): Ctx, ApiJson(body): ApiJson<CampaignInput>) -> Res<(StatusCode, Json<Created>)> {
        let slug = c.create_campaign(body).await.map_err(|e| HttpError(e, c.locale))?;
        Ok((StatusCode::CREATED, Json(Created { slug })))
    }

    /// Edit a campaign's title, story, fund, goal and dates (staff only).
    #[utoipa::path(put, path = "/api/v1/campaigns/{slug}", tag = "campaigns", params(("slug" = String, Path)), request_body = CampaignInput,
        responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
    pub async fn update(
        Ctx(c): Ctx,
        Path(slug): Path<String>,
        ApiJson(body): ApiJson<CampaignInput>,
    ) -> Res<StatusCode> {
        c.update_campaign(&slug, body).await.map_err(|e| HttpError(e, c.locale))?;
        Ok(StatusCode::NO_CONTENT)
    }

    #[derive(Debug, Deserialize, utoipa::ToSchema)]
    pub struct StatusChange {
        pub status: CampaignStatus,
    }

    /// Publish a draft, close a published campaign or reopen a closed one (staff only).
    #[utoipa::path(post, path = "/api/v1/campaigns/{slug}/status", tag = "campaigns", params(("slug" = String, Path)), request_body = StatusChange,
        responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
    pub async fn status(
        Ctx(c): Ctx,
        Path(slug): Path<String>,
        ApiJson(body): ApiJson<StatusChange>,
    ) -> Res<StatusCode> {
        c.set_campaign_status(&slug, body.status).await.map_err(|e| HttpError(e, c.locale))?;
        Ok(StatusCode::NO_CONTENT)
    }

    /// Record a gift received by hand: cash (not tax-deductible), cheque, or in kind at a
    /// stated value (staff only). `Idempotency-Key` required.
    #[utoipa::path(post, path = "/api/v1/campaigns/{slug}/offline-gifts", tag = "campaigns", params(("slug" = String, Path)),
        request_body = OfflineGiftRequest,
        responses((status = 201, body = DonationRow), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
    pub async fn offline_gift(
        Ctx(c): Ctx,
        Path(slug): Path<String>,
        headers: HeaderMap,
        ApiJson(body): ApiJson<OfflineGiftRequest>,
    ) -> Res<(StatusCode, Json<DonationRow>)> {
        let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("");
        let row = c.record_offline_gift(&slug, body, key).await.map_err(|e| HttpError(e, c.locale))?;
        Ok((StatusCode::CREATED, Json(row)))
    }
}

pub mod expenses {
    use super::*;
    use crate::campaigns::expenses::{self, Attachment};
    use app::ssr::Backend;
    use axum::extract::Multipart;
    use shared::campaigns::{ExpenseInput, ExpenseRow};
    use shared::people::Access;

    /// Expenses paid from the campaign (public: category, supplier, amount, date).
    #[utoipa::path(get, path = "/api/v1/campaigns/{slug}/expenses", tag = "campaigns", params(("slug" = String, Path)),
        responses((status = 200, body = Vec<ExpenseRow>), (status = 404, body = ErrorBody)))]
    pub async fn list(
        State(state): State<AppState>,
        Ctx(c): Ctx,
        Path(slug): Path<String>,
    ) -> Res<Json<Vec<ExpenseRow>>> {
        let fail = |e: ApiError| HttpError(e, c.locale);
        let staff = c.me().await.map_err(fail)?.is_some_and(|m| m.is_staff());
        expenses::of_slug(&state.db, &slug, staff).await.map(Json).map_err(fail)
    }

    /// Record an expense (staff only): multipart with a part `expense` (JSON: amount_cents,
    /// spent_on, category, supplier, description) and an optional part `attachment`
    /// (PDF, JPEG or PNG by content, at most 10 MB). `Idempotency-Key` required.
    #[utoipa::path(post, path = "/api/v1/campaigns/{slug}/expenses", tag = "campaigns", params(("slug" = String, Path)),
        request_body(content = String, content_type = "multipart/form-data"),
        responses((status = 201, body = ExpenseRow), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody),
                  (status = 422, body = ErrorBody, description = "Invalid field or a file that is not PDF/JPEG/PNG")))]
    pub async fn create(
        State(state): State<AppState>,
        Ctx(c): Ctx,
        Path(slug): Path<String>,
        headers: HeaderMap,
        mut multipart: Multipart,
    ) -> Res<(StatusCode, Json<ExpenseRow>)> {
        let fail = |e: ApiError| HttpError(e, c.locale);
        let staff = c.require(Access::STAFF).await.map_err(fail)?;
        let key = crate::campaigns::giving::parse_key(headers.get("idempotency-key").and_then(|v| v.to_str().ok()))
            .map_err(fail)?;
        let (mut input, mut attachment) = (None, None);
        while let Some(field) = multipart.next_field().await.map_err(|e| fail(multipart_error(e)))? {
            match field.name() {
                Some("expense") => {
                    let bytes = field.bytes().await.map_err(|e| fail(multipart_error(e)))?;
                    input = Some(
                        serde_json::from_slice::<ExpenseInput>(&bytes)
                            .map_err(|e| fail(ApiError::BadRequest(e.to_string())))?,
                    );
                }
                Some("attachment") => {
                    let bytes = field.bytes().await.map_err(|e| fail(multipart_error(e)))?;
                    if !bytes.is_empty() {
                        attachment = Some(Attachment { bytes: bytes.to_vec() });
                    }
                }
                _ => {}
            }
        }
        let input = input.ok_or_else(|| fail(ApiError::BadRequest("missing part `expense`".into())))?;
        let row = expenses::record(&state.db, &state.storage, &slug, &input, attachment, &key, staff.id)
            .await
            .map_err(fail)?;
        Ok((StatusCode::CREATED, Json(row)))
    }

    fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::BadRequest(e.body_text())
        }
    }

    /// The document of an expense (staff only: bills may name the families helped).
    #[utoipa::path(get, path = "/api/v1/expenses/{id}/attachment", tag = "campaigns", params(("id" = i64, Path)),
        responses((status = 200, description = "The document"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
    pub async fn attachment(State(state): State<AppState>, Ctx(c): Ctx, Path(id): Path<i64>) -> Res<Response> {
        let fail = |e: ApiError| HttpError(e, c.locale);
        c.require(Access::STAFF).await.map_err(fail)?;
        let (bytes, mime) = expenses::attachment(&state.db, &state.storage, id).await.map_err(fail)?;
        Ok((
            [
                (header::CONTENT_TYPE, mime),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"spesa-{id}\"")),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            bytes,
        )
            .into_response())
    }
}

pub mod statements {
    use super::*;
    use shared::campaigns::StatementPreview;

    /// Match a bank statement (CSV: date, amount, description; `;` or `,`) to pledged gifts.
    /// Writes nothing (staff only).
    #[utoipa::path(post, path = "/api/v1/bank-statements/preview", tag = "campaigns",
        request_body(content = String, content_type = "text/csv"),
        responses((status = 200, body = StatementPreview), (status = 403, body = ErrorBody)))]
    pub async fn preview(Ctx(c): Ctx, body: String) -> Res<Json<StatementPreview>> {
        c.statement_preview(body).await.map(Json).map_err(|e| HttpError(e, c.locale))
    }

    #[derive(Debug, Deserialize, utoipa::ToSchema)]
    pub struct ConfirmRequest {
        pub donation_ids: Vec<i64>,
    }

    /// Confirm the gifts accepted from a preview (staff only; confirming twice is harmless).
    #[utoipa::path(post, path = "/api/v1/bank-statements/confirm", tag = "campaigns", request_body = ConfirmRequest,
        responses((status = 200, body = Vec<DonationRow>), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
    pub async fn confirm(Ctx(c): Ctx, ApiJson(body): ApiJson<ConfirmRequest>) -> Res<Json<Vec<DonationRow>>> {
        c.confirm_donations(body.donation_ids).await.map(Json).map_err(|e| HttpError(e, c.locale))
    }
}

pub mod report {
    use super::*;
    use shared::campaigns::FunderReport;

    #[derive(Debug, Deserialize, utoipa::IntoParams)]
    pub struct Period {
        /// `YYYY-MM-DD`, inclusive (Europe/Rome).
        pub from: String,
        pub to: String,
        /// `csv` for a CSV file; JSON otherwise.
        pub format: Option<String>,
    }

    /// The report to the funding foundation: income by source, spending by category, per
    /// campaign and fund (staff only).
    #[utoipa::path(get, path = "/api/v1/reports/funder", tag = "campaigns", params(Period),
        responses((status = 200, body = FunderReport), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
    pub async fn funder(Ctx(c): Ctx, Query(p): Query<Period>) -> Res<Response> {
        let r = c.funder_report(p.from, p.to).await.map_err(|e| HttpError(e, c.locale))?;
        if p.format.as_deref() == Some("csv") {
            let name = format!("attachment; filename=\"rendiconto-{}-{}.csv\"", r.from, r.to);
            let csv = crate::campaigns::report::to_csv(&r);
            return Ok((
                [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name)],
                csv,
            )
                .into_response());
        }
        Ok(Json(r).into_response())
    }
}
