//! Stripe Checkout: the server creates a hosted Checkout Session over HTTPS
//! (`POST /v1/checkout/sessions`, form-encoded, the secret key as bearer
//! token), stores its id on the pledge and sends the donor to its `url`. The
//! gift is received only from Stripe's signed `checkout.session.completed`
//! (see `payments::handle_webhook`). `api_base` is Stripe's API unless a test
//! points it at a local server that answers as Stripe documents.

use super::payments::{HostedSession, PaymentProvider, Pledge, ProviderEvent, StripeCompatible, CURRENCY};
use serde::Deserialize;
use shared::ApiError;
use std::time::Duration;

pub const DEFAULT_API_BASE: &str = "https://api.stripe.com";

pub struct Stripe {
    signature: StripeCompatible,
    secret_key: String,
    api_base: String,
    http: reqwest::Client,
}

/// The fields of Stripe's answer that we use and check.
#[derive(Debug, Deserialize)]
struct SessionAnswer {
    id: String,
    url: Option<String>,
    amount_total: Option<i64>,
    currency: Option<String>,
}

impl Stripe {
    pub const NAME: &'static str = "stripe";

    pub fn new(secret_key: &str, webhook_secret: &str, api_base: &str) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(15)).build()?;
        Ok(Stripe {
            signature: StripeCompatible::new(Self::NAME, webhook_secret),
            secret_key: secret_key.to_owned(),
            api_base: api_base.trim_end_matches('/').to_owned(),
            http,
        })
    }

    fn form(pledge: &Pledge) -> Vec<(&'static str, String)> {
        let campaign = format!("{}/campagne/{}", pledge.public_url, pledge.campaign_slug);
        let mut form = vec![
            ("mode", "payment".to_owned()),
            ("submit_type", "donate".to_owned()),
            ("line_items[0][quantity]", "1".to_owned()),
            ("line_items[0][price_data][currency]", CURRENCY.to_owned()),
            ("line_items[0][price_data][unit_amount]", pledge.amount.0.to_string()),
            ("line_items[0][price_data][product_data][name]", format!("Donazione: {}", pledge.campaign_title)),
            ("client_reference_id", pledge.donation_id.to_string()),
            ("metadata[donation_id]", pledge.donation_id.to_string()),
            ("success_url", format!("{campaign}?pagamento=ok")),
            ("cancel_url", campaign),
        ];
        if !pledge.email.is_empty() {
            form.push(("customer_email", pledge.email.clone()));
        }
        form
    }
}

#[async_trait::async_trait]
impl PaymentProvider for Stripe {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn verify(&self, header: &str, body: &[u8], now: i64) -> Result<ProviderEvent, ApiError> {
        self.signature.verify(header, body, now)
    }

    async fn create_checkout(&self, pledge: &Pledge) -> Result<HostedSession, ApiError> {
        let unavailable = |e: &dyn std::fmt::Display| {
            tracing::error!(donation = pledge.donation_id, error = %e, "Stripe checkout session");
            ApiError::Unavailable
        };
        let answer = self
            .http
            .post(format!("{}/v1/checkout/sessions", self.api_base))
            .bearer_auth(&self.secret_key)
            // A retried pledge (same idempotency key) gets the same session.
            .header("Idempotency-Key", format!("legami-donation-{}", pledge.donation_id))
            .form(&Self::form(pledge))
            .send()
            .await
            .map_err(|e| unavailable(&e))?;
        if !answer.status().is_success() {
            let status = answer.status();
            let body = answer.text().await.unwrap_or_default();
            return Err(unavailable(&format!("{status}: {body}")));
        }
        let session: SessionAnswer = answer.json().await.map_err(|e| unavailable(&e))?;
        let matches = session.amount_total == Some(pledge.amount.0) && session.currency.as_deref() == Some(CURRENCY);
        match session.url {
            Some(url) if matches => Ok(HostedSession { id: session.id, url }),
            _ => Err(unavailable(&"the session answered does not match the pledge")),
        }
    }
}
