//! Personal data under the person's control, over HTTP on a real database:
//! the profile, the password change, erasure at once or by an admin, and
//! what stays of an erased donor (anonymous amounts, receipts for admins).

use crate::common::{spawn_app, spawn_sibling, TestApp, PASSWORD};
use serde_json::{json, Value};
use shared::people::Role;
use sqlx::Row;

const SLUG: &str = "banca-dell-acqua";

async fn give(app: &TestApp, key: &str, tax_code: Option<&str>) -> Value {
    let mut body = json!({"amount_cents": 2500, "donor_name": "Anna Rossi", "email": "anna@example.org",
                          "message": "Per il quartiere", "method": "bank_transfer"});
    if let Some(code) = tax_code {
        body["tax_code"] = json!(code);
    }
    let r = app
        .client
        .post(app.url(&format!("/api/v1/campaigns/{SLUG}/donations")))
        .header("idempotency-key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

async fn raised(app: &TestApp) -> i64 {
    let page: Value =
        app.new_client().get(app.url(&format!("/api/v1/campaigns/{SLUG}"))).send().await.unwrap().json().await.unwrap();
    page["campaign"]["raised_cents"].as_i64().unwrap()
}

async fn one(app: &TestApp, sql: &str) -> sqlx::any::AnyRow {
    sqlx::query(sql).fetch_one(&app.db.pool).await.unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    one(app, sql).await.try_get::<i64, _>(0).unwrap()
}

/// Another browser of the same site, signed in as `role`.
async fn signed_in(app: &TestApp, email: &str, role: Role) -> TestApp {
    let other = TestApp { client: app.new_client(), ..spawn_sibling(app).await };
    other.sign_in_with_role(email, role).await;
    other
}

#[tokio::test]
async fn a_person_with_nothing_retained_is_erased_at_once_and_signed_out() {
    let app = spawn_app().await;
    server::campaigns::seed_demo(&app.db).await.unwrap();
    let me = app.register("anna@example.org").await;
    let id = me["id"].as_i64().unwrap();
    give(&app, "erase-now-0001", None).await;
    assert_eq!(app.new_client().post(app.url("/api/v1/me/erasure")).send().await.unwrap().status(), 401);

    let r = app.client.post(app.url("/api/v1/me/erasure")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), json!("done"));
    assert_eq!(app.get("/api/v1/me").await.status(), 401, "the session has ended");
    let again = json!({"email": "anna@example.org", "password": PASSWORD});
    assert_eq!(app.post_json("/api/v1/auth/sign-in", again).await.status(), 401);

    let person = one(&app, &format!("SELECT email, display_name, password_hash FROM people WHERE id = {id}")).await;
    assert_eq!(person.try_get::<String, _>("email").unwrap(), format!("erased-{id}@erased.invalid"));
    assert_eq!(person.try_get::<String, _>("display_name").unwrap(), "");
    assert_eq!(person.try_get::<String, _>("password_hash").unwrap(), "!");
    let gift = one(&app, "SELECT donor_name, email, message, anonymous, person_id, erased_at FROM donations").await;
    assert_eq!(gift.try_get::<String, _>("donor_name").unwrap(), "");
    assert_eq!(gift.try_get::<String, _>("email").unwrap(), "");
    assert_eq!(gift.try_get::<Option<String>, _>("message").unwrap(), None);
    assert_eq!(gift.try_get::<i64, _>("anonymous").unwrap(), 1);
    assert_eq!(gift.try_get::<Option<i64>, _>("person_id").unwrap(), None);
    assert!(gift.try_get::<Option<i64>, _>("erased_at").unwrap().is_some());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM person_roles").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox WHERE recipient = 'anna@example.org'").await, 0);
    // The audit keeps that it happened, by whom and when: nothing else.
    let row = one(&app, "SELECT person_id, carried_out_by, carried_out_at FROM erasures").await;
    assert_eq!(row.try_get::<i64, _>("person_id").unwrap(), id);
    assert_eq!(row.try_get::<Option<i64>, _>("carried_out_by").unwrap(), Some(id));

    let admin = signed_in(&app, "admin@example.org", Role::Admin).await;
    let people: Value = admin.get("/api/v1/admin/people").await.json().await.unwrap();
    assert!(!people.to_string().contains("erased"), "erased accounts are not listed: {people}");
    let queue: Value = admin.get("/api/v1/admin/erasures").await.json().await.unwrap();
    assert_eq!(queue[0]["display_name"], "");
    assert_eq!(queue[0]["email"], "");
    // The same address may open a new account.
    app.register("anna@example.org").await;
}

