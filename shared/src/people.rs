//! People, their roles and the values that identify them.

use crate::error::{ApiError, FieldErrors, ValidationCode};
use crate::i18n::{t, Locale, Text};
use serde::{Deserialize, Serialize};

/// An email address, trimmed and lower-cased, with one `@`, a dotted domain
/// and no spaces. Deliberately not RFC 5322 in full: what people type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Email, ValidationCode> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(ValidationCode::Required);
        }
        if s.chars().count() > Self::MAX_LEN {
            return Err(ValidationCode::TooLong);
        }
        let (local, domain) = s.split_once('@').ok_or(ValidationCode::Email)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.chars().any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"@".contains(c));
        if domain_ok && local_ok {
            Ok(Email(s))
        } else {
            Err(ValidationCode::Email)
        }
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A password as typed: 10 to 128 characters. Length is what protects
/// people; composition rules only make them write passwords down.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str) -> Result<Password, ValidationCode> {
        let n = raw.chars().count();
        if n == 0 {
            Err(ValidationCode::Required)
        } else if n < Self::MIN_CHARS {
            Err(ValidationCode::PasswordTooShort)
        } else if n > Self::MAX_CHARS {
            Err(ValidationCode::PasswordTooLong)
        } else {
            Ok(Password(raw.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A short single-line text (names, titles): trimmed, not empty, no control
/// characters, at most `MAX` characters.
pub fn single_line(raw: &str, max: usize) -> Result<String, ValidationCode> {
    let s = raw.trim();
    if s.is_empty() {
        Err(ValidationCode::Required)
    } else if s.chars().count() > max {
        Err(ValidationCode::TooLong)
    } else if s.chars().any(char::is_control) {
        Err(ValidationCode::ControlChars)
    } else {
        Ok(s.to_owned())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 80;

    pub fn parse(raw: &str) -> Result<DisplayName, ValidationCode> {
        single_line(raw, Self::MAX_CHARS).map(DisplayName)
    }
}

impl AsRef<str> for DisplayName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    Resident,
    Staff,
    Evaluator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Resident, Role::Staff, Role::Evaluator, Role::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Staff => "staff",
            Role::Evaluator => "evaluator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn text(self) -> Text {
        match self {
            Role::Resident => t::ROLE_RESIDENT,
            Role::Staff => t::ROLE_STAFF,
            Role::Evaluator => t::ROLE_EVALUATOR,
            Role::Admin => t::ROLE_ADMIN,
        }
    }
}

/// Which roles may do something. Admins may do everything staff may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    SignedIn,
    AnyOf(&'static [Role]),
}

impl Access {
    pub const STAFF: Access = Access::AnyOf(&[Role::Staff, Role::Admin]);
    pub const ADMIN: Access = Access::AnyOf(&[Role::Admin]);

    /// `Ok` when a caller with `roles` (None: not signed in) may proceed.
    pub fn check(self, roles: Option<&[Role]>) -> Result<(), ApiError> {
        let roles = roles.ok_or(ApiError::Unauthenticated)?;
        match self {
            Access::SignedIn => Ok(()),
            Access::AnyOf(allowed) if roles.iter().any(|r| allowed.contains(r)) => Ok(()),
            Access::AnyOf(_) => Err(ApiError::Forbidden),
        }
    }
}

/// The signed-in person as the interface sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub language: Locale,
    pub roles: Vec<Role>,
}

impl Me {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
    pub fn is_staff(&self) -> bool {
        self.has(Role::Staff) || self.has(Role::Admin)
    }
}

/// What a sign-in form or request carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

pub struct SignIn {
    pub email: Email,
    pub password: Password,
}

impl SignInRequest {
    /// Sign-in only checks presence: telling someone their old password is
    /// now "too short" would leak policy changes and lock them out.
    pub fn parse(&self) -> Result<SignIn, ApiError> {
        let mut errs = FieldErrors::default();
        let email = errs.check("email", Email::parse(&self.email));
        let password = errs.check(
            "password",
            if self.password.is_empty() {
                Err(ValidationCode::Required)
            } else if self.password.chars().count() > Password::MAX_CHARS {
                Err(ValidationCode::PasswordTooLong)
            } else {
                Ok(Password(self.password.clone()))
            },
        );
        errs.finish(|| Some(SignIn { email: email?, password: password? }))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    pub display_name: String,
    /// `it` or `en`; Italian when absent.
    #[serde(default)]
    pub language: Option<String>,
}

pub struct Registration {
    pub email: Email,
    pub password: Password,
    pub display_name: DisplayName,
    pub language: Locale,
}

impl RegisterRequest {
    pub fn parse(&self) -> Result<Registration, ApiError> {
        let mut errs = FieldErrors::default();
        let email = errs.check("email", Email::parse(&self.email));
        let password = errs.check("password", Password::parse(&self.password));
        let display_name = errs.check("display_name", DisplayName::parse(&self.display_name));
        let language = errs.check(
            "language",
            match self.language.as_deref() {
                None | Some("") => Ok(Locale::It),
                Some(code) => Locale::parse(code).ok_or(ValidationCode::Language),
            },
        );
        errs.finish(|| {
            Some(Registration { email: email?, password: password?, display_name: display_name?, language: language? })
        })
    }
}

/// The token from the link that finishes a registration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterConfirm {
    pub token: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetRequest {
    pub email: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetConfirm {
    pub token: String,
    pub password: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails() {
        assert_eq!(Email::parse("  Anna.Rossi@Comune.Cremona.IT ").unwrap().as_ref(), "anna.rossi@comune.cremona.it");
        for bad in [
            "",
            "anna",
            "anna@",
            "@comune.it",
            "anna@comune",
            "an na@comune.it",
            "anna@comune..it",
            "a@b@c.it",
            "anna@.it",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(Email::parse(""), Err(ValidationCode::Required));
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(ValidationCode::TooLong));
    }

    #[test]
    fn passwords() {
        assert_eq!(Password::parse(""), Err(ValidationCode::Required));
        assert_eq!(Password::parse("corta"), Err(ValidationCode::PasswordTooShort));
        assert!(Password::parse("una frase lunga").is_ok());
        // Characters, not bytes: ten accented letters are ten characters.
        assert!(Password::parse("èèèèèèèèèè").is_ok());
        assert_eq!(Password::parse(&"x".repeat(129)), Err(ValidationCode::PasswordTooLong));
        assert_eq!(format!("{:?}", Password::parse("segretissimo").unwrap()), "Password(***)");
    }

    #[test]
    fn display_names() {
        assert_eq!(DisplayName::parse("  Maria Bianchi ").unwrap().as_ref(), "Maria Bianchi");
        assert_eq!(DisplayName::parse("   "), Err(ValidationCode::Required));
        assert_eq!(DisplayName::parse("a\u{7}b"), Err(ValidationCode::ControlChars));
        assert_eq!(DisplayName::parse(&"a".repeat(81)), Err(ValidationCode::TooLong));
    }

    #[test]
    fn register_reports_every_bad_field() {
        let req = RegisterRequest {
            email: "nope".into(),
            password: "short".into(),
            display_name: "".into(),
            language: Some("de".into()),
        };
        match req.parse() {
            Err(ApiError::Validation(fields)) => {
                let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
                assert_eq!(names, ["email", "password", "display_name", "language"]);
            }
            _ => panic!("expected validation errors"),
        }
    }

    #[test]
    fn access_rules() {
        assert_eq!(Access::ADMIN.check(None), Err(ApiError::Unauthenticated));
        assert_eq!(Access::ADMIN.check(Some(&[Role::Resident])), Err(ApiError::Forbidden));
        assert_eq!(Access::ADMIN.check(Some(&[Role::Resident, Role::Admin])), Ok(()));
        assert_eq!(Access::STAFF.check(Some(&[Role::Admin])), Ok(()));
        assert_eq!(Access::STAFF.check(Some(&[Role::Evaluator])), Err(ApiError::Forbidden));
        assert_eq!(Access::SignedIn.check(Some(&[])), Ok(()));
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    proptest! {
        #[test]
        fn parsed_emails_are_normalised(local in "[a-z0-9._%+-]{1,20}", domain in "[a-z0-9-]{1,20}\\.[a-z]{2,6}") {
            let e = Email::parse(&format!(" {}@{} ", local.to_uppercase(), domain)).unwrap();
            prop_assert_eq!(e.as_ref(), format!("{local}@{domain}"));
        }

        #[test]
        fn email_parse_never_panics(s in ".{0,300}") {
            let _ = Email::parse(&s);
        }

        #[test]
        fn password_length_rule(s in ".{0,140}") {
            let n = s.chars().count();
            prop_assert_eq!(Password::parse(&s).is_ok(), (10..=128).contains(&n));
        }
    }
}
