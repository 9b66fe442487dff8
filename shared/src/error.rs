//! The one error type every layer speaks. The server maps it to an HTTP
//! status once ([`ApiError::status`]); the user sees [`ApiError::message`]
//! in their language; the details stay in the server log.

use crate::i18n::{t, Locale, Text};
use serde::{Deserialize, Serialize};

/// A problem with one field of a form or JSON body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: ValidationCode,
}

impl FieldError {
    pub fn new(field: &str, code: ValidationCode) -> FieldError {
        FieldError { field: field.to_owned(), code }
    }
}

/// Why a field is not valid. Each code has one translated message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ValidationCode {
    Required,
    Email,
    TooLong,
    PasswordTooShort,
    PasswordTooLong,
    ControlChars,
    Language,
    Amount,
    AmountTooSmall,
    AmountTooLarge,
    TaxCode,
    Slug,
    Method,
    Date,
    EndBeforeStart,
    SlugTaken,
    FileType,
    Iban,
    // labs and geo
    Coordinates,
    Bbox,
    OutsideProvince,
    Geometry,
    Choice,
    DateTime,
    NotNegative,
    Attendance,
    NameTaken,
    // calls and applications
    ClosesBeforeOpens,
    AmountNotPositive,
    MaxOverBudget,
    WeightsSum,
    WeightZero,
    NoCriteria,
    TooManyItems,
    RequestedOverMax,
    RequestedOverTotal,
    ConsentRequired,
    TooManyFiles,
    FileTooLarge,
    AttachmentType,
    ScoreRange,
    TrancheOverGrant,
    NotEligible,
    GrantOverRequested,
    LetterPlaceholder,
    NotEvaluator,
    /// Card giving asked for where no payment provider takes cards.
    CardUnavailable,
    /// The person applied (or helped to apply): they cannot assess it.
    OwnApplication,
    /// The current password given to change it is not the account's.
    WrongPassword,
}

