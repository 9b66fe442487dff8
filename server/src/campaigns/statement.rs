//! Bank statement import: first a preview that matches each credit's
//! payment reference to a pledged gift (nothing is written), then staff
//! confirm the matches they accept.

use super::ledger::{self, Actor};
use crate::db::Db;
use crate::errors::db_error;
use shared::campaigns::{
    find_payment_reference, parse_statement, DonationRow, MatchOutcome, StatementMatch, StatementPreview,
};
use shared::ApiError;
use sqlx::Row;

/// Largest statement accepted (a year of a small association's credits fits easily).
pub const MAX_LINES: usize = 20_000;

pub async fn preview(db: &Db, csv: &str) -> Result<StatementPreview, ApiError> {
    let (lines, problems) = parse_statement(csv);
    if lines.len() > MAX_LINES {
        return Err(ApiError::PayloadTooLarge);
    }
    let mut matches = Vec::with_capacity(lines.len());
    for line in lines {
        let outcome = match find_payment_reference(&line.description) {
            None => MatchOutcome::NoReference,
            Some(reference) => outcome(db, &reference, line.amount_cents).await?,
        };
        matches.push(StatementMatch { line, outcome });
    }
    Ok(StatementPreview { matches, problems })
}

async fn outcome(db: &Db, reference: &str, amount: i64) -> Result<MatchOutcome, ApiError> {
    let row = sqlx::query("SELECT id, donor_name, amount_cents, status FROM donations WHERE payment_reference = $1")
        .bind(reference)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?;
    let Some(r) = row else { return Ok(MatchOutcome::UnknownReference { reference: reference.to_owned() }) };
    let id: i64 = r.try_get("id").map_err(db_error)?;
    let name: String = r.try_get("donor_name").map_err(db_error)?;
    let pledged: i64 = r.try_get("amount_cents").map_err(db_error)?;
    let status: String = r.try_get("status").map_err(db_error)?;
    Ok(match (status.as_str(), pledged == amount) {
        ("pledged", true) => MatchOutcome::Match { donation_id: id, donor_name: name },
        ("pledged", false) => MatchOutcome::AmountDiffers { donation_id: id, donor_name: name, pledged_cents: pledged },
        _ => MatchOutcome::AlreadyReceived { donation_id: id },
    })
}

/// Confirms the gifts staff accepted from a preview (each idempotently).
pub async fn confirm(db: &Db, ids: &[i64], by: i64, public_url: &str) -> Result<Vec<DonationRow>, ApiError> {
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        out.push(ledger::receive(db, id, Actor::Staff(by), public_url).await?);
    }
    Ok(out)
}
