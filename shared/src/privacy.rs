//! Personal data under the person's control (GDPR art. 15 and 20): what an
//! export holds, and its readable summary in the person's language.

use crate::error::{ApiError, FieldErrors, ValidationCode};
use crate::i18n::{t, Locale};
use crate::money::Cents;
use crate::people::{DisplayName, Password, Role};
use serde::{Deserialize, Serialize};

/// Everything Legami holds about one person, as they download it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalExport {
    /// UTC seconds.
    pub generated_at: i64,
    /// The same content in sentences, in the person's language.
    pub summary: Vec<String>,
    pub account: ExportAccount,
    pub gifts: Vec<ExportGift>,
    pub applications: Vec<ExportApplication>,
    /// Failed sign-ins and reset requests recorded for the account's e-mail
    /// (kept a day, for rate limits).
    pub sign_in_attempts: Vec<ExportAttempt>,
    /// When the person asked for erasure, while an admin has not yet
    /// carried it out.
    #[serde(default)]
    pub erasure_requested_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportAccount {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub language: Locale,
    pub roles: Vec<Role>,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportGift {
    pub id: i64,
    pub campaign: String,
    pub amount_cents: i64,
    pub method: String,
    pub status: String,
    pub donor_name: String,
    pub email: String,
    pub tax_code: Option<String>,
    pub anonymous: bool,
    pub message: Option<String>,
    pub payment_reference: String,
    pub created_at: i64,
    pub received_at: Option<i64>,
    /// `YYYY/NNNNNN`, once received.
    pub receipt: Option<String>,
    /// The receipt's page (with its access token), once issued.
    #[serde(default)]
    pub receipt_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportApplication {
    pub id: i64,
    pub call: String,
    pub state: String,
    pub idea_title: String,
    pub summary: String,
    pub problem_and_customers: String,
    pub team: String,
    pub community_benefit: String,
    pub requested_cents: Option<i64>,
    pub granted_cents: Option<i64>,
    pub consent_at: Option<i64>,
    pub created_at: i64,
    pub submitted_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportAttempt {
    pub kind: String,
    pub ip: String,
    pub at: i64,
}

impl PersonalExport {
    /// Fills `summary` from the content, in `locale`.
    pub fn summarise(&mut self, locale: Locale) {
        let received: i64 = self.gifts.iter().filter(|g| g.status == "received").map(|g| g.amount_cents).sum();
        let roles: Vec<&str> = self.account.roles.iter().map(|r| r.text().get(locale)).collect();
        self.summary = vec![
            format!(
                "{} {} <{}> · {}: {}",
                t::EXPORT_ACCOUNT.get(locale),
                self.account.display_name,
                self.account.email,
                t::EXPORT_ROLES.get(locale),
                roles.join(", ")
            ),
            format!(
                "{}: {} ({} {})",
                t::EXPORT_GIFTS.get(locale),
                self.gifts.len(),
                Cents(received).format(locale),
                t::EXPORT_RECEIVED.get(locale)
            ),
            format!("{}: {}", t::EXPORT_APPLICATIONS.get(locale), self.applications.len()),
            format!("{}: {}", t::EXPORT_ATTEMPTS.get(locale), self.sign_in_attempts.len()),
        ];
    }
}

/// What the person changes on their profile (`PUT /api/v1/me/profile`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileInput {
    pub display_name: String,
    /// `it` or `en`.
    pub language: String,
}

/// A valid profile change.
pub struct Profile {
    pub display_name: DisplayName,
    pub language: Locale,
}

impl ProfileInput {
    pub fn parse(&self) -> Result<Profile, ApiError> {
        let mut errs = FieldErrors::default();
        let display_name = errs.check("display_name", DisplayName::parse(&self.display_name));
        let language = errs.check("language", Locale::parse(&self.language).ok_or(ValidationCode::Language));
        errs.finish(|| Some(Profile { display_name: display_name?, language: language? }))
    }
}

/// A password change (`POST /api/v1/me/password`): the current password
/// proves it is the person at the keyboard, not someone at an open session.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}

pub struct ValidPasswordChange {
    pub current: String,
    pub new: Password,
}

impl PasswordChange {
    pub fn parse(&self) -> Result<ValidPasswordChange, ApiError> {
        let mut errs = FieldErrors::default();
        let current = errs.check(
            "current",
            match self.current.chars().count() {
                0 => Err(ValidationCode::Required),
                n if n > Password::MAX_CHARS => Err(ValidationCode::PasswordTooLong),
                _ => Ok(self.current.clone()),
            },
        );
        let new = errs.check("new", Password::parse(&self.new));
        errs.finish(|| Some(ValidPasswordChange { current: current?, new: new? }))
    }
}

/// What Legami holds about a person that the law requires it to keep:
/// receipts issued (10 years, for the tax deduction they support) and
/// applications past their draft (the record of a public call).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Retained {
    pub receipts: i64,
    pub applications: i64,
}

/// How an erasure request goes: at once when nothing is under legal
/// retention, else through an admin who checks what must stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ErasureOutcome {
    /// Carried out: the account is gone and the person is signed out.
    Done,
    /// Waiting for an admin.
    Requested,
}

