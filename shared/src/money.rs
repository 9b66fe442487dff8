//! Money is integer euro cents, never a float.

use crate::error::ValidationCode;
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub fn checked_add(self, other: Cents) -> Option<Cents> {
        self.0.checked_add(other.0).map(Cents)
    }

    /// Parses what a person types: `12`, `12,5`, `12,50`, `1.234,56` in
    /// Italian; `12.50`, `1,234.56` in English. At most two decimals.
    pub fn parse(raw: &str, locale: Locale) -> Result<Cents, ValidationCode> {
        let s: String = raw.trim().trim_start_matches('€').trim_end_matches('€').trim().to_owned();
        if s.is_empty() {
            return Err(ValidationCode::Required);
        }
        let (group, decimal) = match locale {
            Locale::It => ('.', ','),
            Locale::En => (',', '.'),
        };
        let (int_part, frac_part) = match s.split_once(decimal) {
            Some((i, f)) => (i, Some(f)),
            None => (s.as_str(), None),
        };
        let digits = strip_grouping(int_part, group).ok_or(ValidationCode::Amount)?;
        let euros: i64 = digits.parse().map_err(|_| ValidationCode::Amount)?;
        let cents = match frac_part {
            None => 0,
            Some(f) if (1..=2).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
                let v: i64 = f.parse().map_err(|_| ValidationCode::Amount)?;
                if f.len() == 1 {
                    v * 10
                } else {
                    v
                }
            }
            Some(_) => return Err(ValidationCode::Amount),
        };
        euros.checked_mul(100).and_then(|e| e.checked_add(cents)).map(Cents).ok_or(ValidationCode::Amount)
    }

    /// `1.234,56 €` in Italian, `€1,234.56` in English.
    pub fn format(self, locale: Locale) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (euros, cents) = (abs / 100, abs % 100);
        let (group, decimal) = match locale {
            Locale::It => ('.', ','),
            Locale::En => (',', '.'),
        };
        let grouped = group_thousands(euros, group);
        match locale {
            Locale::It => format!("{sign}{grouped}{decimal}{cents:02} €"),
            Locale::En => format!("{sign}€{grouped}{decimal}{cents:02}"),
        }
    }
}

impl Cents {
    /// The amount as a person types it in a form field (`1.234,56` in
    /// Italian, `1,234.56` in English): what [`Cents::parse`] reads back.
    pub fn format_input(self, locale: Locale) -> String {
        self.format(locale).replace('€', "").trim().to_owned()
    }
}

/// Removes thousands separators, accepting them only in the right places.
fn strip_grouping(int_part: &str, group: char) -> Option<String> {
    if int_part.is_empty() || !int_part.chars().all(|c| c.is_ascii_digit() || c == group) {
        return None;
    }
    if !int_part.contains(group) {
        return Some(int_part.to_owned());
    }
    let groups: Vec<&str> = int_part.split(group).collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (first_ok && rest_ok).then(|| groups.concat())
}

/// Formats a whole number with a thousands separator (used for counts too).
pub fn group_thousands(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A count formatted per locale: `1.234` in Italian, `1,234` in English.
pub fn format_count(n: i64, locale: Locale) -> String {
    let sep = match locale {
        Locale::It => '.',
        Locale::En => ',',
    };
    let s = group_thousands(n.unsigned_abs(), sep);
    if n < 0 {
        format!("-{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_per_locale() {
        assert_eq!(Cents(123456).format(Locale::It), "1.234,56 €");
        assert_eq!(Cents(123456).format(Locale::En), "€1,234.56");
        assert_eq!(Cents(5).format(Locale::It), "0,05 €");
        assert_eq!(Cents(-1250).format(Locale::It), "-12,50 €");
        assert_eq!(Cents(100_000_000).format(Locale::It), "1.000.000,00 €");
    }

    #[test]
    fn form_values_read_back() {
        for locale in Locale::ALL {
            for c in [Cents(1), Cents(1250), Cents(1_000_000), Cents(123_456_789)] {
                assert_eq!(Cents::parse(&c.format_input(locale), locale), Ok(c), "{c:?} in {locale:?}");
            }
        }
        assert_eq!(Cents(123456).format_input(Locale::En), "1,234.56");
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Cents::parse("12,50", Locale::It), Ok(Cents(1250)));
        assert_eq!(Cents::parse("12,5", Locale::It), Ok(Cents(1250)));
        assert_eq!(Cents::parse("12", Locale::It), Ok(Cents(1200)));
        assert_eq!(Cents::parse("1.234,56 €", Locale::It), Ok(Cents(123456)));
        assert_eq!(Cents::parse("€1,234.56", Locale::En), Ok(Cents(123456)));
        assert_eq!(Cents::parse("12.50", Locale::En), Ok(Cents(1250)));
        assert_eq!(Cents::parse("", Locale::It), Err(ValidationCode::Required));
        for bad in ["12,505", "1.23,00", "abc", "12,", "-5", "1e3", "12.50"] {
            assert_eq!(Cents::parse(bad, Locale::It), Err(ValidationCode::Amount), "{bad}");
        }
        assert_eq!(Cents::parse("99999999999999999999", Locale::It), Err(ValidationCode::Amount));
    }

    #[test]
    fn counts() {
        assert_eq!(format_count(1234567, Locale::It), "1.234.567");
        assert_eq!(format_count(1234567, Locale::En), "1,234,567");
        assert_eq!(format_count(113, Locale::It), "113");
    }

    proptest! {
        #[test]
        fn format_then_parse_is_identity(c in 0i64..10_000_000_000, it in any::<bool>()) {
            let locale = if it { Locale::It } else { Locale::En };
            prop_assert_eq!(Cents::parse(&Cents(c).format(locale), locale), Ok(Cents(c)));
        }
    }
}