impl ValidationCode {
    pub fn text(self) -> Text {
        match self {
            ValidationCode::Required => t::V_REQUIRED,
            ValidationCode::Email => t::V_EMAIL,
            ValidationCode::TooLong => t::V_TOO_LONG,
            ValidationCode::PasswordTooShort => t::V_PASSWORD_SHORT,
            ValidationCode::PasswordTooLong => t::V_PASSWORD_LONG,
            ValidationCode::ControlChars => t::V_CONTROL_CHARS,
            ValidationCode::Language => t::V_LANGUAGE,
            ValidationCode::Amount => t::V_AMOUNT,
            ValidationCode::AmountTooSmall => t::V_AMOUNT_SMALL,
            ValidationCode::AmountTooLarge => t::V_AMOUNT_LARGE,
            ValidationCode::TaxCode => t::V_TAX_CODE,
            ValidationCode::Slug => t::V_SLUG,
            ValidationCode::Method => t::V_METHOD,
            ValidationCode::Date => t::V_DATE,
            ValidationCode::EndBeforeStart => t::V_END_BEFORE_START,
            ValidationCode::SlugTaken => t::V_SLUG_TAKEN,
            ValidationCode::FileType => t::V_FILE_TYPE,
            ValidationCode::Iban => t::V_IBAN,
            // labs and geo
            ValidationCode::Coordinates => t::V_COORDINATES,
            ValidationCode::Bbox => t::V_BBOX,
            ValidationCode::OutsideProvince => t::V_OUTSIDE_PROVINCE,
            ValidationCode::Geometry => t::V_GEOMETRY,
            ValidationCode::Choice => t::V_CHOICE,
            ValidationCode::DateTime => t::V_DATETIME,
            ValidationCode::NotNegative => t::V_NOT_NEGATIVE,
            ValidationCode::Attendance => t::V_ATTENDANCE,
            ValidationCode::NameTaken => t::V_NAME_TAKEN,
            // calls and applications
            ValidationCode::ClosesBeforeOpens => t::V_CLOSES_BEFORE_OPENS,
            ValidationCode::AmountNotPositive => t::V_AMOUNT_NOT_POSITIVE,
            ValidationCode::MaxOverBudget => t::V_MAX_OVER_BUDGET,
            ValidationCode::WeightsSum => t::V_WEIGHTS_SUM,
            ValidationCode::WeightZero => t::V_WEIGHT_ZERO,
            ValidationCode::NoCriteria => t::V_NO_CRITERIA,
            ValidationCode::TooManyItems => t::V_TOO_MANY_ITEMS,
            ValidationCode::RequestedOverMax => t::V_REQUESTED_OVER_MAX,
            ValidationCode::RequestedOverTotal => t::V_REQUESTED_OVER_TOTAL,
            ValidationCode::ConsentRequired => t::V_CONSENT_REQUIRED,
            ValidationCode::TooManyFiles => t::V_TOO_MANY_FILES,
            ValidationCode::FileTooLarge => t::V_FILE_TOO_LARGE,
            ValidationCode::AttachmentType => t::V_ATTACHMENT_TYPE,
            ValidationCode::ScoreRange => t::V_SCORE_RANGE,
            ValidationCode::TrancheOverGrant => t::V_TRANCHE_OVER_GRANT,
            ValidationCode::NotEligible => t::V_NOT_ELIGIBLE,
            ValidationCode::GrantOverRequested => t::V_GRANT_OVER_REQUESTED,
            ValidationCode::LetterPlaceholder => t::V_LETTER_PLACEHOLDER,
            ValidationCode::NotEvaluator => t::V_NOT_EVALUATOR,
            ValidationCode::CardUnavailable => t::V_CARD_UNAVAILABLE,
            ValidationCode::OwnApplication => t::V_OWN_APPLICATION,
            ValidationCode::WrongPassword => t::V_WRONG_PASSWORD,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum ApiError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>),
    #[error("wrong email or password")]
    BadCredentials,
    #[error("email already registered")]
    EmailTaken,
    #[error("rate limited, retry after {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("invalid or expired token")]
    TokenInvalid,
    #[error("the last administrator cannot lose the role")]
    LastAdmin,
    #[error("the campaign does not accept gifts")]
    CampaignClosed,
    /// Past the campaign's end date: no new gifts.
    #[error("the campaign has ended")]
    CampaignEnded,
    /// An idempotency key sent again with a different request (Stripe's rule:
    /// a key belongs to one request, never to "whatever was sent first").
    #[error("idempotency key reused with a different request")]
    KeyReused,
    /// A state-changing request from another site (CSRF).
    #[error("cross-site request refused")]
    CrossSite,
    #[error("not allowed in the current state")]
    InvalidTransition,
    /// Saved from another tab or device since the caller loaded it.
    #[error("changed since it was loaded")]
    StaleVersion,
    /// The call does not accept applications (not open, or past its closing time).
    #[error("the call is not open")]
    CallNotOpen,
    #[error("service unavailable")]
    Unavailable,
    /// The cause is logged on the server; clients only learn that it happened.
    #[error("internal error")]
    Internal,
}

impl ApiError {
    /// The HTTP status, decided here and nowhere else.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::Unauthenticated => 401,
            ApiError::BadCredentials => 401,
            ApiError::Forbidden | ApiError::CrossSite => 403,
            ApiError::NotFound => 404,
            ApiError::EmailTaken
            | ApiError::LastAdmin
            | ApiError::CampaignClosed
            | ApiError::CampaignEnded
            | ApiError::InvalidTransition
            | ApiError::StaleVersion
            | ApiError::CallNotOpen => 409,
            ApiError::PayloadTooLarge => 413,
            ApiError::UnsupportedMediaType => 415,
            ApiError::Validation(_) | ApiError::KeyReused => 422,
            ApiError::RateLimited { .. } => 429,
            ApiError::BadRequest(_) | ApiError::TokenInvalid => 400,
            ApiError::Unavailable => 503,
            ApiError::Internal => 500,
        }
    }

    /// A stable machine-readable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthenticated => "unauthenticated",
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::Validation(_) => "validation",
            ApiError::BadCredentials => "bad_credentials",
            ApiError::EmailTaken => "email_taken",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::TokenInvalid => "token_invalid",
            ApiError::LastAdmin => "last_admin",
            ApiError::CampaignClosed => "campaign_closed",
            ApiError::CampaignEnded => "campaign_ended",
            ApiError::KeyReused => "idempotency_key_reused",
            ApiError::CrossSite => "cross_site",
            ApiError::InvalidTransition => "invalid_transition",
            ApiError::StaleVersion => "stale_version",
            ApiError::CallNotOpen => "call_not_open",
            ApiError::Unavailable => "unavailable",
            ApiError::Internal => "internal",
        }
    }

    pub fn text(&self) -> Text {
        match self {
            ApiError::Unauthenticated => t::ERR_UNAUTHENTICATED,
            ApiError::Forbidden => t::ERR_FORBIDDEN,
            ApiError::NotFound => t::ERR_NOT_FOUND,
            ApiError::Validation(_) => t::ERR_VALIDATION,
            ApiError::BadCredentials => t::ERR_BAD_CREDENTIALS,
            ApiError::EmailTaken => t::ERR_EMAIL_TAKEN,
            ApiError::RateLimited { .. } => t::ERR_RATE_LIMITED,
            ApiError::PayloadTooLarge => t::ERR_PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => t::ERR_UNSUPPORTED_MEDIA,
            ApiError::BadRequest(_) => t::ERR_BAD_REQUEST,
            ApiError::TokenInvalid => t::ERR_TOKEN_INVALID,
            ApiError::LastAdmin => t::ERR_LAST_ADMIN,
            ApiError::CampaignClosed => t::ERR_CAMPAIGN_CLOSED,
            ApiError::CampaignEnded => t::ERR_CAMPAIGN_ENDED,
            ApiError::KeyReused => t::ERR_KEY_REUSED,
            ApiError::CrossSite => t::ERR_CROSS_SITE,
            ApiError::InvalidTransition => t::ERR_INVALID_TRANSITION,
            ApiError::StaleVersion => t::ERR_STALE_VERSION,
            ApiError::CallNotOpen => t::ERR_CALL_NOT_OPEN,
            ApiError::Unavailable => t::ERR_UNAVAILABLE,
            ApiError::Internal => t::ERR_INTERNAL,
        }
    }

    pub fn message(&self, locale: Locale) -> &'static str {
        self.text().get(locale)
    }

    /// The translated message for one field, if this error names it.
    pub fn field_message(&self, field: &str, locale: Locale) -> Option<&'static str> {
        match self {
            ApiError::Validation(fields) => fields.iter().find(|f| f.field == field).map(|f| f.code.text().get(locale)),
            _ => None,
        }
    }

    pub fn validation(field: &str, code: ValidationCode) -> ApiError {
        ApiError::Validation(vec![FieldError::new(field, code)])
    }
}

