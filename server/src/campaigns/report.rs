//! The funder report (rendicontazione): income by source and spending by
//! category for a period, per campaign and fund, summed from the ledger.

use crate::db::Db;
use crate::errors::db_error;
use crate::text::{csv_line, euros};
use shared::campaigns::{
    parse_period, CampaignTotals, CategoryTotal, ExpenseCategory, FunderReport, MethodTotal, PaymentMethod,
};
use shared::time::rome_midnight_utc;
use shared::ApiError;
use sqlx::Row;

pub async fn funder_report(db: &Db, from: &str, to: &str) -> Result<FunderReport, ApiError> {
    let (f, t) = parse_period(from, to)?;
    let (start, end) = (rome_midnight_utc(f), rome_midnight_utc(t + chrono::Duration::days(1)));

    let income = sqlx::query(
        "SELECT method, CAST(SUM(amount_cents) AS BIGINT) AS cents FROM ledger \
         WHERE kind IN ('gift', 'refund') AND created_at >= $1 AND created_at < $2 GROUP BY method ORDER BY method",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    let income_by_method: Vec<MethodTotal> = income
        .iter()
        .filter_map(|r| {
            let method: Option<String> = r.try_get("method").ok()?;
            Some(MethodTotal { method: PaymentMethod::parse(&method?)?, cents: r.try_get("cents").ok()? })
        })
        .collect();

    let spending = sqlx::query(
        "SELECT e.category, CAST(-SUM(l.amount_cents) AS BIGINT) AS cents FROM ledger l JOIN expenses e ON e.id = l.expense_id \
         WHERE l.kind = 'expense' AND l.created_at >= $1 AND l.created_at < $2 GROUP BY e.category ORDER BY e.category",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    let spending_by_category: Vec<CategoryTotal> = spending
        .iter()
        .filter_map(|r| {
            let c: String = r.try_get("category").ok()?;
            Some(CategoryTotal { category: ExpenseCategory::parse(&c)?, cents: r.try_get("cents").ok()? })
        })
        .collect();

    let per_campaign = sqlx::query(
        "SELECT c.title, f.name AS fund, \
           CAST(COALESCE(SUM(CASE WHEN l.kind IN ('gift', 'refund') THEN l.amount_cents ELSE 0 END), 0) AS BIGINT) AS income, \
           CAST(COALESCE(SUM(CASE WHEN l.kind = 'expense' THEN -l.amount_cents ELSE 0 END), 0) AS BIGINT) AS spending \
         FROM ledger l JOIN campaigns c ON c.id = l.campaign_id JOIN funds f ON f.id = c.fund_id \
         WHERE l.created_at >= $1 AND l.created_at < $2 GROUP BY c.id, c.title, f.name ORDER BY f.name, c.title",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    let campaigns = per_campaign
        .iter()
        .map(|r| {
            Ok(CampaignTotals {
                campaign: r.try_get("title")?,
                fund: r.try_get("fund")?,
                income_cents: r.try_get("income")?,
                spending_cents: r.try_get("spending")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(db_error)?;
    Ok(FunderReport {
        from: f.to_string(),
        to: t.to_string(),
        total_income_cents: income_by_method.iter().map(|m| m.cents).sum(),
        total_spending_cents: spending_by_category.iter().map(|c| c.cents).sum(),
        income_by_method,
        spending_by_category,
        campaigns,
    })
}

/// The same report as CSV rows: section, name, fund, amount.
pub fn to_csv(r: &FunderReport) -> String {
    let mut out = String::from("section,name,fund,amount_eur\n");
    out.push_str(&csv_line(&["period".into(), format!("{} - {}", r.from, r.to), String::new(), String::new()]));
    for m in &r.income_by_method {
        out.push_str(&csv_line(&["income".into(), m.method.code().into(), String::new(), euros(m.cents)]));
    }
    for c in &r.spending_by_category {
        out.push_str(&csv_line(&["spending".into(), c.category.code().into(), String::new(), euros(c.cents)]));
    }
    for c in &r.campaigns {
        out.push_str(&csv_line(&["campaign_income".into(), c.campaign.clone(), c.fund.clone(), euros(c.income_cents)]));
        out.push_str(&csv_line(&[
            "campaign_spending".into(),
            c.campaign.clone(),
            c.fund.clone(),
            euros(c.spending_cents),
        ]));
    }
    out.push_str(&csv_line(&["total_income".into(), String::new(), String::new(), euros(r.total_income_cents)]));
    out.push_str(&csv_line(&["total_spending".into(), String::new(), String::new(), euros(r.total_spending_cents)]));
    out
}
