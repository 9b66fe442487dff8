//! Fundraising over HTTP on a real database: giving, idempotency, the
//! ledger under concurrency, receipts, webhooks, refunds, roles.

use crate::common::{spawn_app, TestApp, WEBHOOK_SECRET};
use serde_json::{json, Value};
use server::campaigns::payments::{completed_event, StripeCompatible};
use shared::people::Role;

const SLUG: &str = "banca-dell-acqua";

async fn app_with_campaign() -> TestApp {
    let app = spawn_app().await;
    server::campaigns::seed_demo(&app.db).await.unwrap();
    app
}

fn gift(amount_cents: i64, method: &str) -> Value {
    json!({"amount_cents": amount_cents, "donor_name": "Maria Bianchi", "email": "maria@example.org",
           "anonymous": false, "message": "Per le famiglie", "method": method})
}

async fn give(client: &reqwest::Client, app: &TestApp, key: &str, body: &Value) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/v1/campaigns/{SLUG}/donations")))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn campaign(app: &TestApp) -> Value {
    let page: Value =
        app.new_client().get(app.url(&format!("/api/v1/campaigns/{SLUG}"))).send().await.unwrap().json().await.unwrap();
    page
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(sql).fetch_one(&app.db.pool).await.unwrap().try_get::<i64, _>(0).unwrap()
}

#[tokio::test]
async fn a_guest_gives_by_bank_transfer_and_gets_a_reference() {
    let app = app_with_campaign().await;
    let r = give(&app.new_client(), &app, "key-guest-0001", &gift(1250, "bank_transfer")).await;
    assert_eq!(r.status(), 201);
    let g: Value = r.json().await.unwrap();
    assert_eq!(g["status"], "pledged");
    assert!(g["payment_reference"].as_str().unwrap().starts_with("LGM-"));
    assert!(g["iban"].as_str().unwrap().starts_with("IT"));
    let c = campaign(&app).await;
    assert_eq!(c["campaign"]["raised_cents"], 0, "a pledge is not money yet");
}

