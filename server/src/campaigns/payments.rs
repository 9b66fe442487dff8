//! Card payments through a provider's hosted checkout: card data never
//! reaches Legami. The provider reports payments with signed webhooks in
//! Stripe's scheme (`t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`, checked
//! against a tolerance); each event id is processed once.
//!
//! The development provider simulates the hosted checkout at
//! `/pagamento/prova/{session}` and calls back through the same signed
//! webhook path a real provider uses.

use super::ledger::{self, Actor};
use crate::db::{now, Db};
use crate::errors::db_error;
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use shared::ApiError;
use sqlx::Row;

/// Signatures older or newer than this are refused (replay protection).
pub const TOLERANCE_SECS: i64 = 300;

pub fn new_session_id() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    format!("cs_{}", hex::encode(b))
}

/// A provider that reports payments by webhook.
pub trait PaymentProvider: Send + Sync {
    fn name(&self) -> &str;
    /// Checks the signature and returns the event it carries.
    fn verify(&self, signature_header: &str, body: &[u8], now: i64) -> Result<ProviderEvent, ApiError>;
    /// The signature header the provider sends with `body` (used by the
    /// development provider, which calls back itself).
    fn sign(&self, timestamp: i64, body: &[u8]) -> String;
}

/// The part of a Stripe `checkout.session.completed` event we use.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProviderEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub data: EventData,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EventData {
    pub object: CheckoutSession,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckoutSession {
    pub id: String,
    pub amount_total: i64,
}

/// Verifies Stripe-style signatures with a shared secret.
pub struct StripeCompatible {
    pub name: String,
    secret: Vec<u8>,
}

impl StripeCompatible {
    pub fn new(name: &str, secret: &str) -> Self {
        StripeCompatible { name: name.to_owned(), secret: secret.as_bytes().to_vec() }
    }

    fn mac(&self, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes any key length");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }
}

impl PaymentProvider for StripeCompatible {
    fn name(&self) -> &str {
        &self.name
    }

    fn sign(&self, timestamp: i64, body: &[u8]) -> String {
        let sig = hex::encode(self.mac(timestamp, body).finalize().into_bytes());
        format!("t={timestamp},v1={sig}")
    }

    fn verify(&self, header: &str, body: &[u8], now: i64) -> Result<ProviderEvent, ApiError> {
        let bad = || ApiError::BadRequest("invalid webhook signature".into());
        let mut timestamp = None;
        let mut signatures = Vec::new();
        for part in header.split(',') {
            match part.trim().split_once('=') {
                Some(("t", v)) => timestamp = v.parse::<i64>().ok(),
                Some(("v1", v)) => signatures.push(hex::decode(v).map_err(|_| bad())?),
                _ => {}
            }
        }
        let timestamp = timestamp.ok_or_else(bad)?;
        if (now - timestamp).abs() > TOLERANCE_SECS {
            return Err(bad());
        }
        // Constant-time comparison (Mac::verify_slice) against each v1 given.
        let ok = signatures.iter().any(|sig| self.mac(timestamp, body).verify_slice(sig).is_ok());
        if !ok {
            return Err(bad());
        }
        serde_json::from_slice(body).map_err(|e| ApiError::BadRequest(format!("webhook body: {e}")))
    }
}

/// Processes a signed webhook: verifies, then receives the gift of the
/// checkout session. A replayed event changes nothing; a bad signature
/// writes nothing.
pub async fn handle_webhook(
    db: &Db,
    provider: &dyn PaymentProvider,
    header: &str,
    body: &[u8],
    public_url: &str,
) -> Result<(), ApiError> {
    let event = provider.verify(header, body, now())?;
    let seen = sqlx::query("SELECT 1 AS one FROM payment_events WHERE provider = $1 AND event_id = $2")
        .bind(provider.name())
        .bind(&event.id)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?;
    if seen.is_some() {
        tracing::info!(event = %event.id, "webhook replayed: already processed");
        return Ok(());
    }
    if event.kind == "checkout.session.completed" {
        let session = &event.data.object;
        let row = sqlx::query("SELECT id, amount_cents FROM donations WHERE provider_session = $1")
            .bind(&session.id)
            .fetch_optional(&db.pool)
            .await
            .map_err(db_error)?
            .ok_or(ApiError::NotFound)?;
        let id: i64 = row.try_get("id").map_err(db_error)?;
        let amount: i64 = row.try_get("amount_cents").map_err(db_error)?;
        if amount != session.amount_total {
            tracing::error!(id, amount, paid = session.amount_total, "webhook amount differs from the gift");
            return Err(ApiError::BadRequest("amount differs from the gift".into()));
        }
        // Receiving is idempotent, so recording the event after it is safe:
        // a crash in between only means the next delivery is a no-op.
        ledger::receive(db, id, Actor::Provider, public_url).await?;
    }
    sqlx::query(
        "INSERT INTO payment_events (provider, event_id, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(provider.name())
    .bind(&event.id)
    .bind(now())
    .execute(&db.pool)
    .await
    .map_err(db_error)?;
    Ok(())
}

/// The event the development provider sends when its checkout is paid.
pub fn completed_event(session_id: &str, amount: i64) -> Vec<u8> {
    let mut b = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut b);
    serde_json::to_vec(&ProviderEvent {
        id: format!("evt_{}", hex::encode(b)),
        kind: "checkout.session.completed".into(),
        data: EventData { object: CheckoutSession { id: session_id.to_owned(), amount_total: amount } },
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_round_trip_and_fail_when_tampered() {
        let p = StripeCompatible::new("dev", "whsec_test");
        let body = completed_event("cs_1", 1000);
        let header = p.sign(1_000_000, &body);
        assert!(p.verify(&header, &body, 1_000_010).is_ok());
        let mut tampered = body.clone();
        tampered[5] ^= 1;
        assert!(p.verify(&header, &tampered, 1_000_010).is_err(), "body changed");
        assert!(p.verify(&header, &body, 1_000_000 + TOLERANCE_SECS + 1).is_err(), "too old");
        let other = StripeCompatible::new("dev", "another secret");
        assert!(other.verify(&header, &body, 1_000_010).is_err(), "wrong secret");
        assert!(p.verify("garbage", &body, 1_000_010).is_err());
    }
}
