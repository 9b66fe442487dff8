//! What the fundraising pages ask of the server (see `crate::ssr`).

use shared::campaigns::{
    CampaignInput, CampaignPage, CampaignStatus, CampaignSummary, DonationRow, Fund, FunderReport, GiftCreated,
    GiftRequest, OfflineGiftRequest, StatementPreview,
};
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
    async fn funds(&self) -> Result<Vec<Fund>, ApiError>;
    /// Staff: a new campaign, as a draft; returns its slug.
    async fn create_campaign(&self, input: CampaignInput) -> Result<String, ApiError>;
    async fn update_campaign(&self, slug: &str, input: CampaignInput) -> Result<(), ApiError>;
    /// Staff: publish, close or reopen.
    async fn set_campaign_status(&self, slug: &str, status: CampaignStatus) -> Result<(), ApiError>;
    /// Staff: a gift handed over in cash, by cheque or in kind.
    async fn record_offline_gift(
        &self,
        slug: &str,
        req: OfflineGiftRequest,
        key: &str,
    ) -> Result<DonationRow, ApiError>;
    /// Staff: match a bank statement (CSV) to pledges; writes nothing.
    async fn statement_preview(&self, csv: String) -> Result<StatementPreview, ApiError>;
    /// Staff: confirm the gifts accepted from a preview.
    async fn confirm_donations(&self, ids: Vec<i64>) -> Result<Vec<DonationRow>, ApiError>;
    /// Staff: the funder report for a period (dates `YYYY-MM-DD`, inclusive).
    async fn funder_report(&self, from: String, to: String) -> Result<FunderReport, ApiError>;
}
