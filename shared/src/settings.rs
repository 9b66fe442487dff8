//! The organisation's own data, printed on receipts and shown on the giving
//! page (bank details), and the largest gift accepted online. Admins change
//! them in the interface, without a release.

use crate::campaigns::TaxCode;
use crate::error::{ApiError, FieldErrors, ValidationCode};
use crate::money::Cents;
use crate::people::single_line;
use serde::{Deserialize, Serialize};

/// The smallest and largest values an admin may set as the gift limit.
pub const MAX_GIFT_RANGE: (Cents, Cents) = (Cents(100), Cents(100_000_000));

/// The settings as stored and used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    pub name: String,
    pub address: String,
    /// Codice fiscale of the organisation (11 digits) or of a person (16 characters).
    pub tax_code: String,
    /// IBAN without spaces, upper case.
    pub iban: String,
    pub bank: String,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub max_gift: Cents,
}

/// What an admin submits (`PUT /api/v1/admin/settings`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettingsInput {
    pub name: String,
    pub address: String,
    pub tax_code: String,
    pub iban: String,
    #[serde(default)]
    pub bank: String,
    pub max_gift_cents: i64,
}

impl SettingsInput {
    /// Every field checked at once, in the browser and on the server.
    pub fn validate(&self) -> Result<Organisation, ApiError> {
        let mut errors = FieldErrors::default();
        let name = errors.check("name", single_line(&self.name, 160));
        let address = errors.check("address", single_line(&self.address, 300));
        let tax_code = errors.check("tax_code", TaxCode::parse(&self.tax_code));
        let iban = errors.check("iban", Iban::parse(&self.iban));
        let bank = errors.check("bank", optional_line(&self.bank, 120));
        let max_gift = errors.check("max_gift_cents", max_gift(self.max_gift_cents));
        errors.finish(|| {
            Some(Organisation {
                name: name?,
                address: address?,
                tax_code: tax_code?.as_ref().to_owned(),
                iban: iban?.0,
                bank: bank?,
                max_gift: max_gift?,
            })
        })
    }
}

impl From<&Organisation> for SettingsInput {
    fn from(o: &Organisation) -> SettingsInput {
        SettingsInput {
            name: o.name.clone(),
            address: o.address.clone(),
            tax_code: o.tax_code.clone(),
            iban: o.iban.clone(),
            bank: o.bank.clone(),
            max_gift_cents: o.max_gift.0,
        }
    }
}

fn optional_line(raw: &str, max: usize) -> Result<String, ValidationCode> {
    match single_line(raw, max) {
        Err(ValidationCode::Required) => Ok(String::new()),
        other => other,
    }
}

fn max_gift(cents: i64) -> Result<Cents, ValidationCode> {
    let (low, high) = MAX_GIFT_RANGE;
    match Cents(cents) {
        c if c < low => Err(ValidationCode::AmountTooSmall),
        c if c > high => Err(ValidationCode::AmountTooLarge),
        c => Ok(c),
    }
}

/// An IBAN whose check digits are right (ISO 13616, mod 97), so a mistyped
/// bank account never reaches a donor's transfer form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iban(String);

impl Iban {
    pub fn parse(raw: &str) -> Result<Iban, ValidationCode> {
        let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        if s.is_empty() {
            return Err(ValidationCode::Required);
        }
        let shape_ok = (15..=34).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_alphanumeric())
            && s.as_bytes()[..2].iter().all(u8::is_ascii_alphabetic)
            && s.as_bytes()[2..4].iter().all(u8::is_ascii_digit)
            // Italian IBANs have a fixed length of 27.
            && (!s.starts_with("IT") || s.len() == 27);
        if shape_ok && Self::mod97(&s) == 1 {
            Ok(Iban(s))
        } else {
            Err(ValidationCode::Iban)
        }
    }

    /// The country and check digits moved to the end, letters as 10..35,
    /// the number taken modulo 97 digit by digit (it is far too large for u64).
    fn mod97(s: &str) -> u32 {
        let rearranged = s[4..].bytes().chain(s[..4].bytes());
        rearranged.fold(0u32, |acc, b| {
            let value = if b.is_ascii_digit() { u32::from(b - b'0') } else { u32::from(b - b'A') + 10 };
            if value >= 10 {
                (acc * 100 + value) % 97
            } else {
                (acc * 10 + value) % 97
            }
        })
    }

    /// In groups of four, as printed on paper: `IT60 X054 2811 …`.
    pub fn grouped(raw: &str) -> String {
        let chars: Vec<char> = raw.chars().collect();
        chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
    }
}

impl AsRef<str> for Iban {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SettingsInput {
        SettingsInput {
            name: "Fondazione Comunitaria".into(),
            address: "Via Roma 1, Cremona".into(),
            tax_code: "00000000000".into(),
            iban: "it60 x054 2811 1010 0000 0123 456".into(),
            bank: String::new(),
            max_gift_cents: 500_000,
        }
    }

    #[test]
    fn ibans_are_checked_by_their_digits() {
        assert_eq!(Iban::parse("IT60X0542811101000000123456").unwrap().as_ref(), "IT60X0542811101000000123456");
        assert!(Iban::parse("GB82 WEST 1234 5698 7654 32").is_ok());
        assert_eq!(Iban::parse("IT61X0542811101000000123456"), Err(ValidationCode::Iban), "wrong check digits");
        assert_eq!(Iban::parse("IT60X054281110100000012345"), Err(ValidationCode::Iban), "Italian IBANs are 27 long");
        assert_eq!(Iban::parse("IT60X05428111010000001234!6"), Err(ValidationCode::Iban));
        assert_eq!(Iban::parse("  "), Err(ValidationCode::Required));
        assert_eq!(Iban::grouped("IT60X0542811101000000123456"), "IT60 X054 2811 1010 0000 0123 456");
    }

    #[test]
    fn settings_are_normalised() {
        let org = input().validate().unwrap();
        assert_eq!(org.iban, "IT60X0542811101000000123456");
        assert_eq!(org.max_gift, Cents(500_000));
        assert_eq!(SettingsInput::from(&org).validate().unwrap(), org, "a saved value validates again");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = SettingsInput {
            name: " ".into(),
            tax_code: "123".into(),
            iban: "IT00".into(),
            max_gift_cents: 50,
            ..input()
        };
        let Err(ApiError::Validation(fields)) = bad.validate() else { panic!("expected a validation error") };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["name", "tax_code", "iban", "max_gift_cents"]);
        let huge = SettingsInput { max_gift_cents: 100_000_001, ..input() };
        assert!(huge.validate().is_err());
    }
}