#[tokio::test]
async fn an_erasure_with_receipts_waits_for_an_admin_and_keeps_every_total() {
    let app = spawn_app().await;
    server::campaigns::seed_demo(&app.db).await.unwrap();
    app.register("anna@example.org").await;
    let g = give(&app, "erase-later-001", Some("RSSMRA85T10A562S")).await;
    let gift = g["id"].as_i64().unwrap();
    let staff = signed_in(&app, "staff@example.org", Role::Staff).await;
    let r = staff.client.post(staff.url(&format!("/api/v1/donations/{gift}/confirm"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let before = raised(&app).await;
    let ledger = count(&app, "SELECT COUNT(*) FROM ledger").await;

    // The donor's own export links their receipt, which opens for them.
    let data: Value = app.get("/api/v1/me/export").await.json().await.unwrap();
    let receipt = data["gifts"][0]["receipt_url"].as_str().unwrap().to_owned();
    assert_eq!(app.new_client().get(app.url(&receipt)).send().await.unwrap().status(), 200);

    let r = app.client.post(app.url("/api/v1/me/erasure")).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap(), json!("requested"));
    let r = app.client.post(app.url("/api/v1/me/erasure")).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap(), json!("requested"), "asking twice changes nothing");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM erasures").await, 1);
    let data: Value = app.get("/api/v1/me/export").await.json().await.unwrap();
    assert!(data["erasure_requested_at"].is_i64(), "{data}");

    assert_eq!(staff.get("/api/v1/admin/erasures").await.status(), 403);
    let admin = signed_in(&app, "admin@example.org", Role::Admin).await;
    let queue: Value = admin.get("/api/v1/admin/erasures").await.json().await.unwrap();
    assert_eq!((queue[0]["receipts"].as_i64(), queue[0]["email"].as_str()), (Some(1), Some("anna@example.org")));
    let erasure = queue[0]["id"].as_i64().unwrap();
    let carry_out = format!("/api/v1/admin/erasures/{erasure}/carry-out");
    assert_eq!(staff.client.post(staff.url(&carry_out)).send().await.unwrap().status(), 403);
    assert_eq!(admin.client.post(admin.url(&carry_out)).send().await.unwrap().status(), 204);
    assert_eq!(admin.client.post(admin.url(&carry_out)).send().await.unwrap().status(), 409, "once");
    assert_eq!(app.get("/api/v1/me").await.status(), 401, "the person's sessions have ended");

    assert_eq!(raised(&app).await, before, "the total is unchanged");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger").await, ledger, "the ledger is untouched");
    let rows: Value = staff.get("/api/v1/donations").await.json().await.unwrap();
    assert_eq!((rows[0]["erased"].as_bool(), rows[0]["donor_name"].as_str()), (Some(true), Some("")));
    let csv = staff.get(&format!("/api/v1/campaigns/{SLUG}/donations.csv")).await.text().await.unwrap();
    assert!(!csv.contains("Anna") && !csv.contains("anna@"), "{csv}");
    let page = app.new_client().get(app.url(&format!("/api/v1/campaigns/{SLUG}"))).send().await.unwrap();
    let page = page.text().await.unwrap();
    assert!(!page.contains("Anna") && !page.contains("Per il quartiere"), "the wall names no one");

    // The receipt stays for the legal period, for admins only.
    let receipt_page = format!("/ricevute/{gift}");
    assert_eq!(app.new_client().get(app.url(&receipt)).send().await.unwrap().status(), 404, "the link is dead");
    assert_eq!(staff.get(&receipt_page).await.status(), 404, "staff no longer read it");
    let html = admin.get(&receipt_page).await.text().await.unwrap();
    assert!(html.contains("Anna Rossi") && html.contains("RSSMRA85T10A562S"));

    // Ten years on, the retention purge anonymises it.
    let later = server::db::now() + shared::privacy::RECEIPTS_KEPT_SECS + 1;
    assert_eq!(server::retention::purge(&app.db, later).await.unwrap().receipts_anonymised, 1);
    let html = admin.get(&receipt_page).await.text().await.unwrap();
    assert!(!html.contains("Anna Rossi") && !html.contains("RSSMRA85T10A562S"));
    assert_eq!(raised(&app).await, before);
}

#[tokio::test]
async fn the_last_admin_cannot_be_erased_and_leaves_no_request() {
    let app = spawn_app().await;
    app.sign_in_as_admin().await;
    let r = app.client.post(app.url("/api/v1/me/erasure")).send().await.unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "last_admin");
    assert_eq!(app.get("/api/v1/me").await.status(), 200, "still signed in");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM erasures").await, 0);
}

