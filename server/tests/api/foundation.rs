//! The foundation's behaviour over HTTP, against a real database (SQLite by
//! default, PostgreSQL when LEGAMI_TEST_POSTGRES is set).

use crate::common::{spawn_app, spawn_sibling, PASSWORD};
use serde_json::{json, Value};

#[tokio::test]
async fn register_sign_in_me_sign_out() {
    let app = spawn_app().await;
    let me = app.register("Anna.Rossi@Example.org").await;
    assert_eq!(me["email"], "anna.rossi@example.org", "email is normalised");
    assert_eq!(me["roles"], json!(["resident"]));

    assert_eq!(app.get("/api/v1/me").await.status(), 200, "registering signs in");
    assert_eq!(app.client.post(app.url("/api/v1/auth/sign-out")).send().await.unwrap().status(), 204);
    assert_eq!(app.get("/api/v1/me").await.status(), 401);

    let r =
        app.post_json("/api/v1/auth/sign-in", json!({"email": "anna.rossi@example.org", "password": PASSWORD})).await;
    assert_eq!(r.status(), 200);
    let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["display_name"], "Anna Rossi");
}

#[tokio::test]
async fn session_cookie_is_http_only_and_lax() {
    let app = spawn_app().await;
    let r = app.confirm_registration("c@example.org").await;
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(cookie.starts_with("legami_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
}

#[tokio::test]
async fn wrong_password_is_401_in_the_callers_language() {
    let app = spawn_app().await;
    app.register("anna@example.org").await;
    let fresh = app.new_client();
    let r = fresh
        .post(app.url("/api/v1/auth/sign-in"))
        .json(&json!({"email": "anna@example.org", "password": "sbagliata!!"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "bad_credentials");
    assert_eq!(body["message"], "Email o password non corretti.");

    let r = fresh
        .post(app.url("/api/v1/auth/sign-in"))
        .header("accept-language", "en-GB,en;q=0.9")
        .json(&json!({"email": "nobody@example.org", "password": "sbagliata!!"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "unknown email answers like a wrong password");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["message"], "Wrong email or password.");
}

#[tokio::test]
async fn registration_answers_alike_whether_or_not_the_email_has_an_account() {
    use sqlx::Row;
    let app = spawn_app().await;
    app.register("anna@example.org").await;
    let stranger = app.new_client();
    let mut answers = Vec::new();
    for email in ["ANNA@example.org", "nuova@example.org"] {
        let r = stranger
            .post(app.url("/api/v1/auth/register"))
            .json(&json!({"email": email, "password": "la password di un altro", "display_name": "Altra Anna"}))
            .send()
            .await
            .unwrap();
        let cookie = r.headers().get("set-cookie").is_some();
        answers.push((r.status().as_u16(), cookie, r.text().await.unwrap()));
    }
    assert_eq!(answers[0], answers[1], "the same answer for a taken and a free address");
    assert_eq!(answers[0].0, 202);
    assert_eq!(stranger.get(app.url("/api/v1/me")).send().await.unwrap().status(), 401, "nobody is signed in");
    assert_eq!(server::places::count(&app.db, "people").await.unwrap(), 1, "no account before the link");

    // The owner is told, with no link that could change the account.
    let told = sqlx::query("SELECT subject, body FROM outbox WHERE recipient = 'anna@example.org' ORDER BY id DESC")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(told.try_get::<String, _>("subject").unwrap(), "Qualcuno ha provato a registrarsi con la tua email");
    let body: String = told.try_get("body").unwrap();
    assert!(body.contains("/password/dimenticata") && !body.contains("token="), "{body}");
    let mine = json!({"email": "anna@example.org", "password": PASSWORD});
    assert_eq!(app.new_client().post(app.url("/api/v1/auth/sign-in")).json(&mine).send().await.unwrap().status(), 200);

    // The free address gets the link; it works once.
    let token = app.link_token("nuova@example.org", "/registrati/conferma?token=").await.unwrap();
    let confirm = json!({"token": token});
    let r = stranger.post(app.url("/api/v1/auth/register/confirm")).json(&confirm).send().await.unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(stranger.get(app.url("/api/v1/me")).send().await.unwrap().status(), 200, "the link signs in");
    let again = app.new_client().post(app.url("/api/v1/auth/register/confirm")).json(&confirm).send().await.unwrap();
    assert_eq!(again.status(), 400);
    assert_eq!(again.json::<Value>().await.unwrap()["error"], "token_invalid");
}

#[tokio::test]
async fn invalid_fields_are_422_with_a_message_per_field() {
    let app = spawn_app().await;
    let r = app
        .post_json(
            "/api/v1/auth/register",
            json!({"email": "non-una-email", "password": "corta", "display_name": "", "language": "de"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "validation");
    assert!(body["fields"]["email"].as_str().unwrap().contains("email valido"));
    assert_eq!(body["fields"]["password"], "La password deve avere almeno 10 caratteri.");
    assert_eq!(body["fields"]["display_name"], "Campo obbligatorio.");
    assert_eq!(body["fields"]["language"], "Lingua non supportata.");

    let r = app.post_json("/api/v1/auth/register", json!({"email": "a@example.org"})).await;
    assert_eq!(r.status(), 422, "a missing field is named");
    let body: Value = r.json().await.unwrap();
    assert!(body["fields"]["password"].is_string(), "{body}");
    assert_eq!(server::places::count(&app.db, "people").await.unwrap(), 0);
    assert_eq!(server::places::count(&app.db, "outbox").await.unwrap(), 0, "no message for bad input");
}

#[tokio::test]
async fn wrong_content_type_and_malformed_json_are_4xx() {
    let app = spawn_app().await;
    let r = app
        .client
        .post(app.url("/api/v1/auth/sign-in"))
        .header("content-type", "text/plain")
        .body("email=a")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "unsupported_media_type");

    let r = app
        .client
        .post(app.url("/api/v1/auth/sign-in"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["message"], "Richiesta non valida.");
}

#[tokio::test]
async fn roles_are_checked_401_then_403() {
    let app = spawn_app().await;
    let r = app.get("/api/v1/admin/people").await;
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().await.unwrap()["message"], "Devi accedere per continuare.");

    app.register("resident@example.org").await;
    let r = app.get("/api/v1/admin/people").await;
    assert_eq!(r.status(), 403);
    assert_eq!(r.json::<Value>().await.unwrap()["message"], "Non hai i permessi per questa operazione.");
    assert_eq!(app.get("/api/v1/admin/outbox").await.status(), 403);
    let r = app.client.put(app.url("/api/v1/admin/people/1/roles/admin")).send().await.unwrap();
    assert_eq!(r.status(), 403, "a resident cannot make themselves admin");
}

#[tokio::test]
async fn server_functions_check_roles_too() {
    let app = spawn_app().await;
    app.register("resident@example.org").await;
    let r = app
        .client
        .post(app.url("/fn/list_people"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let text = r.text().await.unwrap();
    assert!(text.contains("forbidden"), "{text}");
}

#[tokio::test]
async fn bad_server_function_arguments_are_400_not_500() {
    let app = spawn_app().await;
    for (path, body) in [("/fn/set_language", "language=de"), ("/fn/set_role", "person_id=abc")] {
        let r = app
            .client
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{path}");
    }
}

#[tokio::test]
async fn admin_grants_and_revokes_roles_but_keeps_one_admin() {
    let app = spawn_app().await;
    let resident = app.register("res@example.org").await;
    let rid = resident["id"].as_i64().unwrap();
    let admin_client = app.new_client();
    let admin = crate::common::TestApp { client: admin_client, ..spawn_sibling(&app).await };
    let admin_id = admin.sign_in_as_admin().await;

    let r = admin.client.put(admin.url(&format!("/api/v1/admin/people/{rid}/roles/staff"))).send().await.unwrap();
    assert_eq!(r.status(), 204);
    let people: Value = admin.get("/api/v1/admin/people").await.json().await.unwrap();
    let row = people.as_array().unwrap().iter().find(|p| p["id"] == rid).unwrap();
    assert_eq!(row["roles"], json!(["resident", "staff"]));
    // The resident's own session sees the new role at once.
    let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["roles"], json!(["resident", "staff"]));

    let r =
        admin.client.delete(admin.url(&format!("/api/v1/admin/people/{admin_id}/roles/admin"))).send().await.unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "last_admin");
    let r = admin.client.put(admin.url("/api/v1/admin/people/999999/roles/staff")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let r = admin.client.put(admin.url(&format!("/api/v1/admin/people/{rid}/roles/root"))).send().await.unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn a_2_mb_body_is_413_with_a_translated_message() {
    let app = spawn_app().await;
    let big = "x".repeat(2 * 1024 * 1024);
    let r = app
        .client
        .post(app.url("/api/v1/auth/sign-in"))
        .header("content-type", "application/json")
        .body(format!("{{\"email\":\"{big}\",\"password\":\"p\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["message"], "I dati inviati sono troppo grandi.");

    let r = app
        .client
        .post(app.url("/fn/sign_in"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("email={big}&password=p"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413, "server functions are limited too");
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_account_with_retry_after() {
    let app = spawn_app().await;
    app.register("anna@example.org").await;
    let attempt = |password: &'static str| {
        let c = app.new_client();
        let url = app.url("/api/v1/auth/sign-in");
        async move { c.post(url).json(&json!({"email": "anna@example.org", "password": password})).send().await.unwrap() }
    };
    for _ in 0..server::auth::rate_limit::PER_ACCOUNT_AND_ADDRESS {
        assert_eq!(attempt("sbagliata!!").await.status(), 401);
    }
    let r = attempt(PASSWORD).await;
    assert_eq!(r.status(), 429, "even the right password waits once the limit is reached");
    let retry: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 15 * 60, "{retry}");
    assert_eq!(r.json::<Value>().await.unwrap()["message"], "Troppi tentativi. Riprova tra qualche minuto.");
}

/// The token from the reset message in the outbox.
async fn token_from_outbox(app: &crate::common::TestApp) -> String {
    use sqlx::Row;
    let row = sqlx::query("SELECT body FROM outbox ORDER BY id DESC LIMIT 1").fetch_one(&app.db.pool).await.unwrap();
    let body: String = row.try_get("body").unwrap();
    body.split("token=").nth(1).unwrap().split_whitespace().next().unwrap().to_owned()
}

#[tokio::test]
async fn password_reset_works_once_and_ends_sessions() {
    let app = spawn_app().await;
    app.register("anna@example.org").await;
    let r = app
        .new_client()
        .post(app.url("/api/v1/auth/password-reset"))
        .json(&json!({"email": "anna@example.org"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let r = app
        .new_client()
        .post(app.url("/api/v1/auth/password-reset"))
        .json(&json!({"email": "nobody@example.org"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202, "same answer for unknown accounts");
    assert_eq!(
        server::places::count(&app.db, "outbox").await.unwrap(),
        2,
        "the registration's link and one reset link"
    );

    let token = token_from_outbox(&app).await;
    let new_password = "un'altra password lunga";
    let confirm = |token: String| {
        let c = app.new_client();
        let url = app.url("/api/v1/auth/password-reset/confirm");
        async move { c.post(url).json(&json!({"token": token, "password": new_password})).send().await.unwrap() }
    };
    assert_eq!(confirm(token.clone()).await.status(), 204);
    assert_eq!(app.get("/api/v1/me").await.status(), 401, "old sessions ended");
    let r = confirm(token).await;
    assert_eq!(r.status(), 400, "a token works once");
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "token_invalid");
    let r = app.post_json("/api/v1/auth/sign-in", json!({"email": "anna@example.org", "password": new_password})).await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn an_expired_reset_token_is_refused() {
    let app = spawn_app().await;
    app.register("anna@example.org").await;
    app.post_json("/api/v1/auth/password-reset", json!({"email": "anna@example.org"})).await;
    let token = token_from_outbox(&app).await;
    sqlx::query("UPDATE password_resets SET expires_at = $1")
        .bind(server::db::now() - 1)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let r = app
        .post_json("/api/v1/auth/password-reset/confirm", json!({"token": token, "password": "nuova password lunga"}))
        .await;
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["message"], "Il collegamento non è valido o è scaduto. Chiedine uno nuovo.");
    assert_eq!(app.get("/api/v1/me").await.status(), 200, "nothing changed");
}

#[tokio::test]
async fn the_outbox_delivers_each_message_once() {
    let app = spawn_app().await;
    server::outbox::enqueue(&app.db, "a@example.org", "Oggetto", "Testo").await.unwrap();
    let sibling = spawn_sibling(&app).await;
    let mailer = server::outbox::Mailer::Log;
    let (a, b) =
        tokio::join!(server::outbox::deliver_due(&app.db, &mailer), server::outbox::deliver_due(&sibling.db, &mailer));
    assert_eq!(a.unwrap() + b.unwrap(), 1, "two workers, one delivery");
    let rows = server::outbox::list(&app.db, 10).await.unwrap();
    assert!(rows[0].sent_at.is_some());
    assert_eq!(rows[0].attempts, 1);
}

#[tokio::test]
async fn sessions_are_shared_between_server_processes() {
    let a = spawn_app().await;
    a.register("anna@example.org").await;
    let b = crate::common::TestApp { client: a.client.clone(), ..spawn_sibling(&a).await };
    let r = b.get("/api/v1/me").await;
    assert_eq!(r.status(), 200, "the session made by one process is valid on the other");
}

#[tokio::test]
async fn health_openapi_and_not_found() {
    let app = spawn_app().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"]["reachable"], true);

    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for path in ["/api/v1/auth/sign-in", "/api/v1/auth/register", "/api/v1/admin/people", "/api/v1/municipalities"] {
        assert!(doc["paths"][path].is_object(), "{path} missing from OpenAPI");
    }

    let r = app.get("/api/v1/nothing-here").await;
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<Value>().await.unwrap()["message"], "Risorsa non trovata.");

    let r = app.get("/pagina-che-non-esiste").await;
    assert_eq!(r.status(), 404);
    let html = r.text().await.unwrap();
    assert!(html.contains("Pagina non trovata"), "translated 404 page");
}

#[tokio::test]
async fn municipalities_are_the_113_comuni() {
    let app = spawn_app().await;
    let rows: Value = app.get("/api/v1/municipalities").await.json().await.unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 113);
    assert!(rows.iter().any(|m| m["istat_code"] == "019035" && m["name"] == "Crema"));
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_nonce_csp() {
    let app = spawn_app().await;
    let r = app.get("/").await;
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("'nonce-") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    let html = r.text().await.unwrap();
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "inline scripts carry the nonce");
    assert!(html.contains("<html lang=\"it\""));

    let r = app.client.get(app.url("/")).header("accept-language", "en").send().await.unwrap();
    let html = r.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\"") && html.contains("Skip to content"));

    let r = app.get("/api/v1/stats").await;
    assert!(r.headers()["content-security-policy"].to_str().unwrap().starts_with("default-src 'none'"));
}

#[tokio::test]
async fn the_chosen_language_is_kept_in_the_session_and_profile() {
    let app = spawn_app().await;
    app.register("anna@example.org").await;
    let r = app
        .client
        .post(app.url("/fn/set_language"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("language=en")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = app.get("/").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\""));
    let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["language"], "en");
}

#[tokio::test]
async fn cross_site_requests_are_refused_and_no_stranger_can_sign_a_visitor_in() {
    let app = spawn_app().await;
    app.register("anna@example.org").await;
    let sign_in = json!({"email": "anna@example.org", "password": PASSWORD});
    let url = app.url("/api/v1/auth/sign-in");

    // Login CSRF: a stranger's page posts its own credentials from the visitor's browser.
    let visitor = crate::common::bare_client();
    let r = visitor.post(&url).header("origin", "https://evil.example").json(&sign_in).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "cross_site");
    assert!(body["message"].as_str().unwrap().contains("un altro sito"), "{body}");
    assert_eq!(visitor.get(app.url("/api/v1/me")).send().await.unwrap().status(), 401, "not signed in");
    let r = visitor.post(&url).header("referer", "https://evil.example/page").json(&sign_in).send().await.unwrap();
    assert_eq!(r.status(), 403, "a foreign Referer");
    let r = visitor.post(&url).header("origin", "null").json(&sign_in).send().await.unwrap();
    assert_eq!(r.status(), 403, "an opaque origin");
    assert_eq!(visitor.post(&url).json(&sign_in).send().await.unwrap().status(), 403, "neither header");
    let r = visitor.post(&url).header("referer", app.url("/accedi")).json(&sign_in).send().await.unwrap();
    assert_eq!(r.status(), 200, "this site's Referer");

    // Server functions and the interface's forms, and other methods, alike.
    let signed_in = app.new_client();
    signed_in.post(&url).json(&sign_in).send().await.unwrap();
    let r = signed_in
        .post(app.url("/fn/sign_out"))
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "a server function");
    let r = signed_in
        .put(app.url("/api/v1/admin/settings"))
        .header("origin", "https://evil.example")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "PUT");
    assert_eq!(signed_in.get(app.url("/api/v1/me")).send().await.unwrap().status(), 200, "still signed in");
    assert_eq!(visitor.get(app.url("/api/v1/campaigns")).send().await.unwrap().status(), 200, "reads need no origin");
    // Payment providers call from their servers, authenticated by signature.
    let r = visitor.post(app.url("/api/v1/payments/webhook/dev")).body("{}").send().await.unwrap();
    assert_eq!(r.status(), 400, "checked by its signature, not its origin");
}

async fn sign_in_from(app: &crate::common::TestApp, forwarded: &str, password: &str) -> u16 {
    app.new_client()
        .post(app.url("/api/v1/auth/sign-in"))
        .header("x-forwarded-for", forwarded)
        .json(&json!({"email": "anna@example.org", "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere() {
    let app = crate::common::spawn_with(|c| c.trust_proxy = true).await;
    app.register("anna@example.org").await;
    // The attacker writes a new address of its own each time; our proxy adds
    // the one it saw (the right-most), which is what counts.
    for i in 0..server::auth::rate_limit::PER_ACCOUNT_AND_ADDRESS {
        assert_eq!(sign_in_from(&app, &format!("10.9.9.{i}, 203.0.113.7"), "sbagliata!!").await, 401);
    }
    assert_eq!(sign_in_from(&app, "10.9.9.99, 203.0.113.7", "sbagliata!!").await, 429, "the attacker's address waits");
    assert_eq!(sign_in_from(&app, "203.0.113.7", PASSWORD).await, 429, "from that address, even the right password");
    assert_eq!(sign_in_from(&app, "198.51.100.20", PASSWORD).await, 200, "the owner, from home, signs in");
}

#[tokio::test]
async fn password_reset_requests_are_limited_per_account_and_address() {
    let app = spawn_app().await;
    app.register("anna@example.org").await;
    let ask = |email: &'static str| {
        let (c, url) = (app.new_client(), app.url("/api/v1/auth/password-reset"));
        async move { c.post(url).json(&json!({"email": email})).send().await.unwrap().status().as_u16() }
    };
    for _ in 0..server::auth::rate_limit::RESETS_PER_ACCOUNT_AND_ADDRESS {
        assert_eq!(ask("anna@example.org").await, 202);
    }
    assert_eq!(ask("anna@example.org").await, 429);
    // The registration's link, then three reset links.
    assert_eq!(server::places::count(&app.db, "outbox").await.unwrap(), 4, "no more messages to her inbox");
    for _ in 0..server::auth::rate_limit::RESETS_PER_ACCOUNT_AND_ADDRESS {
        assert_eq!(ask("nobody@example.org").await, 202, "unknown accounts are counted the same");
    }
    assert_eq!(ask("nobody@example.org").await, 429, "so the limit tells nothing about who has an account");

    // A reset with a token that does not exist is refused before any hashing.
    let r = app
        .new_client()
        .post(app.url("/api/v1/auth/password-reset/confirm"))
        .json(&json!({"token": "not-a-token", "password": "una password nuova"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

/// Sends an upload's headers and the first bytes of a body announced as
/// 5 MB, then waits: an answer can only come before the body was read.
async fn upload_answer_before_body(app: &crate::common::TestApp, path: &str, cookie: Option<&str>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let cookie = cookie.map(|c| format!("cookie: {c}\r\n")).unwrap_or_default();
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: {}\r\norigin: {}\r\n{cookie}content-type: multipart/form-data; boundary=x\r\n\
         content-length: 5000000\r\n\r\n--x\r\n",
        app.addr, app.origin
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut buf))
        .await
        .expect("the server answered without waiting for the body")
        .unwrap();
    String::from_utf8_lossy(&buf[..n]).lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn uploads_are_refused_before_their_body_is_read() {
    let app = spawn_app().await;
    for path in ["/api/v1/zones", "/api/v1/campaigns/x/expenses", "/api/v1/applications/1/attachments"] {
        assert!(upload_answer_before_body(&app, path, None).await.contains(" 401 "), "{path}");
    }
    let resident = app.register("anna@example.org").await;
    assert!(resident["id"].is_i64());
    let cookie = {
        let r = crate::common::bare_client()
            .post(app.url("/api/v1/auth/sign-in"))
            .header("origin", &app.origin)
            .json(&json!({"email": "anna@example.org", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        let set = r.headers()["set-cookie"].to_str().unwrap().to_owned();
        set.split(';').next().unwrap().to_owned()
    };
    for path in ["/api/v1/zones", "/api/v1/campaigns/x/expenses"] {
        assert!(upload_answer_before_body(&app, path, Some(&cookie)).await.contains(" 403 "), "{path}");
    }
    // Not hers (here: no such application): refused before the body too.
    let answer = upload_answer_before_body(&app, "/api/v1/applications/1/attachments", Some(&cookie)).await;
    assert!(answer.contains(" 404 ") || answer.contains(" 403 "), "{answer}");
}

#[tokio::test]
async fn a_person_downloads_everything_legami_holds_about_them() {
    let app = spawn_app().await;
    assert_eq!(app.get("/api/v1/me/export").await.status(), 401);
    server::campaigns::seed_demo(&app.db).await.unwrap();
    app.register("anna@example.org").await;
    let gift = json!({"amount_cents": 1500, "donor_name": "Anna Rossi", "email": "anna@example.org",
                      "method": "bank_transfer", "message": "Coraggio"});
    let r = app
        .client
        .post(app.url("/api/v1/campaigns/banca-dell-acqua/donations"))
        .header("idempotency-key", "export-gift-001")
        .json(&gift)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let other = app.new_client();
    other
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"email": "bruno@example.org", "password": PASSWORD, "display_name": "Bruno Neri"}))
        .send()
        .await
        .unwrap();

    let r = app.get("/api/v1/me/export").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("legami-dati-personali.json"));
    let data: Value = r.json().await.unwrap();
    assert_eq!(data["account"]["email"], "anna@example.org");
    assert_eq!(data["account"]["roles"], json!(["resident"]));
    assert_eq!(data["gifts"].as_array().unwrap().len(), 1);
    assert_eq!(data["gifts"][0]["message"], "Coraggio");
    assert!(data["summary"][0].as_str().unwrap().contains("Anna Rossi"), "{data}");
    assert!(data["summary"][1].as_str().unwrap().starts_with("Donazioni: 1"), "{data}");
    let text = data.to_string();
    assert!(!text.contains("bruno@example.org") && !text.contains("password_hash") && !text.contains("argon2"));
}

#[tokio::test]
async fn public_statistics_do_not_count_registered_people() {
    let app = spawn_app().await;
    app.register("anna@example.org").await;
    let stats: Value = app.new_client().get(app.url("/api/v1/stats")).send().await.unwrap().json().await.unwrap();
    assert!(stats.get("people").is_none(), "{stats}");
    let html = app.new_client().get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("persone iscritte"));
}

#[tokio::test]
async fn sent_messages_keep_no_body_and_old_attempts_and_tokens_are_purged() {
    use sqlx::Row;
    let app = spawn_app().await;
    app.register("anna@example.org").await;
    let r = app.post_json("/api/v1/auth/password-reset", json!({"email": "anna@example.org"})).await;
    assert_eq!(r.status(), 202);
    let wrong = json!({"email": "anna@example.org", "password": "sbagliata!!"});
    assert_eq!(app.new_client().post(app.url("/api/v1/auth/sign-in")).json(&wrong).send().await.unwrap().status(), 401);
    let mailer = server::outbox::Mailer::Log;
    assert_eq!(server::outbox::deliver_due(&app.db, &mailer).await.unwrap(), 2, "the registration's and the reset's");
    let readable: i64 = sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE body <> ''")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert_eq!(readable, 0, "no link is readable once sent");

    let later = server::db::now() + server::auth::reset::TOKEN_TTL_SECS + server::retention::ATTEMPTS_KEPT_SECS + 1;
    let purged = server::retention::purge(&app.db, later).await.unwrap();
    // The registration, the reset request and the wrong password.
    assert_eq!((purged.attempts, purged.reset_tokens), (3, 1), "{purged:?}");
    assert_eq!(server::places::count(&app.db, "login_attempts").await.unwrap(), 0);
    assert_eq!(server::places::count(&app.db, "password_resets").await.unwrap(), 0);
}
