//! Places: municipalities are identified by their ISTAT code.

use crate::error::ValidationCode;
use serde::{Deserialize, Serialize};

/// A six-digit ISTAT municipality code, e.g. `019036` (Cremona). The first
/// three digits are the province (019 is Cremona).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IstatCode(String);

impl IstatCode {
    pub fn parse(raw: &str) -> Result<IstatCode, ValidationCode> {
        let s = raw.trim();
        if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(IstatCode(s.to_owned()))
        } else {
            Err(ValidationCode::Required)
        }
    }

    pub fn province(&self) -> &str {
        &self.0[..3]
    }
}

impl AsRef<str> for IstatCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn istat_codes() {
        let c = IstatCode::parse("019036").unwrap();
        assert_eq!(c.province(), "019");
        assert!(IstatCode::parse("19036").is_err());
        assert!(IstatCode::parse("01903a").is_err());
    }
}
