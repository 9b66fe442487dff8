//! Card payments: no simulated checkout in production mode, and Stripe
//! Checkout end to end over real HTTP (a local server answers Stripe's
//! session endpoint as Stripe documents it; signed events come back).

use crate::common::{spawn_with, TestApp, WEBHOOK_SECRET};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Form, Json, Router};
use serde_json::{json, Value};
use server::campaigns::payments::{completed_event, session_event, StripeCompatible};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const SLUG: &str = "banca-dell-acqua";
const STRIPE_SECRET: &str = "whsec_stripe_test";

fn card_gift(amount_cents: i64) -> Value {
    json!({"amount_cents": amount_cents, "donor_name": "Maria Bianchi", "email": "maria@example.org",
           "method": "card", "message": "Per le famiglie"})
}

async fn give(app: &TestApp, key: &str, body: &Value) -> reqwest::Response {
    app.new_client()
        .post(app.url(&format!("/api/v1/campaigns/{SLUG}/donations")))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(sql).fetch_one(&app.db.pool).await.unwrap().try_get::<i64, _>(0).unwrap()
}

async fn status_of(app: &TestApp, id: i64) -> String {
    use sqlx::Row;
    sqlx::query(&format!("SELECT status FROM donations WHERE id = {id}"))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("status")
        .unwrap()
}

#[tokio::test]
async fn production_mode_has_no_simulated_checkout_and_refuses_card_gifts() {
    let app = spawn_with(|c| c.production = true).await;
    server::campaigns::seed_demo(&app.db).await.unwrap();

    let page: Value = app.get(&format!("/api/v1/campaigns/{SLUG}")).await.json().await.unwrap();
    assert_eq!(page["card_giving"], false, "no card without a real provider");
    let r = give(&app, "prod-card-0001", &card_gift(1_000_000)).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["fields"]["method"], "Il pagamento con carta non è disponibile: scegli il bonifico bancario.");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM donations").await, 0, "nothing pledged");
    let transfer = json!({"amount_cents": 2500, "donor_name": "Maria Bianchi", "email": "maria@example.org",
                          "method": "bank_transfer"});
    assert_eq!(give(&app, "prod-transfer-01", &transfer).await.status(), 201, "transfers still work");

    // A card pledge as the simulated checkout would have made it: neither its
    // page nor its self-signed webhook exists in production.
    sqlx::query(
        "INSERT INTO donations (campaign_id, amount_cents, donor_name, email, anonymous, method, status, \
           payment_reference, provider, provider_session, created_at) \
         SELECT id, 1000000, 'Chi', 'chi@example.org', 0, 'card', 'pledged', 'LGM-TESTTEST', 'dev', 'cs_forged', 0 \
         FROM campaigns WHERE slug = $1",
    )
    .bind(SLUG)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let id = scalar(&app, "SELECT id FROM donations WHERE provider_session = 'cs_forged'").await;
    assert_eq!(app.get("/pagamento/prova/cs_forged").await.status(), 404);
    let paid = app.new_client().post(app.url("/pagamento/prova/cs_forged")).send().await.unwrap();
    assert_eq!(paid.status(), 404);
    let event = completed_event("cs_forged", 1_000_000);
    let signature = StripeCompatible::new("dev", WEBHOOK_SECRET).sign(server::db::now(), &event);
    let r = app
        .new_client()
        .post(app.url("/api/v1/payments/webhook/dev"))
        .header("stripe-signature", signature)
        .body(event)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "no development provider");
    assert_eq!(status_of(&app, id).await, "pledged");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM ledger").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM receipts").await, 0, "no receipt for money that never moved");
}

/// What the fake Stripe saw.
#[derive(Default)]
struct Seen {
    requests: Vec<(HeaderMap, HashMap<String, String>)>,
}

