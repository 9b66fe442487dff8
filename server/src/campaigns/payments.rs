//! Card payments through a provider's hosted checkout: card data never
//! reaches Legami. A provider creates the hosted page for a pledge and
//! reports payments with signed webhooks in Stripe's scheme
//! (`t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`, checked against a
//! tolerance); each event id is processed once, and a gift is received only
//! when the event's session, status, amount and currency all match the
//! pledge.
//!
//! Two providers: Stripe Checkout (`stripe.rs`), and outside production the
//! development provider, whose hosted page is simulated at
//! `/pagamento/prova/{session}` and calls back through the same signed path.

use super::ledger::{self, Actor};
use crate::db::{now, Db};
use crate::errors::db_error;
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use shared::money::Cents;
use shared::ApiError;
use sqlx::Row;

/// Signatures older or newer than this are refused (replay protection).
pub const TOLERANCE_SECS: i64 = 300;

/// The one currency Legami takes.
pub const CURRENCY: &str = "eur";

pub fn new_session_id() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    format!("cs_{}", hex::encode(b))
}

/// What a hosted checkout needs to know of a card pledge.
#[derive(Debug, Clone)]
pub struct Pledge {
    pub donation_id: i64,
    pub amount: Cents,
    pub campaign_title: String,
    pub campaign_slug: String,
    pub email: String,
    pub public_url: String,
}

/// The provider's page where the donor pays, and its session id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostedSession {
    pub id: String,
    pub url: String,
}

/// A provider that hosts the card checkout and reports payments by webhook.
#[async_trait::async_trait]
pub trait PaymentProvider: Send + Sync {
    fn name(&self) -> &str;
    /// Checks the signature and returns the event it carries.
    fn verify(&self, signature_header: &str, body: &[u8], now: i64) -> Result<ProviderEvent, ApiError>;
    /// Creates the hosted page for a pledge.
    async fn create_checkout(&self, pledge: &Pledge) -> Result<HostedSession, ApiError>;
    /// The development provider signs its own webhooks; no real one does.
    fn simulator(&self) -> Option<&StripeCompatible> {
        None
    }
}

/// The part of a Stripe `checkout.session.*` event we use.
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

/// Stripe's Checkout Session object, the fields a payment is checked by.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckoutSession {
    pub id: String,
    #[serde(default)]
    pub amount_total: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
    /// `paid`, `unpaid` (e.g. a bank debit still clearing) or `no_payment_required`.
    #[serde(default)]
    pub payment_status: Option<String>,
}

/// Stripe's webhook signature scheme with a shared secret.
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

    /// The signature header a provider sends with `body`.
    pub fn sign(&self, timestamp: i64, body: &[u8]) -> String {
        let sig = hex::encode(self.mac(timestamp, body).finalize().into_bytes());
        format!("t={timestamp},v1={sig}")
    }

    pub fn verify(&self, header: &str, body: &[u8], now: i64) -> Result<ProviderEvent, ApiError> {
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

/// The development provider: a simulated hosted page on this server
/// (`checkout.rs`), never mounted in production mode.
pub struct DevProvider {
    pub signature: StripeCompatible,
}

impl DevProvider {
    pub const NAME: &'static str = "dev";

    pub fn new(secret: &str) -> Self {
        DevProvider { signature: StripeCompatible::new(Self::NAME, secret) }
    }
}

#[async_trait::async_trait]
impl PaymentProvider for DevProvider {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn verify(&self, header: &str, body: &[u8], now: i64) -> Result<ProviderEvent, ApiError> {
        self.signature.verify(header, body, now)
    }

    fn simulator(&self) -> Option<&StripeCompatible> {
        Some(&self.signature)
    }

    async fn create_checkout(&self, pledge: &Pledge) -> Result<HostedSession, ApiError> {
        let id = new_session_id();
        Ok(HostedSession { url: format!("{}/pagamento/prova/{id}", pledge.public_url), id })
    }
}

/// Whether an event pays its pledge: it must be paid, in euros, for the
/// pledge's exact amount. Anything else changes nothing.
fn check_payment(session: &CheckoutSession, amount: i64) -> Result<bool, ApiError> {
    if session.payment_status.as_deref() != Some("paid") {
        return Ok(false);
    }
    if session.currency.as_deref() != Some(CURRENCY) || session.amount_total != Some(amount) {
        tracing::error!(session = %session.id, amount, paid = ?session.amount_total, currency = ?session.currency,
            "webhook payment differs from the pledge");
        return Err(ApiError::BadRequest("payment differs from the pledge".into()));
    }
    Ok(true)
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
    // `async_payment_succeeded` follows a `completed` whose payment was
    // still clearing (`unpaid`).
    if matches!(event.kind.as_str(), "checkout.session.completed" | "checkout.session.async_payment_succeeded") {
        let session = &event.data.object;
        let row = sqlx::query("SELECT id, amount_cents FROM donations WHERE provider_session = $1 AND provider = $2")
            .bind(&session.id)
            .bind(provider.name())
            .fetch_optional(&db.pool)
            .await
            .map_err(db_error)?
            .ok_or(ApiError::NotFound)?;
        let id: i64 = row.try_get("id").map_err(db_error)?;
        let amount: i64 = row.try_get("amount_cents").map_err(db_error)?;
        if check_payment(session, amount)? {
            // Receiving is idempotent, so recording the event after it is
            // safe: a crash in between only means the next delivery is a no-op.
            ledger::receive(db, id, Actor::Provider, public_url).await?;
        } else {
            tracing::info!(id, session = %session.id, status = ?session.payment_status, "checkout not paid yet");
        }
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
    session_event("checkout.session.completed", session_id, amount, CURRENCY, "paid")
}

/// A `checkout.session.*` event as Stripe sends it (the fields we read).
pub fn session_event(kind: &str, session_id: &str, amount: i64, currency: &str, payment_status: &str) -> Vec<u8> {
    let mut b = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut b);
    serde_json::to_vec(&ProviderEvent {
        id: format!("evt_{}", hex::encode(b)),
        kind: kind.into(),
        data: EventData {
            object: CheckoutSession {
                id: session_id.to_owned(),
                amount_total: Some(amount),
                currency: Some(currency.into()),
                payment_status: Some(payment_status.into()),
            },
        },
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(amount: i64, currency: &str, status: &str) -> CheckoutSession {
        CheckoutSession {
            id: "cs_1".into(),
            amount_total: Some(amount),
            currency: Some(currency.into()),
            payment_status: Some(status.into()),
        }
    }

    #[test]
    fn only_a_paid_session_of_the_exact_amount_in_euros_pays() {
        assert_eq!(check_payment(&session(1000, "eur", "paid"), 1000), Ok(true));
        assert_eq!(check_payment(&session(1000, "eur", "unpaid"), 1000), Ok(false));
        assert_eq!(check_payment(&session(1000, "eur", "no_payment_required"), 1000), Ok(false));
        assert!(check_payment(&session(999, "eur", "paid"), 1000).is_err());
        assert!(check_payment(&session(1000, "usd", "paid"), 1000).is_err());
        let bare = CheckoutSession { id: "cs_1".into(), amount_total: None, currency: None, payment_status: None };
        assert_eq!(check_payment(&bare, 1000), Ok(false));
    }

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
