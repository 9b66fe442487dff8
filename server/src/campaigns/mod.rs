//! Fundraising on the server: campaigns and their ledger-derived figures,
//! giving (with idempotency), confirmation and refunds (with receipts),
//! payment providers.

pub mod backend;
pub mod checkout;
pub mod expenses;
pub mod giving;
pub mod ledger;
pub mod manage;
pub mod payments;
pub mod receipt_pdf;
pub mod receipts;
pub mod report;
pub mod statement;
pub mod stripe;
pub mod totals;
pub mod widget;

use crate::db::Db;
use crate::errors::db_error;
use shared::campaigns::{CampaignPage, CampaignStatus, CampaignSummary, WallEntry};
use shared::{ApiError, Locale};
use sqlx::Row;

const SUMMARY_SQL: &str = "\
    SELECT c.id, c.slug, c.title, c.story, f.name AS fund, c.status, c.goal_cents, c.starts_on, c.ends_on \
    FROM campaigns c JOIN funds f ON f.id = c.fund_id";

/// A campaign with its figures, which come from the ledger (see `totals`).
async fn summary(db: &Db, r: &sqlx::any::AnyRow) -> Result<CampaignSummary, ApiError> {
    let id: i64 = r.try_get("id").map_err(db_error)?;
    summary_with(r, totals::totals(db, id).await?)
}

fn summary_with(r: &sqlx::any::AnyRow, figures: totals::Totals) -> Result<CampaignSummary, ApiError> {
    let get = |e: sqlx::Error| db_error(e);
    let status: String = r.try_get("status").map_err(get)?;
    let mut c = CampaignSummary {
        slug: r.try_get("slug").map_err(get)?,
        title: r.try_get("title").map_err(get)?,
        story: r.try_get("story").map_err(get)?,
        fund: r.try_get("fund").map_err(get)?,
        status: CampaignStatus::parse(&status).unwrap_or(CampaignStatus::Draft),
        goal_cents: r.try_get("goal_cents").map_err(get)?,
        raised_cents: figures.raised,
        spent_cents: figures.spent,
        donors: figures.donors,
        starts_on: r.try_get("starts_on").map_err(get)?,
        ends_on: r.try_get("ends_on").map_err(get)?,
        days_left: 0,
        ended: false,
    };
    let today = giving::rome_today();
    c.days_left = c.days_left_on(&today);
    c.ended = shared::campaigns::has_ended(&c.ends_on, &today);
    Ok(c)
}

/// Published and closed campaigns, newest first (drafts only for staff).
pub async fn list(db: &Db, include_drafts: bool) -> Result<Vec<CampaignSummary>, ApiError> {
    let filter = if include_drafts { "" } else { " WHERE c.status <> 'draft'" };
    let rows = sqlx::query(&format!("{SUMMARY_SQL}{filter} ORDER BY c.id DESC"))
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(summary(db, r).await?);
    }
    Ok(out)
}

/// `(id, summary)` of a campaign by slug.
pub async fn by_slug(db: &Db, slug: &str) -> Result<(i64, CampaignSummary), ApiError> {
    let row = summary_row(db, slug).await?;
    let id: i64 = row.try_get("id").map_err(db_error)?;
    Ok((id, summary(db, &row).await?))
}

async fn summary_row(db: &Db, slug: &str) -> Result<sqlx::any::AnyRow, ApiError> {
    sqlx::query(&format!("{SUMMARY_SQL} WHERE c.slug = $1"))
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?
        .ok_or(ApiError::NotFound)
}

/// The public page: figures, the donor wall, gifts per day. Drafts are
/// visible to staff only.
pub async fn page(db: &Db, slug: &str, locale: Locale, staff: bool) -> Result<CampaignPage, ApiError> {
    let row = summary_row(db, slug).await?;
    let id: i64 = row.try_get("id").map_err(db_error)?;
    // One read of the ledger's tail for the figures and the chart.
    let (figures, daily) = totals::figures(db, id).await?;
    let campaign = summary_with(&row, figures)?;
    if campaign.status == CampaignStatus::Draft && !staff {
        return Err(ApiError::NotFound);
    }
    let wall = sqlx::query(
        "SELECT donor_name, anonymous, message, received_at FROM donations \
         WHERE campaign_id = $1 AND status = 'received' ORDER BY received_at DESC, id DESC LIMIT 50",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?
    .iter()
    .map(|r| {
        let anonymous = r.try_get::<i64, _>("anonymous")? != 0;
        let name: String = r.try_get("donor_name")?;
        Ok(WallEntry {
            name: shared::campaigns::wall_name(&name, anonymous, locale),
            message: r.try_get("message")?,
            received_at: r.try_get::<Option<i64>, _>("received_at")?.unwrap_or(0),
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()
    .map_err(db_error)?;
    // Card giving depends on the server's providers: the caller sets it.
    Ok(CampaignPage { campaign, wall, daily, expenses: expenses::of_campaign(db, id).await?, card_giving: false })
}

/// The demo funds and one published campaign per fund.
pub async fn seed_demo(db: &Db) -> Result<(), ApiError> {
    let now = crate::db::now();
    for (name, description) in [
        ("Fondo di comunità", "Il fondo della fondazione di comunità per i progetti dei quartieri."),
        ("Banca dell'acqua", "Paga le bollette dell'acqua delle famiglie in difficoltà."),
        ("Attività dei laboratori", "Materiali e spese dei laboratori di comunità."),
    ] {
        sqlx::query(
            "INSERT INTO funds (name, description, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(description)
        .bind(now)
        .execute(&db.pool)
        .await
        .map_err(db_error)?;
    }
    let year = chrono::Utc::now().format("%Y").to_string();
    for (slug, title, fund, goal, story) in [
        ("banca-dell-acqua", "Banca dell'acqua", "Banca dell'acqua", 1_500_000_i64,
         "Ogni euro raccolto paga le bollette dell'acqua di famiglie che attraversano un momento difficile, segnalate dai servizi sociali dei comuni."),
        ("fondo-di-comunita", "Fondo di comunità", "Fondo di comunità", 5_000_000,
         "Il fondo sostiene i progetti nati nei laboratori di comunità della provincia."),
    ] {
        sqlx::query(
            "INSERT INTO campaigns (slug, title, story, fund_id, goal_cents, starts_on, ends_on, status, created_at) \
             VALUES ($1, $2, $3, (SELECT id FROM funds WHERE name = $4), $5, $6, $7, 'published', $8) \
             ON CONFLICT (slug) DO NOTHING",
        )
        .bind(slug)
        .bind(title)
        .bind(story)
        .bind(fund)
        .bind(goal)
        .bind(format!("{year}-01-01"))
        .bind(format!("{year}-12-31"))
        .bind(now)
        .execute(&db.pool)
        .await
        .map_err(db_error)?;
    }
    Ok(())
}