/// Answers `POST /v1/checkout/sessions` as Stripe's documentation shows
/// (the fields Legami reads; Stripe sends many more).
async fn create_session(
    State(seen): State<Arc<Mutex<Seen>>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Json<Value> {
    let mut seen = seen.lock().unwrap();
    seen.requests.push((headers, form.clone()));
    let id = format!("cs_test_{}", form["client_reference_id"]);
    Json(json!({
        "id": id,
        "object": "checkout.session",
        "mode": "payment",
        "amount_total": form["line_items[0][price_data][unit_amount]"].parse::<i64>().unwrap(),
        "currency": form["line_items[0][price_data][currency]"],
        "payment_status": "unpaid",
        "status": "open",
        "client_reference_id": form["client_reference_id"],
        "url": format!("https://checkout.stripe.test/c/pay/{id}"),
    }))
}

async fn fake_stripe() -> (String, Arc<Mutex<Seen>>) {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let router = Router::new().route("/v1/checkout/sessions", post(create_session)).with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{addr}"), seen)
}

async fn send_event(app: &TestApp, secret: &str, event: &[u8]) -> u16 {
    let signature = StripeCompatible::new("stripe", secret).sign(server::db::now(), event);
    app.new_client()
        .post(app.url("/api/v1/payments/webhook/stripe"))
        .header("stripe-signature", signature)
        .body(event.to_vec())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn stripe_checkout_receives_a_gift_only_from_a_matching_paid_signed_event() {
    let (base, seen) = fake_stripe().await;
    let app = spawn_with(|c| {
        c.production = true;
        c.stripe_secret_key = Some("sk_test_legami".into());
        c.stripe_webhook_secret = Some(STRIPE_SECRET.into());
        c.stripe_api_base = base;
    })
    .await;
    server::campaigns::seed_demo(&app.db).await.unwrap();
    let page: Value = app.get(&format!("/api/v1/campaigns/{SLUG}")).await.json().await.unwrap();
    assert_eq!(page["card_giving"], true);

    let r = give(&app, "stripe-gift-0001", &card_gift(2500)).await;
    assert_eq!(r.status(), 201);
    let g: Value = r.json().await.unwrap();
    let id = g["id"].as_i64().unwrap();
    let session = format!("cs_test_{id}");
    assert_eq!(g["checkout_url"], format!("https://checkout.stripe.test/c/pay/{session}"));
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.requests.len(), 1);
        let (headers, form) = &seen.requests[0];
        assert_eq!(headers["authorization"], "Bearer sk_test_legami");
        assert_eq!(headers["idempotency-key"], format!("legami-donation-{id}"));
        assert_eq!(form["mode"], "payment");
        assert_eq!(form["line_items[0][price_data][unit_amount]"], "2500");
        assert_eq!(form["line_items[0][price_data][currency]"], "eur");
        assert_eq!(form["client_reference_id"], id.to_string());
        assert_eq!(form["customer_email"], "maria@example.org");
        assert!(form["success_url"].ends_with(&format!("/campagne/{SLUG}?pagamento=ok")));
    }
    let stored: String = {
        use sqlx::Row;
        sqlx::query(&format!("SELECT provider_session FROM donations WHERE id = {id}"))
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .try_get("provider_session")
            .unwrap()
    };
    assert_eq!(stored, session, "the session id is kept on the pledge");
    let again: Value = give(&app, "stripe-gift-0001", &card_gift(2500)).await.json().await.unwrap();
    assert_eq!(again["checkout_url"], g["checkout_url"], "a retry finds the same hosted page");
    assert_eq!(seen.lock().unwrap().requests.len(), 1, "and asks Stripe for no second session");

    let completed = "checkout.session.completed";
    let nothing_moved = |label: &'static str| {
        let app = &app;
        async move {
            assert_eq!(status_of(app, id).await, "pledged", "{label}");
            assert_eq!(scalar(app, "SELECT COUNT(*) FROM ledger").await, 0, "{label}");
        }
    };
    let tampered = session_event(completed, &session, 2400, "eur", "paid");
    assert_ne!(send_event(&app, STRIPE_SECRET, &tampered).await, 200);
    nothing_moved("an amount that differs").await;
    let unpaid = session_event(completed, &session, 2500, "eur", "unpaid");
    assert_eq!(send_event(&app, STRIPE_SECRET, &unpaid).await, 200, "acknowledged, nothing to do yet");
    nothing_moved("unpaid").await;
    let dollars = session_event(completed, &session, 2500, "usd", "paid");
    assert_ne!(send_event(&app, STRIPE_SECRET, &dollars).await, 200);
    nothing_moved("another currency").await;
    let unknown = session_event(completed, "cs_test_unknown", 2500, "eur", "paid");
    assert_eq!(send_event(&app, STRIPE_SECRET, &unknown).await, 404);
    nothing_moved("an unknown session").await;
    let paid = session_event(completed, &session, 2500, "eur", "paid");
    assert_eq!(send_event(&app, "whsec_someone_else", &paid).await, 400, "a wrong signature");
    nothing_moved("a forged signature").await;

    assert_eq!(send_event(&app, STRIPE_SECRET, &paid).await, 200);
    assert_eq!(status_of(&app, id).await, "received");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM ledger").await, 1);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM receipts").await, 1);
    assert_eq!(send_event(&app, STRIPE_SECRET, &paid).await, 200, "a replay");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM ledger").await, 1, "one gift");
    let page: Value = app.get(&format!("/api/v1/campaigns/{SLUG}")).await.json().await.unwrap();
    assert_eq!(page["campaign"]["raised_cents"], 2500);
}