#[tokio::test]
async fn bad_gifts_are_422_per_field_and_keys_are_required() {
    let app = app_with_campaign().await;
    let bad = json!({"amount_cents": 50, "donor_name": "", "email": "no", "method": "cash",
                     "message": "x".repeat(501), "tax_code": "RSSMRA85T10A562X"});
    let r = give(&app.new_client(), &app, "key-bad-00001", &bad).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    for field in ["amount_cents", "donor_name", "email", "method", "message", "tax_code"] {
        assert!(body["fields"][field].is_string(), "{field}: {body}");
    }
    assert_eq!(body["fields"]["amount_cents"], "L'importo minimo è 1 €.");
    let r = app
        .new_client()
        .post(app.url(&format!("/api/v1/campaigns/{SLUG}/donations")))
        .json(&gift(1000, "bank_transfer"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "no Idempotency-Key");
    let r = app
        .new_client()
        .post(app.url("/api/v1/campaigns/nessuna/donations"))
        .header("idempotency-key", "key-missing-01")
        .json(&gift(1000, "bank_transfer"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM donations").await, 0, "nothing written");
}

#[tokio::test]
async fn the_same_key_twenty_times_at_once_is_one_gift() {
    let app = app_with_campaign().await;
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let client = app.new_client();
        let url = app.url(&format!("/api/v1/campaigns/{SLUG}/donations"));
        set.spawn(async move {
            let r = client
                .post(url)
                .header("idempotency-key", "same-key-123456")
                .json(&gift(2000, "bank_transfer"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 201);
            r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
        });
    }
    let ids: Vec<i64> = set.join_all().await;
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM donations").await, 1);
}

#[tokio::test]
async fn two_hundred_confirmations_in_parallel_keep_totals_and_receipts_exact() {
    let app = app_with_campaign().await;
    let staff = app.new_client();
    let staff_app = TestApp { client: staff.clone(), ..crate::common::spawn_sibling(&app).await };
    staff_app.sign_in_with_role("staff@example.org", Role::Staff).await;

    let mut ids = Vec::new();
    let mut expected = 0;
    for i in 0..200 {
        let amount = 100 + i * 7;
        expected += amount;
        let r = give(&app.new_client(), &app, &format!("gift-key-{i:05}"), &gift(amount, "bank_transfer")).await;
        ids.push(r.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    let mut set = tokio::task::JoinSet::new();
    for id in ids {
        let (client, url) = (staff.clone(), staff_app.url(&format!("/api/v1/donations/{id}/confirm")));
        set.spawn(async move { client.post(url).send().await.unwrap().status().as_u16() });
    }
    let statuses = set.join_all().await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");

    let c = campaign(&app).await;
    assert_eq!(c["campaign"]["raised_cents"], expected);
    assert_eq!(c["campaign"]["donors"], 200);
    use sqlx::Row;
    let numbers: Vec<i64> = sqlx::query("SELECT number FROM receipts ORDER BY number")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("number").unwrap())
        .collect();
    assert_eq!(numbers, (1..=200).collect::<Vec<i64>>(), "no gap, no repeat");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger WHERE kind = 'gift'").await, 200);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, 200, "one receipt message each");
}

#[tokio::test]
async fn confirming_twice_is_harmless_and_residents_cannot_confirm() {
    let app = app_with_campaign().await;
    let g: Value =
        give(&app.new_client(), &app, "key-twice-0001", &gift(5000, "bank_transfer")).await.json().await.unwrap();
    let id = g["id"].as_i64().unwrap();
    let url = format!("/api/v1/donations/{id}/confirm");

    assert_eq!(app.new_client().post(app.url(&url)).send().await.unwrap().status(), 401);
    app.sign_in_with_role("res@example.org", Role::Resident).await;
    let r = app.client.post(app.url(&url)).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(app.get("/api/v1/donations").await.status(), 403);

    let staff = TestApp { client: app.new_client(), ..crate::common::spawn_sibling(&app).await };
    staff.sign_in_with_role("staff@example.org", Role::Staff).await;
    let first: Value = staff.client.post(staff.url(&url)).send().await.unwrap().json().await.unwrap();
    let second: Value = staff.client.post(staff.url(&url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(first["receipt"], second["receipt"]);
    assert_eq!(campaign(&app).await["campaign"]["raised_cents"], 5000, "counted once");
    let found: Value = staff
        .get(&format!("/api/v1/donations?reference={}", g["payment_reference"].as_str().unwrap()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1, "search by reference");
}

#[tokio::test]
async fn a_refund_reverses_the_total_and_cancels_the_receipt() {
    let app = app_with_campaign().await;
    app.sign_in_with_role("staff@example.org", Role::Staff).await;
    let g: Value =
        give(&app.new_client(), &app, "key-refund-001", &gift(3000, "bank_transfer")).await.json().await.unwrap();
    let id = g["id"].as_i64().unwrap();
    let refund = |reason: &'static str| {
        let (c, url) = (app.client.clone(), app.url(&format!("/api/v1/donations/{id}/refund")));
        async move { c.post(url).json(&json!({"reason": reason})).send().await.unwrap() }
    };
    assert_eq!(refund("errore").await.status(), 409, "a pledge cannot be refunded");
    let confirmed: Value = app
        .client
        .post(app.url(&format!("/api/v1/donations/{id}/confirm")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(campaign(&app).await["campaign"]["raised_cents"], 3000);
    assert_eq!(refund("").await.status(), 422, "a refund needs a reason");
    let r = refund("Donazione doppia").await;
    assert_eq!(r.status(), 200);
    let refunded: Value = r.json().await.unwrap();
    assert_eq!(refunded["status"], "refunded");
    assert_eq!(refunded["receipt"], confirmed["receipt"], "never renumbered");
    assert_eq!(refunded["receipt_cancelled"], true);
    let c = campaign(&app).await;
    assert_eq!(c["campaign"]["raised_cents"], 0);
    assert_eq!(c["campaign"]["donors"], 0);
    assert_eq!(c["daily"].as_array().unwrap().len(), 1, "{c}");
    assert_eq!(c["daily"][0]["cents"], 0, "the day's net is zero");
    assert_eq!(refund("ancora").await.status(), 409);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger").await, 2, "gift and reversal, nothing deleted");
}

#[tokio::test]
async fn webhooks_are_verified_and_processed_once() {
    let app = app_with_campaign().await;
    let g: Value = give(&app.new_client(), &app, "key-card-00001", &gift(4200, "card")).await.json().await.unwrap();
    let checkout = g["checkout_url"].as_str().unwrap();
    let session = checkout.rsplit('/').next().unwrap();
    let body = completed_event(session, 4200);
    let now = chrono::Utc::now().timestamp();
    let post = |sig: String, body: Vec<u8>| {
        let c = app.new_client();
        let url = app.url("/api/v1/payments/webhook/dev");
        async move {
            c.post(url)
                .header("stripe-signature", sig)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    let forged = StripeCompatible::new("dev", "not the secret").sign(now, &body);
    assert_eq!(post(forged, body.clone()).await.status(), 400);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payment_events").await, 0, "nothing written");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger").await, 0);

    let good = StripeCompatible::new("dev", WEBHOOK_SECRET).sign(now, &body);
    assert_eq!(post(good.clone(), body.clone()).await.status(), 200);
    assert_eq!(post(good, body.clone()).await.status(), 200, "a replay is accepted");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger").await, 1, "and changes nothing");
    assert_eq!(campaign(&app).await["campaign"]["raised_cents"], 4200);

    // A different event for the same session (the provider retried) is also one gift.
    let again = completed_event(session, 4200);
    let sig = StripeCompatible::new("dev", WEBHOOK_SECRET).sign(now, &again);
    assert_eq!(post(sig, again).await.status(), 200);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger").await, 1);
}

#[tokio::test]
async fn anonymous_donors_are_not_named_and_exports_are_for_staff() {
    let app = app_with_campaign().await;
    app.sign_in_with_role("staff@example.org", Role::Staff).await;
    let mut body = gift(1000, "bank_transfer");
    body["anonymous"] = json!(true);
    body["donor_name"] = json!("Giulia Segreta");
    let g: Value = give(&app.new_client(), &app, "key-anon-00001", &body).await.json().await.unwrap();
    app.client.post(app.url(&format!("/api/v1/donations/{}/confirm", g["id"]))).send().await.unwrap();
    let raw =
        app.new_client().get(app.url(&format!("/api/v1/campaigns/{SLUG}"))).send().await.unwrap().text().await.unwrap();
    assert!(!raw.contains("Giulia"), "{raw}");
    assert!(!raw.contains("maria@example.org") && !raw.contains("@"), "no personal data in the public page");
    assert!(raw.contains("Anonimo"));

    let csv = app.get(&format!("/api/v1/campaigns/{SLUG}/donations.csv")).await;
    assert_eq!(csv.status(), 200);
    let text = csv.text().await.unwrap();
    assert!(text.lines().count() == 2 && text.contains("Giulia Segreta"));
    assert_eq!(
        app.new_client()
            .get(app.url(&format!("/api/v1/campaigns/{SLUG}/donations.csv")))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

#[tokio::test]
async fn staff_create_publish_and_close_campaigns() {
    let app = app_with_campaign().await;
    let funds: Value = app.get("/api/v1/funds").await.json().await.unwrap();
    let fund_id = funds[0]["id"].as_i64().unwrap();
    let input = json!({"title": "Laboratorio di Crema 2027", "story": "Materiali", "fund_id": fund_id,
                       "goal_cents": 300000, "starts_on": "2027-01-01", "ends_on": "2027-06-30"});
    assert_eq!(app.post_json("/api/v1/campaigns", input.clone()).await.status(), 401);
    app.sign_in_with_role("res@example.org", Role::Resident).await;
    assert_eq!(app.post_json("/api/v1/campaigns", input.clone()).await.status(), 403);

    let staff = TestApp { client: app.new_client(), ..crate::common::spawn_sibling(&app).await };
    staff.sign_in_with_role("staff@example.org", Role::Staff).await;
    let r = staff.post_json("/api/v1/campaigns", input.clone()).await;
    assert_eq!(r.status(), 201);
    let slug = r.json::<Value>().await.unwrap()["slug"].as_str().unwrap().to_owned();
    assert_eq!(slug, "laboratorio-di-crema-2027");
    assert_eq!(staff.post_json("/api/v1/campaigns", input).await.status(), 422, "slug taken");

    // A draft is invisible to the public and refuses gifts.
    assert_eq!(app.new_client().get(app.url(&format!("/api/v1/campaigns/{slug}"))).send().await.unwrap().status(), 404);
    let g = app
        .new_client()
        .post(app.url(&format!("/api/v1/campaigns/{slug}/donations")))
        .header("idempotency-key", "draft-gift-0001")
        .json(&gift(1000, "bank_transfer"))
        .send()
        .await
        .unwrap();
    assert_eq!(g.status(), 409);

    let status = |s: &'static str| {
        let (c, url) = (staff.client.clone(), staff.url(&format!("/api/v1/campaigns/{slug}/status")));
        async move { c.post(url).json(&json!({"status": s})).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(status("closed").await, 409, "a draft is published before it is closed");
    assert_eq!(status("published").await, 204);
    assert_eq!(app.new_client().get(app.url(&format!("/api/v1/campaigns/{slug}"))).send().await.unwrap().status(), 200);
    assert_eq!(status("closed").await, 204);

    let bad = json!({"title": "X", "fund_id": fund_id, "goal_cents": 300000, "starts_on": "2027-06-30", "ends_on": "2027-01-01"});
    let r = staff.client.put(staff.url(&format!("/api/v1/campaigns/{slug}"))).json(&bad).send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap()["fields"]["ends_on"],
        "La data di fine non può precedere quella di inizio."
    );
}

#[tokio::test]
async fn staff_record_cash_and_in_kind_gifts_with_receipts() {
    let app = app_with_campaign().await;
    app.sign_in_with_role("staff@example.org", Role::Staff).await;
    let url = app.url(&format!("/api/v1/campaigns/{SLUG}/offline-gifts"));
    let cash = json!({"amount_cents": 2000, "donor_name": "Signora Rosa", "method": "cash"});
    let post = |key: &'static str, body: Value| {
        let (c, url) = (app.client.clone(), url.clone());
        async move { c.post(url).header("idempotency-key", key).json(&body).send().await.unwrap() }
    };
    let r = post("offline-key-001", cash.clone()).await;
    assert_eq!(r.status(), 201);
    let row: Value = r.json().await.unwrap();
    assert_eq!(row["status"], "received");
    assert!(row["receipt"].as_str().unwrap().ends_with("/000001"));
    assert_eq!(post("offline-key-001", cash).await.status(), 201, "same key");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM donations").await, 1, "one gift");

    let r =
        post("offline-key-002", json!({"amount_cents": 5000, "donor_name": "Forno Rossi", "method": "in_kind"})).await;
    assert_eq!(r.status(), 422, "in kind: say what was given");
    let r = post(
        "offline-key-003",
        json!({"amount_cents": 5000, "donor_name": "Forno Rossi", "method": "in_kind", "note": "Pane per la festa"}),
    )
    .await;
    assert_eq!(r.status(), 201);
    assert_eq!(campaign(&app).await["campaign"]["raised_cents"], 7000);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, 0, "no address, no email");
}

#[tokio::test]
async fn receipts_open_with_the_emailed_link_or_for_staff() {
    use sqlx::Row;
    let app = app_with_campaign().await;
    let staff = TestApp { client: app.new_client(), ..crate::common::spawn_sibling(&app).await };
    staff.sign_in_with_role("staff@example.org", Role::Staff).await;
    let mut body = gift(2500, "bank_transfer");
    body["tax_code"] = json!("RSSMRA85T10A562S");
    let g: Value = give(&app.new_client(), &app, "key-receipt-01", &body).await.json().await.unwrap();
    let id = g["id"].as_i64().unwrap();
    staff.client.post(staff.url(&format!("/api/v1/donations/{id}/confirm"))).send().await.unwrap();

    let mail: String =
        sqlx::query("SELECT body FROM outbox").fetch_one(&app.db.pool).await.unwrap().try_get("body").unwrap();
    let link = mail.split_whitespace().find(|w| w.contains("/ricevute/")).unwrap().to_owned();
    let path = &link[link.find("/ricevute/").unwrap()..];
    let html = app.new_client().get(app.url(path)).send().await.unwrap();
    assert_eq!(html.status(), 200, "{path}");
    let html = html.text().await.unwrap();
    assert!(html.contains("Ricevuta n. ") && html.contains("25,00 €") && html.contains("art. 83"));
    assert!(html.contains("RSSMRA85T10A562S"));

    let forged = app
        .new_client()
        .get(app.url(&format!("/ricevute/{id}?t=00000000000000000000000000000000")))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 404);
    assert_eq!(app.new_client().get(app.url(&format!("/ricevute/{id}"))).send().await.unwrap().status(), 404);
    assert_eq!(staff.get(&format!("/ricevute/{id}")).await.status(), 200, "staff need no token");

    // The same receipt as a PDF file, behind the same token.
    let pdf_path = path.replacen('?', "/pdf?", 1);
    let pdf = app.new_client().get(app.url(&pdf_path)).send().await.unwrap();
    assert_eq!(pdf.status(), 200, "{pdf_path}");
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let disposition = pdf.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"ricevuta-") && disposition.ends_with("-000001.pdf\""));
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.trim_end().ends_with("%%EOF"));
    // Text with the euro sign (byte 0x80 in WinAnsi) is written as a hex string.
    let amount: String = b"la somma di 25,00 \x80".iter().map(|b| format!("{b:02X}")).collect();
    assert!(text.contains(&format!("<{amount}>")), "the amount with the WinAnsi euro sign");
    assert!(text.contains("RSSMRA85T10A562S") && text.contains("/Helvetica-Bold"));
    let forged_pdf = format!("/ricevute/{id}/pdf?t=00000000000000000000000000000000");
    assert_eq!(app.new_client().get(app.url(&forged_pdf)).send().await.unwrap().status(), 404);

    staff
        .client
        .post(staff.url(&format!("/api/v1/donations/{id}/refund")))
        .json(&json!({"reason": "doppia"}))
        .send()
        .await
        .unwrap();
    let html = staff.get(&format!("/ricevute/{id}")).await.text().await.unwrap();
    assert!(html.contains("RICEVUTA ANNULLATA") && html.contains("doppia"));
}

#[tokio::test]
async fn the_widget_is_the_only_frameable_page() {
    let app = app_with_campaign().await;
    let r = app.new_client().get(app.url(&format!("/widget/campagne/{SLUG}?lang=en"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    assert!(r.headers().get("x-frame-options").is_none());
    let html = r.text().await.unwrap();
    assert!(html.contains("€0.00") && html.contains("raised"), "{html}");
    let page = app.new_client().get(app.url(&format!("/campagne/{SLUG}"))).send().await.unwrap();
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    assert_eq!(app.new_client().get(app.url("/widget/campagne/nessuna")).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn checkpoints_keep_figures_exact_as_the_ledger_grows() {
    use sqlx::Row;
    let app = app_with_campaign().await;
    let id: i64 = sqlx::query("SELECT id FROM campaigns WHERE slug = $1")
        .bind(SLUG)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    // A settled past: 500 gifts of 3 € over the last 30 days, and one refund.
    let now = server::db::now();
    for i in 0..500 {
        sqlx::query("INSERT INTO ledger (campaign_id, kind, amount_cents, created_at) VALUES ($1, 'gift', 300, $2)")
            .bind(id)
            .bind(now - 3600 * 2 - i * 5000)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    sqlx::query("INSERT INTO ledger (campaign_id, kind, amount_cents, created_at) VALUES ($1, 'refund', -300, $2)")
        .bind(id)
        .bind(now - 3600 * 3)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let before = campaign(&app).await;
    server::campaigns::totals::advance(&app.db).await.unwrap();
    server::campaigns::totals::advance(&app.db).await.unwrap(); // idempotent
    let after = campaign(&app).await;
    assert_eq!(before, after, "a checkpoint changes no figure");
    assert_eq!(after["campaign"]["raised_cents"], 499 * 300);
    assert_eq!(after["campaign"]["donors"], 499);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger_checkpoints").await, 2, "one per campaign");

    // New gifts after the checkpoint are counted from the tail.
    app.sign_in_with_role("staff@example.org", Role::Staff).await;
    let g: Value =
        give(&app.new_client(), &app, "key-after-cp-01", &gift(1000, "bank_transfer")).await.json().await.unwrap();
    app.client.post(app.url(&format!("/api/v1/donations/{}/confirm", g["id"]))).send().await.unwrap();
    let c = campaign(&app).await;
    assert_eq!(c["campaign"]["raised_cents"], 499 * 300 + 1000);
    let daily_sum: i64 = c["daily"].as_array().unwrap().iter().map(|d| d["cents"].as_i64().unwrap()).sum();
    assert_eq!(daily_sum, 499 * 300 + 1000, "the chart adds up to the total");

    // The page reads the tail once for both; the same figures as two reads.
    let (t, d) = server::campaigns::totals::figures(&app.db, id).await.unwrap();
    assert_eq!(t, server::campaigns::totals::totals(&app.db, id).await.unwrap());
    assert_eq!(d, server::campaigns::totals::daily(&app.db, id).await.unwrap());
}

fn expense_form(doc: Option<(&'static str, Vec<u8>)>) -> reqwest::multipart::Form {
    let json = json!({"amount_cents": 12000, "spent_on": "2026-11-20", "category": "bills",
                      "supplier": "Padania Acque", "description": "Bollette di tre famiglie"});
    let form = reqwest::multipart::Form::new().text("expense", json.to_string());
    match doc {
        Some((name, bytes)) => form.part("attachment", reqwest::multipart::Part::bytes(bytes).file_name(name)),
        None => form,
    }
}

#[tokio::test]
async fn expenses_are_shown_and_their_documents_kept_for_staff() {
    let app = app_with_campaign().await;
    let staff = TestApp { client: app.new_client(), ..crate::common::spawn_sibling(&app).await };
    staff.sign_in_with_role("staff@example.org", Role::Staff).await;
    let url = staff.url(&format!("/api/v1/campaigns/{SLUG}/expenses"));
    let post = |key: &'static str, form: reqwest::multipart::Form| {
        let (c, url) = (staff.client.clone(), url.clone());
        async move { c.post(url).header("idempotency-key", key).multipart(form).send().await.unwrap() }
    };

    let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".to_vec();
    let r = post("expense-key-001", expense_form(Some(("bolletta.pdf", pdf.clone())))).await;
    assert_eq!(r.status(), 201);
    let row: Value = r.json().await.unwrap();
    assert_eq!(row["has_attachment"], true);
    assert_eq!(post("expense-key-001", expense_form(Some(("bolletta.pdf", pdf.clone())))).await.status(), 201);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM expenses").await, 1, "same key, one expense");

    let exe = b"MZ\x90\x00\x03\x00\x00\x00this is not a pdf".to_vec();
    let r = post("expense-key-002", expense_form(Some(("fattura.pdf", exe)))).await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap()["fields"]["attachment"],
        "Il file deve essere un PDF, un JPEG o un PNG."
    );
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(11 * 1024 * 1024, b'x');
    let r = post("expense-key-003", expense_form(Some(("grande.pdf", big)))).await;
    assert_eq!(r.status(), 413);
    assert_eq!(r.json::<Value>().await.unwrap()["message"], "I dati inviati sono troppo grandi.");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM expenses").await, 1, "nothing written for refused files");

    let c = campaign(&app).await;
    assert_eq!(c["campaign"]["spent_cents"], 12000);
    assert_eq!(c["expenses"][0]["supplier"], "Padania Acque");
    let id = c["expenses"][0]["id"].as_i64().unwrap();
    let doc = format!("/api/v1/expenses/{id}/attachment");
    assert_eq!(app.new_client().get(app.url(&doc)).send().await.unwrap().status(), 401);
    app.sign_in_with_role("res@example.org", Role::Resident).await;
    assert_eq!(app.get(&doc).await.status(), 403);
    let got = staff.get(&doc).await;
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["content-type"], "application/pdf");
    assert_eq!(got.bytes().await.unwrap().to_vec(), pdf);
    let r = app
        .client
        .post(app.url(&format!("/api/v1/campaigns/{SLUG}/expenses")))
        .header("idempotency-key", "expense-key-004")
        .multipart(expense_form(None))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "residents cannot record expenses");
}

#[tokio::test]
async fn a_bank_statement_is_previewed_then_confirmed() {
    let app = app_with_campaign().await;
    let a: Value =
        give(&app.new_client(), &app, "key-stmt-00001", &gift(2500, "bank_transfer")).await.json().await.unwrap();
    let b: Value =
        give(&app.new_client(), &app, "key-stmt-00002", &gift(4000, "bank_transfer")).await.json().await.unwrap();
    let (ra, rb) = (a["payment_reference"].as_str().unwrap(), b["payment_reference"].as_str().unwrap());
    let csv = format!(
        "Data;Importo;Causale\n25/11/2026;25,00;Bonifico {}\n25/11/2026;30,00;{}\n25/11/2026;10,00;offerta senza causale\n25/11/2026;5,00;LGM-ZZZZZZZZ\n",
        ra.to_lowercase(),
        rb
    );
    let preview = |body: String| {
        let (c, url) = (app.client.clone(), app.url("/api/v1/bank-statements/preview"));
        async move { c.post(url).header("content-type", "text/csv").body(body).send().await.unwrap() }
    };
    assert_eq!(preview(csv.clone()).await.status(), 401);
    app.sign_in_with_role("staff@example.org", Role::Staff).await;
    let p: Value = preview(csv.clone()).await.json().await.unwrap();
    let kinds: Vec<&str> =
        p["matches"].as_array().unwrap().iter().map(|m| m["outcome"]["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["match", "amount_differs", "no_reference", "no_reference"], "{p}");
    assert_eq!(campaign(&app).await["campaign"]["raised_cents"], 0, "a preview writes nothing");

    let id = p["matches"][0]["outcome"]["donation_id"].as_i64().unwrap();
    let r = app.post_json("/api/v1/bank-statements/confirm", json!({"donation_ids": [id]})).await;
    assert_eq!(r.status(), 200);
    assert_eq!(campaign(&app).await["campaign"]["raised_cents"], 2500);
    let again: Value = preview(csv).await.json().await.unwrap();
    assert_eq!(again["matches"][0]["outcome"]["kind"], "already_received");
}

#[tokio::test]
async fn the_funder_report_sums_income_by_source_and_spending_by_category() {
    let app = app_with_campaign().await;
    app.sign_in_with_role("staff@example.org", Role::Staff).await;
    let g: Value =
        give(&app.new_client(), &app, "key-report-001", &gift(10000, "bank_transfer")).await.json().await.unwrap();
    app.client.post(app.url(&format!("/api/v1/donations/{}/confirm", g["id"]))).send().await.unwrap();
    let offline = app.url(&format!("/api/v1/campaigns/{SLUG}/offline-gifts"));
    app.client
        .post(&offline)
        .header("idempotency-key", "key-report-002")
        .json(&json!({"amount_cents": 2000, "donor_name": "Rosa", "method": "cash"}))
        .send()
        .await
        .unwrap();
    let r = app
        .client
        .post(app.url(&format!("/api/v1/campaigns/{SLUG}/expenses")))
        .header("idempotency-key", "key-report-003")
        .multipart(expense_form(None))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);

    let today = shared::time::to_rome(chrono::Utc::now()).format("%Y-%m-%d").to_string();
    let report: Value = app.get(&format!("/api/v1/reports/funder?from={today}&to={today}")).await.json().await.unwrap();
    assert_eq!(report["total_income_cents"], 12000);
    assert_eq!(report["total_spending_cents"], 12000);
    let income: Vec<(String, i64)> = report["income_by_method"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["method"].as_str().unwrap().to_owned(), m["cents"].as_i64().unwrap()))
        .collect();
    assert_eq!(income, [("bank_transfer".to_owned(), 10000), ("cash".to_owned(), 2000)]);
    assert_eq!(report["spending_by_category"][0]["category"], "bills");
    assert_eq!(report["campaigns"][0]["campaign"], "Banca dell'acqua");

    let csv =
        app.get(&format!("/api/v1/reports/funder?from={today}&to={today}&format=csv")).await.text().await.unwrap();
    assert!(csv.contains("income,cash,,20.00") && csv.contains("total_spending,,,120.00"), "{csv}");
    let gifts =
        app.get(&format!("/api/v1/campaigns/{SLUG}/donations.csv?from={today}&to={today}")).await.text().await.unwrap();
    assert_eq!(gifts.lines().count(), 3, "header and two gifts: {gifts}");
    assert!(gifts.contains(",20.00,cash,false,received,"), "cash is not deductible: {gifts}");
    let none = app
        .get(&format!("/api/v1/campaigns/{SLUG}/donations.csv?from=2020-01-01&to=2020-01-31"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(none.lines().count(), 1);
    let spending = app.get(&format!("/api/v1/campaigns/{SLUG}/expenses.csv")).await.text().await.unwrap();
    assert!(spending.contains(",120.00,bills,Padania Acque,"), "{spending}");
    let empty: Value = app.get("/api/v1/reports/funder?from=2020-01-01&to=2020-12-31").await.json().await.unwrap();
    assert_eq!(empty["total_income_cents"], 0);
    assert_eq!(app.get("/api/v1/reports/funder?from=2026-12-31&to=2026-01-01").await.status(), 422);
    assert_eq!(
        app.new_client()
            .get(app.url("/api/v1/reports/funder?from=2026-01-01&to=2026-12-31"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

#[tokio::test]
async fn admins_set_the_organisation_data_and_the_gift_limit() {
    let app = app_with_campaign().await;
    let settings = json!({"name": "Fondazione Comunitaria di Cremona", "address": "Via Roma 1, 26100 Cremona",
        "tax_code": "00000000000", "iban": "it60 x054 2811 1010 0000 0123 456", "bank": "Banca Cremasca",
        "max_gift_cents": 5000});

    app.sign_in_with_role("resident@example.org", Role::Resident).await;
    let r = app.client.put(app.url("/api/v1/admin/settings")).json(&settings).send().await.unwrap();
    assert_eq!(r.status(), 403, "a resident cannot change settings");

    let admin = TestApp { client: app.new_client(), ..crate::common::spawn_sibling(&app).await };
    admin.sign_in_as_admin().await;
    let mut bad = settings.clone();
    bad["iban"] = json!("IT61X0542811101000000123456");
    let r = admin.client.put(admin.url("/api/v1/admin/settings")).json(&bad).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert!(body["fields"]["iban"].as_str().unwrap().contains("IBAN"), "{body}");

    let r = admin.client.put(admin.url("/api/v1/admin/settings")).json(&settings).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let saved: Value = admin.get("/api/v1/admin/settings").await.json().await.unwrap();
    assert_eq!(saved["iban"], "IT60X0542811101000000123456", "stored normalised");
    assert_eq!(saved["max_gift"], 5000);

    // The new limit applies to the next gift at once.
    let r = give(&app.new_client(), &app, "key-over-limit-1", &gift(5001, "bank_transfer")).await;
    assert_eq!(r.status(), 422);
    let r = give(&app.new_client(), &app, "key-at-limit-01", &gift(5000, "bank_transfer")).await;
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    assert_eq!(created["iban"], "IT60X0542811101000000123456", "{created}");
}

#[tokio::test]
async fn the_ledger_refuses_updates_and_deletes_by_itself() {
    let app = app_with_campaign().await;
    app.sign_in_with_role("staff@example.org", Role::Staff).await;
    let url = app.url(&format!("/api/v1/campaigns/{SLUG}/offline-gifts"));
    let cash = json!({"amount_cents": 2000, "donor_name": "Signora Rosa", "method": "cash"});
    let r = app.client.post(url).header("idempotency-key", "ledger-key-01").json(&cash).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let update = sqlx::query("UPDATE ledger SET amount_cents = 2000000").execute(&app.db.pool).await;
    assert!(update.is_err(), "a direct UPDATE of the ledger must fail");
    let delete = sqlx::query("DELETE FROM ledger").execute(&app.db.pool).await;
    assert!(delete.is_err(), "a direct DELETE of the ledger must fail");
    assert_eq!(count(&app, "SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) FROM ledger").await, 2000);
    assert_eq!(campaign(&app).await["campaign"]["raised_cents"], 2000);
}

#[tokio::test]
async fn a_campaign_takes_no_new_gift_after_its_end_date() {
    let app = app_with_campaign().await;
    let pledged: Value =
        give(&app.new_client(), &app, "key-before-end-1", &gift(1500, "bank_transfer")).await.json().await.unwrap();
    sqlx::query("UPDATE campaigns SET ends_on = '2020-12-31' WHERE slug = $1")
        .bind(SLUG)
        .execute(&app.db.pool)
        .await
        .unwrap();

    let r = give(&app.new_client(), &app, "key-after-end-01", &gift(1500, "bank_transfer")).await;
    assert_eq!(r.status(), 409);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "campaign_ended");
    assert!(body["message"].as_str().unwrap().contains("si è conclusa"), "{body}");
    let page = campaign(&app).await;
    assert_eq!(page["campaign"]["ended"], true);
    assert_eq!(page["campaign"]["days_left"], 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM donations").await, 1, "nothing new pledged");

    // A pledge made before the end is still money promised: staff confirm it.
    let staff = TestApp { client: app.new_client(), ..crate::common::spawn_sibling(&app).await };
    staff.sign_in_with_role("staff@example.org", Role::Staff).await;
    let id = pledged["id"].as_i64().unwrap();
    let r = staff.client.post(staff.url(&format!("/api/v1/donations/{id}/confirm"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(campaign(&app).await["campaign"]["raised_cents"], 1500);
}

#[tokio::test]
async fn a_staff_note_on_an_offline_gift_is_never_public() {
    let app = app_with_campaign().await;
    app.sign_in_with_role("staff@example.org", Role::Staff).await;
    let cheque = json!({"amount_cents": 10000, "donor_name": "Famiglia Verdi", "method": "cheque",
                        "note": "Assegno n. 4471, Banca Cremasca"});
    let r = app
        .client
        .post(app.url(&format!("/api/v1/campaigns/{SLUG}/offline-gifts")))
        .header("idempotency-key", "note-key-0001")
        .json(&cheque)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let row: Value = r.json().await.unwrap();
    assert_eq!(row["staff_note"], "Assegno n. 4471, Banca Cremasca");

    let public = app.new_client().get(app.url(&format!("/api/v1/campaigns/{SLUG}"))).send().await.unwrap();
    let public = public.text().await.unwrap();
    assert!(public.contains("Famiglia Verdi"), "the donor is on the wall");
    assert!(!public.contains("4471") && !public.contains("Assegno"), "{public}");
    let html = app.new_client().get(app.url(&format!("/campagne/{SLUG}"))).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("4471"), "the page shows no staff note");
    let staff_list: Value = app.get(&format!("/api/v1/donations?campaign={SLUG}")).await.json().await.unwrap();
    assert_eq!(staff_list[0]["staff_note"], "Assegno n. 4471, Banca Cremasca", "staff read it");
}

#[tokio::test]
async fn an_idempotency_key_belongs_to_one_request_of_one_campaign() {
    let app = app_with_campaign().await;
    let first = give(&app.new_client(), &app, "shared-key-0001", &gift(1000, "bank_transfer")).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();

    // Someone else's request with the same key learns nothing of the first gift.
    let r = give(&app.new_client(), &app, "shared-key-0001", &gift(100_000, "bank_transfer")).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "idempotency_key_reused");
    assert!(body.get("payment_reference").is_none() && !body.to_string().contains("LGM-"), "{body}");

    let replay: Value =
        give(&app.new_client(), &app, "shared-key-0001", &gift(1000, "bank_transfer")).await.json().await.unwrap();
    assert_eq!(replay["id"], first["id"], "the same request is the same gift");

    // The same key on another campaign is another gift.
    let other = app
        .new_client()
        .post(app.url("/api/v1/campaigns/fondo-di-comunita/donations"))
        .header("idempotency-key", "shared-key-0001")
        .json(&gift(1000, "bank_transfer"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 201);
    let other: Value = other.json().await.unwrap();
    assert_ne!(other["id"], first["id"]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM donations").await, 2);
}
