//! The fundraising rules for each caller, shared by the API and the pages.

use super::{giving, ledger, manage, statement};
use crate::ctx::RequestCtx;
use app::campaigns::ssr::CampaignsBackend;
use app::ssr::Backend;
use shared::campaigns::{
    CampaignInput, CampaignPage, CampaignStatus, CampaignSummary, DonationRow, Fund, FunderReport, GiftCreated,
    GiftRequest, OfflineGiftRequest, StatementPreview,
};
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
        let mut page = super::page(&self.state.db, slug, self.locale, self.is_staff().await?).await?;
        page.card_giving = self.state.card_provider().is_some();
        Ok(page)
    }

    async fn give(&self, slug: &str, req: GiftRequest, key: &str) -> Result<GiftCreated, ApiError> {
        let key = giving::parse_key(Some(key))?;
        let card = self.state.card_provider();
        let public_url = self.state.config.public_url();
        let giver =
            giving::Giver { person_id: self.me().await?.map(|m| m.id), card: card.as_deref(), public_url: &public_url };
        giving::give(&self.state.db, slug, &req, &key, &giver).await
    }

    async fn donations(&self, slug: Option<String>, reference: Option<String>) -> Result<Vec<DonationRow>, ApiError> {
        self.require(Access::STAFF).await?;
        ledger::donations(
            &self.state.db,
            slug.as_deref(),
            reference.as_deref().filter(|r| !r.trim().is_empty()),
            Some(500),
        )
        .await
    }

    async fn confirm_donation(&self, id: i64) -> Result<DonationRow, ApiError> {
        let staff = self.require(Access::STAFF).await?;
        ledger::receive(&self.state.db, id, ledger::Actor::Staff(staff.id), &self.state.config.public_url()).await
    }

    async fn refund_donation(&self, id: i64, reason: String) -> Result<DonationRow, ApiError> {
        let staff = self.require(Access::STAFF).await?;
        ledger::refund(&self.state.db, id, &reason, staff.id).await
    }

    async fn funds(&self) -> Result<Vec<Fund>, ApiError> {
        manage::funds(&self.state.db).await
    }

    async fn create_campaign(&self, input: CampaignInput) -> Result<String, ApiError> {
        let staff = self.require(Access::STAFF).await?;
        manage::create(&self.state.db, &input, staff.id).await
    }

    async fn update_campaign(&self, slug: &str, input: CampaignInput) -> Result<(), ApiError> {
        self.require(Access::STAFF).await?;
        manage::update(&self.state.db, slug, &input).await
    }

    async fn set_campaign_status(&self, slug: &str, status: CampaignStatus) -> Result<(), ApiError> {
        self.require(Access::STAFF).await?;
        manage::set_status(&self.state.db, slug, status).await
    }

    async fn record_offline_gift(
        &self,
        slug: &str,
        req: OfflineGiftRequest,
        key: &str,
    ) -> Result<DonationRow, ApiError> {
        let staff = self.require(Access::STAFF).await?;
        let key = giving::parse_key(Some(key))?;
        manage::record_offline(&self.state.db, slug, &req, &key, staff.id, &self.state.config.public_url()).await
    }

    async fn statement_preview(&self, csv: String) -> Result<StatementPreview, ApiError> {
        self.require(Access::STAFF).await?;
        statement::preview(&self.state.db, &csv).await
    }

    async fn confirm_donations(&self, ids: Vec<i64>) -> Result<Vec<DonationRow>, ApiError> {
        let staff = self.require(Access::STAFF).await?;
        statement::confirm(&self.state.db, &ids, staff.id, &self.state.config.public_url()).await
    }

    async fn funder_report(&self, from: String, to: String) -> Result<FunderReport, ApiError> {
        self.require(Access::STAFF).await?;
        super::report::funder_report(&self.state.db, &from, &to).await
    }
}