/// Collects field errors while a form is parsed, so the user sees every
/// problem at once rather than one per submit.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn check<T>(&mut self, field: &str, result: Result<T, ValidationCode>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(code) => {
                self.0.push(FieldError::new(field, code));
                None
            }
        }
    }

    /// `Ok(value)` when no field failed; the caller builds `value` from the
    /// checked parts, which are all `Some` in that case.
    pub fn finish<T>(self, build: impl FnOnce() -> Option<T>) -> Result<T, ApiError> {
        if self.0.is_empty() {
            build().ok_or(ApiError::Internal)
        } else {
            Err(ApiError::Validation(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_client_errors_except_internal_and_unavailable() {
        let all = [
            ApiError::Unauthenticated,
            ApiError::Forbidden,
            ApiError::NotFound,
            ApiError::Validation(vec![]),
            ApiError::BadCredentials,
            ApiError::EmailTaken,
            ApiError::RateLimited { retry_after_secs: 1 },
            ApiError::PayloadTooLarge,
            ApiError::UnsupportedMediaType,
            ApiError::BadRequest(String::new()),
            ApiError::TokenInvalid,
            ApiError::LastAdmin,
            ApiError::CampaignClosed,
            ApiError::CampaignEnded,
            ApiError::KeyReused,
            ApiError::CrossSite,
            ApiError::InvalidTransition,
            ApiError::StaleVersion,
            ApiError::CallNotOpen,
        ];
        for e in all {
            assert!((400..500).contains(&e.status()), "{e:?}");
            assert_ne!(e.message(Locale::It), e.message(Locale::En), "{e:?} untranslated");
        }
        assert_eq!(ApiError::Internal.status(), 500);
    }

    #[test]
    fn field_message_is_translated() {
        let e = ApiError::validation("email", ValidationCode::Email);
        assert!(e.field_message("email", Locale::It).unwrap().contains("email valido"));
        assert!(e.field_message("email", Locale::En).unwrap().contains("valid email"));
        assert_eq!(e.field_message("password", Locale::It), None);
    }
}

#[cfg(test)]
mod serde_tests {
    use super::*;

    /// Errors cross the wire to the browser: every variant must round-trip.
    #[test]
    fn every_variant_round_trips_through_json() {
        let all = [
            ApiError::Validation(vec![FieldError::new("email", ValidationCode::Email)]),
            ApiError::BadRequest("x".into()),
            ApiError::RateLimited { retry_after_secs: 3 },
            ApiError::Forbidden,
        ];
        for e in all {
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(serde_json::from_str::<ApiError>(&json).unwrap(), e, "{json}");
        }
    }
}