impl Retained {
    pub fn outcome(self) -> ErasureOutcome {
        if self.receipts > 0 || self.applications > 0 {
            ErasureOutcome::Requested
        } else {
            ErasureOutcome::Done
        }
    }
}

/// An erasure request as admins see it. Once carried out the account's
/// name and e-mail are gone, and so they are from this row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasureRow {
    pub id: i64,
    pub person_id: i64,
    /// Empty once carried out.
    pub display_name: String,
    /// Empty once carried out.
    pub email: String,
    pub requested_at: i64,
    pub carried_out_at: Option<i64>,
    /// While open: receipts that will stay (anonymised after the legal
    /// period). Once carried out the gifts no longer point at the person.
    pub receipts: i64,
    /// Applications past their draft that stay, without the person's name.
    pub applications: i64,
}

/// Who is responsible for the data (GDPR art. 13): the organisation, from
/// its settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Controller {
    pub name: String,
    pub address: String,
    pub tax_code: String,
}

/// Receipts are kept ten years (art. 2220 of the Civil Code; the donor's
/// deduction may be checked for as long), then their donor is anonymised.
pub const RECEIPTS_KEPT_SECS: i64 = 10 * 366 * 24 * 60 * 60;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_reads_in_the_persons_language() {
        let mut e = PersonalExport {
            generated_at: 0,
            summary: vec![],
            account: ExportAccount {
                id: 1,
                email: "anna@example.org".into(),
                display_name: "Anna Rossi".into(),
                language: Locale::It,
                roles: vec![Role::Resident],
                created_at: 0,
            },
            gifts: vec![],
            applications: vec![],
            sign_in_attempts: vec![],
            erasure_requested_at: None,
        };
        e.summarise(Locale::It);
        assert!(e.summary[0].contains("Anna Rossi") && e.summary[0].contains("Cittadino/a"), "{:?}", e.summary);
        assert!(e.summary[1].starts_with("Donazioni: 0"), "{:?}", e.summary);
        e.summarise(Locale::En);
        assert!(e.summary[1].starts_with("Gifts: 0"), "{:?}", e.summary);
    }

    #[test]
    fn erasure_is_at_once_only_when_nothing_is_retained() {
        assert_eq!(Retained::default().outcome(), ErasureOutcome::Done);
        assert_eq!(Retained { receipts: 1, applications: 0 }.outcome(), ErasureOutcome::Requested);
        assert_eq!(Retained { receipts: 0, applications: 2 }.outcome(), ErasureOutcome::Requested);
    }

    #[test]
    fn profile_and_password_changes_are_checked_field_by_field() {
        let ok = ProfileInput { display_name: " Anna ".into(), language: "en".into() }.parse().unwrap();
        assert_eq!((ok.display_name.as_ref(), ok.language), ("Anna", Locale::En));
        let Err(ApiError::Validation(errs)) = (ProfileInput { display_name: "".into(), language: "fr".into() }).parse()
        else {
            panic!("accepted")
        };
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["display_name", "language"]);
        let Err(ApiError::Validation(errs)) = (PasswordChange { current: "".into(), new: "short".into() }).parse()
        else {
            panic!("accepted")
        };
        assert_eq!(errs[0].code, ValidationCode::Required);
        assert_eq!(errs[1].code, ValidationCode::PasswordTooShort);
        assert!(PasswordChange { current: "old".into(), new: "a long new password".into() }.parse().is_ok());
    }
}
