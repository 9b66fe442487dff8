//! The fundraising rules for each caller, shared by the API and the pages.

use super::{giving, ledger};
use crate::ctx::RequestCtx;
use app::campaigns::ssr::CampaignsBackend;
use app::ssr::Backend;
use shared::campaigns::{CampaignPage, CampaignSummary, DonationRow, GiftCreated, GiftRequest};
use shared::people::Access;
use shared::ApiError;

impl RequestCtx {
    async fn is_staff(&self) -> Result<bool, ApiError> {
        Ok(self.me().await?.is_some_and(|m| m.is_staff()))
    }
}

#[async_trait::async_trait]
impl CampaignsBackend for RequestCtx {
    async fn campaigns(&self) -> Result<Vec<CampaignSummary>, ApiError> {
        super::list(&self.state.db, self.is_staff().await?).await
    }

    async fn campaign_page(&self, slug: &str) -> Result<CampaignPage, ApiError> {
        super::page(&self.state.db, slug, self.locale, self.is_staff().await?).await
    }

    async fn give(&self, slug: &str, req: GiftRequest, key: &str) -> Result<GiftCreated, ApiError> {
        let key = giving::parse_key(Some(key))?;
        let person = self.me().await?.map(|m| m.id);
        giving::give(&self.state.db, slug, &req, &key, person, &self.state.config.public_url()).await
    }

    async fn donations(&self, slug: Option<String>, reference: Option<String>) -> Result<Vec<DonationRow>, ApiError> {
        self.require(Access::STAFF).await?;
        ledger::donations(&self.state.db, slug.as_deref(), reference.as_deref().filter(|r| !r.trim().is_empty())).await
    }

    async fn confirm_donation(&self, id: i64) -> Result<DonationRow, ApiError> {
        let staff = self.require(Access::STAFF).await?;
        ledger::receive(&self.state.db, id, ledger::Actor::Staff(staff.id)).await
    }

    async fn refund_donation(&self, id: i64, reason: String) -> Result<DonationRow, ApiError> {
        let staff = self.require(Access::STAFF).await?;
        ledger::refund(&self.state.db, id, &reason, staff.id).await
    }
}
