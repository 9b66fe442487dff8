//! What the fundraising pages ask of the server (see `crate::ssr`).

use shared::campaigns::{CampaignPage, CampaignSummary, DonationRow, GiftCreated, GiftRequest};
use shared::ApiError;

#[async_trait::async_trait]
pub trait CampaignsBackend: Send + Sync {
    /// Published and closed campaigns; staff also see drafts.
    async fn campaigns(&self) -> Result<Vec<CampaignSummary>, ApiError>;
    async fn campaign_page(&self, slug: &str) -> Result<CampaignPage, ApiError>;
    /// Anyone may give; `key` makes a repeated submission return the same gift.
    async fn give(&self, slug: &str, req: GiftRequest, key: &str) -> Result<GiftCreated, ApiError>;
    /// Staff: gifts of a campaign, or matching a payment reference.
    async fn donations(&self, slug: Option<String>, reference: Option<String>) -> Result<Vec<DonationRow>, ApiError>;
    /// Staff: a bank transfer arrived.
    async fn confirm_donation(&self, id: i64) -> Result<DonationRow, ApiError>;
    /// Staff: reverse a received gift, with a reason.
    async fn refund_donation(&self, id: i64, reason: String) -> Result<DonationRow, ApiError>;
}
