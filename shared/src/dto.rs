//! Read models the interface and the HTTP API share.

use crate::i18n::Locale;
use crate::people::Role;
use serde::{Deserialize, Serialize};

/// Live counts for the home page. Registered people are not counted in
/// public: a small number could point at a person, and who has an account is
/// theirs to tell.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HomeStats {
    pub municipalities: i64,
    pub districts: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub language: Locale,
    pub roles: Vec<Role>,
    /// UTC seconds.
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxRow {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MunicipalityRow {
    pub istat_code: String,
    pub name: String,
    pub district: Option<String>,
    pub district_is_demo: bool,
}
