//! Personal data under the person's control (GDPR art. 15 and 20): what an
//! export holds, and its readable summary in the person's language.

use crate::i18n::{t, Locale};
use crate::money::Cents;
use crate::people::Role;
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
        };
        e.summarise(Locale::It);
        assert!(e.summary[0].contains("Anna Rossi") && e.summary[0].contains("Cittadino/a"), "{:?}", e.summary);
        assert!(e.summary[1].starts_with("Donazioni: 0"), "{:?}", e.summary);
        e.summarise(Locale::En);
        assert!(e.summary[1].starts_with("Gifts: 0"), "{:?}", e.summary);
    }
}