#[tokio::test]
async fn the_profile_is_corrected_and_a_password_change_ends_other_sessions() {
    let app = spawn_app().await;
    app.register("anna@example.org").await;
    let phone = app.new_client();
    let creds = json!({"email": "anna@example.org", "password": PASSWORD});
    phone.post(app.url("/api/v1/auth/sign-in")).json(&creds).send().await.unwrap();

    let bad = app.client.put(app.url("/api/v1/me/profile")).json(&json!({"display_name": "", "language": "fr"}));
    let r = bad.send().await.unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    let fields: Vec<&String> = body["fields"].as_object().unwrap().keys().collect();
    assert_eq!(fields, ["display_name", "language"]);
    let ok =
        app.client.put(app.url("/api/v1/me/profile")).json(&json!({"display_name": "Anna Maria", "language": "en"}));
    let me: Value = ok.send().await.unwrap().json().await.unwrap();
    assert_eq!((me["display_name"].as_str(), me["language"].as_str()), (Some("Anna Maria"), Some("en")));

    let wrong = json!({"current": "non è lei", "new": "una password nuova"});
    let r = app.post_json("/api/v1/me/password", wrong).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["fields"]["current"], "The current password is not correct.", "in the person's new language");
    let right = json!({"current": PASSWORD, "new": "una password nuova"});
    assert_eq!(app.post_json("/api/v1/me/password", right).await.status(), 204);
    assert_eq!(app.get("/api/v1/me").await.status(), 200, "this device stays signed in");
    assert_eq!(phone.get(app.url("/api/v1/me")).send().await.unwrap().status(), 401, "the other device does not");
    let new = json!({"email": "anna@example.org", "password": "una password nuova"});
    assert_eq!(app.new_client().post(app.url("/api/v1/auth/sign-in")).json(&new).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn the_privacy_notice_names_the_controller_from_the_settings() {
    let app = spawn_app().await;
    let c: Value = app.get("/api/v1/privacy/controller").await.json().await.unwrap();
    assert_eq!(c["name"], server::settings::DEFAULTS[0].1);
    let html = app.get("/privacy").await.text().await.unwrap();
    assert!(html.contains("Titolare del trattamento") && html.contains("Garante"), "rendered on the server");
    let form = app.get("/registrati").await.text().await.unwrap();
    assert!(form.contains("href=\"/privacy\""), "the registration form links the notice");
}

/// Every route and server function of personal data: a guest gets 401, the
/// wrong role 403, and `/me/*` only ever touches the caller's own account.
#[tokio::test]
async fn personal_data_routes_check_role_and_owner() {
    let app = spawn_app().await;
    app.register("anna@example.org").await;
    let resident = signed_in(&app, "rita@example.org", Role::Resident).await;
    let staff = signed_in(&app, "staff@example.org", Role::Staff).await;
    // An open request of Anna's, as if she had receipts to keep.
    sqlx::query(
        "INSERT INTO erasures (person_id, requested_at) SELECT id, 1 FROM people WHERE email = 'anna@example.org'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let erasure: i64 = one(&app, "SELECT id FROM erasures").await.try_get("id").unwrap();
    let guest = app.new_client();
    let send = |c: &reqwest::Client, method: &str, path: &str, body: Option<Value>| {
        let mut r = c.request(method.parse().unwrap(), app.url(path));
        if let Some(b) = body {
            r = r.json(&b);
        }
        r.send()
    };
    let profile = json!({"display_name": "Chiunque", "language": "it"});
    let password = json!({"current": PASSWORD, "new": "una password nuova"});
    let carry_out = format!("/api/v1/admin/erasures/{erasure}/carry-out");
    let routes: [(&str, &str, Option<Value>, bool); 6] = [
        ("GET", "/api/v1/me/export", None, false),
        ("PUT", "/api/v1/me/profile", Some(profile.clone()), false),
        ("POST", "/api/v1/me/password", Some(password), false),
        ("POST", "/api/v1/me/erasure", None, false),
        ("GET", "/api/v1/admin/erasures", None, true),
        ("POST", &carry_out, None, true),
    ];
    for (method, path, body, admin_only) in routes {
        let r = send(&guest, method, path, body.clone()).await.unwrap();
        assert_eq!(r.status(), 401, "guest {method} {path}");
        if admin_only {
            for who in [&resident, &staff] {
                assert_eq!(
                    send(&who.client, method, path, body.clone()).await.unwrap().status(),
                    403,
                    "{method} {path}"
                );
            }
        }
    }
    // The same rules behind the interface's server functions.
    let form = |c: &reqwest::Client, path: &str, body: &str| {
        c.post(app.url(path)).header("content-type", "application/x-www-form-urlencoded").body(body.to_owned()).send()
    };
    for (path, body) in [("/fn/list_erasures", String::new()), ("/fn/carry_out_erasure", format!("id={erasure}"))] {
        assert_eq!(form(&guest, path, &body).await.unwrap().status(), 401, "guest {path}");
        assert_eq!(form(&resident.client, path, &body).await.unwrap().status(), 403, "resident {path}");
    }
    for path in ["/fn/my_data", "/fn/request_erasure"] {
        assert_eq!(form(&guest, path, "").await.unwrap().status(), 401, "guest {path}");
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM erasures WHERE carried_out_at IS NULL").await,
        1,
        "nothing carried out"
    );

    // `/me/profile` is the caller's: Rita renames herself, Anna stays Anna.
    let r = send(&resident.client, "PUT", "/api/v1/me/profile", Some(profile)).await.unwrap();
    assert_eq!(r.status(), 200);
    let anna: String = one(&app, "SELECT display_name FROM people WHERE email = 'anna@example.org'")
        .await
        .try_get("display_name")
        .unwrap();
    assert_eq!(anna, "Anna Rossi");
    let data: Value = send(&resident.client, "GET", "/api/v1/me/export", None).await.unwrap().json().await.unwrap();
    assert_eq!(data["account"]["email"], "rita@example.org");
}
