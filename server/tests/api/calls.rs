//! Calls for enterprise ideas over HTTP on a real database: eligibility,
//! autosave, the call's dates, who may read what, attachments, review with
//! conflicts of interest, the ranking, decisions, the audit log under
//! concurrency, assisted applications and follow-up.

use crate::common::{spawn_app, TestApp, PASSWORD};
use serde_json::{json, Value};
use shared::people::{DisplayName, Email, Password, Registration, Role};

/// A signed-in person with their own cookie jar.
struct Person {
    client: reqwest::Client,
    id: i64,
}

async fn person(app: &TestApp, email: &str, name: &str, role: Role) -> Person {
    person_in(app, email, name, &[role], shared::Locale::It).await
}

/// Sends a request and returns the status and the JSON body (`Null` when none).
async fn call(c: &reqwest::Client, app: &TestApp, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = c.request(method, app.url(path));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(sql).fetch_one(&app.db.pool).await.unwrap().try_get::<i64, _>(0).unwrap()
}

/// A Rome wall-clock time `offset` seconds from now, as forms send it.
fn rome(offset: i64) -> String {
    shared::time::format_datetime_input(chrono::Utc::now().timestamp() + offset)
}

fn call_form(blind: bool) -> Value {
    json!({
        "title": "Idee in comune", "description": "Contributi per nuove imprese di comunità.",
        "opens_at": rome(-3600), "closes_at": rome(30 * 86_400),
        "budget": 5_000_000, "max_per_application": "10.000",
        "eligibility": [{"question": "Vivi in provincia di Cremona?", "required_answer": true,
                         "explanation": "Il bando è per chi vive in provincia."}],
        "criteria": [{"name": "Impatto", "weight": 40}, {"name": "Sostenibilità", "weight": 35},
                     {"name": "Squadra", "weight": 25}],
        "blind_review": blind,
    })
}

fn complete(lab: Option<i64>) -> Value {
    json!({
        "idea_title": "Bottega del riuso", "summary": "Ripariamo mobili usati.",
        "problem_and_customers": "Famiglie senza mobili.", "team": "Tre falegnami.",
        "community_benefit": "Meno rifiuti.",
        "budget_lines": [{"item": "Attrezzi", "amount": "3.000"}, {"item": "Affitto", "amount": 450000}],
        "requested": "6.000", "lab_id": lab, "consent": true,
    })
}

struct World {
    app: TestApp,
    staff: Person,
    resident: Person,
    call: i64,
}

async fn world_with(blind: bool) -> World {
    let app = spawn_app().await;
    let staff = person(&app, "staff@example.org", "Stefano Operatore", Role::Staff).await;
    let resident = person(&app, "rita@example.org", "Rita Residente", Role::Resident).await;
    let (s, created) = call(&staff.client, &app, "POST", "/api/v1/calls", Some(call_form(blind))).await;
    assert_eq!(s, 201, "{created}");
    let id = created["summary"]["id"].as_i64().unwrap();
    let (s, opened) =
        call(&staff.client, &app, "POST", &format!("/api/v1/calls/{id}/status"), Some(json!({"status": "open"}))).await;
    assert_eq!((s, opened["summary"]["accepting"].as_bool()), (200, Some(true)), "{opened}");
    World { app, staff, resident, call: id }
}

async fn world() -> World {
    world_with(false).await
}

impl World {
    async fn send(&self, who: &Person, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        call(&who.client, &self.app, method, path, body).await
    }

    /// A draft of `who` with the complete texts saved; `(id, version)`.
    async fn draft(&self, who: &Person, lab: Option<i64>) -> (i64, i64) {
        let (s, v) = self
            .send(who, "POST", &format!("/api/v1/calls/{}/applications", self.call), Some(json!({"answers": [true]})))
            .await;
        assert_eq!(s, 201, "{v}");
        let id = v["id"].as_i64().unwrap();
        let body = json!({"version": v["version"], "draft": complete(lab)});
        let (s, saved) = self.send(who, "PUT", &format!("/api/v1/applications/{id}"), Some(body)).await;
        assert_eq!(s, 200, "{saved}");
        (id, saved["version"].as_i64().unwrap())
    }

    async fn act(&self, who: &Person, id: i64, action: &str, note: Option<&str>) -> (u16, Value) {
        self.send(
            who,
            "POST",
            &format!("/api/v1/applications/{id}/transitions"),
            Some(json!({"action": action, "note": note})),
        )
        .await
    }

    async fn submitted(&self, who: &Person) -> i64 {
        let (id, _) = self.draft(who, None).await;
        let (s, v) = self.act(who, id, "submit", None).await;
        assert_eq!(s, 200, "{v}");
        id
    }

    async fn under_review(&self, who: &Person) -> i64 {
        let id = self.submitted(who).await;
        assert_eq!(self.act(&self.staff, id, "mark_eligible", None).await.0, 200);
        assert_eq!(self.act(&self.staff, id, "start_review", None).await.0, 200);
        id
    }

    async fn evaluator(&self, email: &str, name: &str) -> Person {
        let e = person(&self.app, email, name, Role::Evaluator).await;
        let path = format!("/api/v1/calls/{}/evaluators/{}", self.call, e.id);
        assert_eq!(self.send(&self.staff, "PUT", &path, None).await.0, 204);
        e
    }

    async fn upload(&self, who: &Person, id: i64, name: &str, bytes: Vec<u8>) -> reqwest::Response {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
        who.client
            .post(self.app.url(&format!("/api/v1/applications/{id}/attachments")))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".to_vec()
}

fn scores(values: [Option<u8>; 3]) -> Value {
    let list: Vec<Value> =
        values.iter().enumerate().map(|(i, v)| json!({"criterion": i, "score": v, "comment": "ok"})).collect();
    json!({"conflict": {"kind": "none"}, "scores": list})
}

#[tokio::test]
async fn eligibility_is_checked_before_writing_and_drafts_save_themselves() {
    let w = world().await;
    let (s, list) = call(&w.app.new_client(), &w.app, "GET", "/api/v1/calls", None).await;
    assert_eq!((s, list.as_array().unwrap().len()), (200, 1));
    let (_, draft_call) = w.send(&w.staff, "POST", "/api/v1/calls", Some(call_form(false))).await;
    let hidden = format!("/api/v1/calls/{}", draft_call["summary"]["id"]);
    assert_eq!(
        call(&w.app.new_client(), &w.app, "GET", &hidden, None).await.0,
        404,
        "drafts are hidden from the public"
    );
    assert_eq!(w.send(&w.staff, "GET", &hidden, None).await.0, 200);

    let check = format!("/api/v1/calls/{}/eligibility", w.call);
    let (s, r) = call(&w.app.new_client(), &w.app, "POST", &check, Some(json!({"answers": [false]}))).await;
    assert_eq!((s, r["eligible"].as_bool()), (200, Some(false)));
    assert_eq!(r["problems"][0]["kind"], "not_eligible");
    assert_eq!(r["problems"][0]["explanation"], "Il bando è per chi vive in provincia.");
    let start = format!("/api/v1/calls/{}/applications", w.call);
    let (s, r) = w.send(&w.resident, "POST", &start, Some(json!({"answers": [false]}))).await;
    assert_eq!(s, 422);
    assert!(r["fields"]["eligibility[0]"].as_str().unwrap().contains("non puoi partecipare"));
    assert_eq!(w.send(&w.resident, "POST", &start, Some(json!({"answers": []}))).await.0, 422, "unanswered");
    assert_eq!(call(&w.app.new_client(), &w.app, "POST", &start, Some(json!({"answers": [true]}))).await.0, 401);

    let (s, v) = w.send(&w.resident, "POST", &start, Some(json!({"answers": [true]}))).await;
    assert_eq!((s, v["state"].as_str(), v["version"].as_i64()), (201, Some("draft"), Some(1)));
    let id = v["id"].as_i64().unwrap();
    let (s, again) = w.send(&w.resident, "POST", &start, Some(json!({"answers": [true]}))).await;
    assert_eq!((s, again["id"].as_i64()), (200, Some(id)), "one application per person and call");

    let path = format!("/api/v1/applications/{id}");
    let partial = json!({"version": 1, "draft": {"idea_title": "Orto", "budget_lines": [{"item": "Semi", "amount": "120,50"}, {"item": "", "amount": ""}]}});
    let (s, saved) = w.send(&w.resident, "PUT", &path, Some(partial)).await;
    assert_eq!((s, saved["version"].as_i64(), saved["budget_total_cents"].as_i64()), (200, Some(2), Some(12050)));
    let bad = json!({"version": 2, "draft": {"summary": "a\u{0}b"}});
    let (s, r) = w.send(&w.resident, "PUT", &path, Some(bad)).await;
    assert_eq!((s, r["fields"]["summary"].is_string()), (422, true));

    // Another device: the same person signs in elsewhere and resumes.
    let phone = w.app.new_client();
    phone
        .post(w.app.url("/api/v1/auth/sign-in"))
        .json(&json!({"email": "rita@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let (_, mine) = call(&phone, &w.app, "GET", "/api/v1/me/applications", None).await;
    assert_eq!((mine[0]["id"].as_i64(), mine[0]["idea_title"].as_str()), (Some(id), Some("Orto")));
    let (_, view) = call(&phone, &w.app, "GET", &path, None).await;
    assert_eq!(view["form"]["budget_lines"][1]["item"], "", "blank rows kept as typed");
    assert_eq!(view["editable"], true);
    assert_eq!(view["state_label"], "Non ancora inviata: puoi continuare a scriverla");
    let (s, r) = call(&phone, &w.app, "PUT", &path, Some(json!({"version": 2, "draft": complete(None)}))).await;
    assert_eq!(s, 200, "{r}");

    // The first tab still holds version 2: refused, nothing overwritten.
    let (s, r) =
        w.send(&w.resident, "PUT", &path, Some(json!({"version": 2, "draft": {"idea_title": "Vecchio"}}))).await;
    assert_eq!((s, r["error"].as_str()), (409, Some("stale_version")));
    assert!(r["message"].as_str().unwrap().contains("altra scheda"));
    let (_, view) = w.send(&w.resident, "GET", &path, None).await;
    assert_eq!((view["form"]["idea_title"].as_str(), view["version"].as_i64()), (Some("Bottega del riuso"), Some(3)));
    assert!(view["consent_at"].is_i64(), "consent recorded with its time");
}

#[tokio::test]
async fn submitting_after_the_close_is_refused_and_drafts_become_read_only() {
    let w = world().await;
    let (id, version) = w.draft(&w.resident, None).await;
    let (incomplete, _) = {
        let other = person(&w.app, "ugo@example.org", "Ugo", Role::Resident).await;
        let start = format!("/api/v1/calls/{}/applications", w.call);
        let (_, v) = w.send(&other, "POST", &start, Some(json!({"answers": [true]}))).await;
        let (s, r) = w.act(&other, v["id"].as_i64().unwrap(), "submit", None).await;
        (s, r)
    };
    assert_eq!(incomplete, 422, "an incomplete application cannot be submitted");

    sqlx::query("UPDATE calls SET closes_at = $1 WHERE id = $2")
        .bind(chrono::Utc::now().timestamp() - 60)
        .bind(w.call)
        .execute(&w.app.db.pool)
        .await
        .unwrap();
    let (s, r) = w.act(&w.resident, id, "submit", None).await;
    assert_eq!((s, r["error"].as_str()), (409, Some("call_not_open")));
    assert!(r["message"].as_str().unwrap().contains("non accetta domande"));
    let path = format!("/api/v1/applications/{id}");
    let (s, r) = w.send(&w.resident, "PUT", &path, Some(json!({"version": version, "draft": complete(None)}))).await;
    assert_eq!((s, r["error"].as_str()), (409, Some("call_not_open")), "drafts are read-only after the close");
    assert_eq!(w.upload(&w.resident, id, "piano.pdf", pdf()).await.status(), 409);
    let (_, view) = w.send(&w.resident, "GET", &path, None).await;
    assert_eq!((view["state"].as_str(), view["editable"].as_bool()), (Some("draft"), Some(false)));
    let start = format!("/api/v1/calls/{}/applications", w.call);
    let late = person(&w.app, "tardi@example.org", "Tardi", Role::Resident).await;
    assert_eq!(w.send(&late, "POST", &start, Some(json!({"answers": [true]}))).await.0, 409);
}

#[tokio::test]
async fn applicants_cannot_read_each_others_applications_or_files() {
    let w = world().await;
    let (id, version) = w.draft(&w.resident, None).await;
    let r = w.upload(&w.resident, id, "C:\\docs\\piano.pdf", pdf()).await;
    assert_eq!(r.status(), 201);
    let file: Value = r.json().await.unwrap();
    assert_eq!((file["name"].as_str(), file["kind"].as_str()), (Some("piano.pdf"), Some("pdf")));
    let file_path = format!("/api/v1/applications/{id}/attachments/{}", file["id"]);

    let other = person(&w.app, "ugo@example.org", "Ugo", Role::Resident).await;
    let (other_id, _) = w.draft(&other, None).await;
    for path in [
        format!("/api/v1/applications/{id}"),
        format!("/api/v1/applications/{id}/attachments"),
        file_path.clone(),
        format!("/api/v1/applications/{id}/notes"),
        format!("/api/v1/applications/{id}/reviews"),
    ] {
        assert_eq!(w.send(&other, "GET", &path, None).await.0, 403, "{path}");
        assert_eq!(call(&w.app.new_client(), &w.app, "GET", &path, None).await.0, 401, "{path}");
    }
    let body = json!({"version": version, "draft": {"idea_title": "Rubata"}});
    assert_eq!(w.send(&other, "PUT", &format!("/api/v1/applications/{id}"), Some(body)).await.0, 403);
    assert_eq!(w.act(&other, id, "withdraw", None).await.0, 403);
    assert_eq!(w.upload(&other, id, "x.pdf", pdf()).await.status(), 403);
    let through_own = format!("/api/v1/applications/{other_id}/attachments/{}", file["id"]);
    assert_eq!(w.send(&other, "GET", &through_own, None).await.0, 404, "a file is found only under its application");

    let got = w.resident.client.get(w.app.url(&file_path)).send().await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["content-type"], "application/pdf");
    assert_eq!(got.headers()["cache-control"], "private, no-store");
    assert_eq!(got.bytes().await.unwrap().to_vec(), pdf());
    let staff_copy = w.staff.client.get(w.app.url(&file_path)).send().await.unwrap();
    assert_eq!(staff_copy.status(), 200);
    let key: String = {
        use sqlx::Row;
        sqlx::query("SELECT storage_key FROM application_attachments").fetch_one(&w.app.db.pool).await.unwrap().get(0)
    };
    assert!(key.starts_with("applications/") && !key.contains("piano"), "stored under a random name: {key}");
}

#[tokio::test]
async fn attachments_are_checked_by_content_size_and_count() {
    let w = world().await;
    let (id, _) = w.draft(&w.resident, None).await;
    let exe = b"MZ\x90\x00\x03\x00\x00\x00this is not a pdf".to_vec();
    let r = w.upload(&w.resident, id, "piano.pdf", exe).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["fields"]["attachments"], "Il file deve essere un PDF, un documento ODT o DOCX, un JPEG o un PNG.");
    let mut big = pdf();
    big.resize(11 * 1024 * 1024, b'x');
    let r = w.upload(&w.resident, id, "grande.pdf", big).await;
    assert_eq!(r.status(), 413);
    assert_eq!(r.json::<Value>().await.unwrap()["message"], "I dati inviati sono troppo grandi.");
    assert_eq!(count(&w.app, "SELECT COUNT(*) FROM application_attachments").await, 0, "nothing kept of refused files");

    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    for i in 0..5 {
        let bytes = if i % 2 == 0 { pdf() } else { png.clone() };
        assert_eq!(w.upload(&w.resident, id, &format!("f{i}"), bytes).await.status(), 201);
    }
    let r = w.upload(&w.resident, id, "sesto.pdf", pdf()).await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["fields"]["attachments"], "Puoi allegare al massimo 5 file.");
    let (_, list) = w.send(&w.resident, "GET", &format!("/api/v1/applications/{id}/attachments"), None).await;
    assert_eq!(list.as_array().unwrap().len(), 5);
    assert_eq!(list[1]["kind"], "png");
    let first = format!("/api/v1/applications/{id}/attachments/{}", list[0]["id"]);
    assert_eq!(w.send(&w.resident, "DELETE", &first, None).await.0, 204);
    assert_eq!(w.send(&w.resident, "GET", &first, None).await.0, 404);
    assert_eq!(w.upload(&w.resident, id, "sesto.pdf", pdf()).await.status(), 201, "room again after a removal");
}

#[tokio::test]
async fn an_evaluator_with_a_conflict_sees_and_scores_nothing() {
    let w = world().await;
    let id = w.under_review(&w.resident).await;
    let file: Value = w.upload(&w.resident, id, "piano.pdf", pdf()).await.json().await.unwrap_or(Value::Null);
    assert!(file.is_null() || file["error"].is_string(), "no uploads once submitted");
    let e = w.evaluator("vera@example.org", "Vera Valutatrice").await;
    let app_path = format!("/api/v1/applications/{id}");
    assert_eq!(w.send(&e, "GET", &app_path, None).await.0, 403, "nothing before the declaration");
    let (_, list) = w.send(&e, "GET", &format!("/api/v1/calls/{}/applications", w.call), None).await;
    assert_eq!(list[0]["idea_title"], "Bottega del riuso", "enough to know whether there is a conflict");

    let conflict = json!({"conflict": {"kind": "conflict", "reason": "È mia cugina."}});
    let (s, r) = w.send(&e, "POST", &format!("{app_path}/review"), Some(conflict.clone())).await;
    assert_eq!((s, r.as_array().map(Vec::len)), (200, Some(0)));
    for path in [
        app_path.clone(),
        format!("{app_path}/attachments"),
        format!("{app_path}/reviews"),
        format!("{app_path}/notes"),
    ] {
        assert_eq!(w.send(&e, "GET", &path, None).await.0, 403, "{path}");
    }
    assert_eq!(
        w.send(&e, "POST", &format!("{app_path}/review"), Some(scores([Some(5), Some(5), Some(5)]))).await.0,
        403
    );
    assert_eq!(w.send(&e, "POST", &format!("{app_path}/review"), Some(conflict)).await.0, 403);
    let (_, list) = w.send(&e, "GET", &format!("/api/v1/calls/{}/applications", w.call), None).await;
    assert_eq!(list.as_array().unwrap().len(), 0, "recused: the application is gone from the list");

    let stranger = person(&w.app, "altro@example.org", "Altro", Role::Evaluator).await;
    assert_eq!(
        w.send(&stranger, "POST", &format!("{app_path}/review"), Some(json!({"conflict": {"kind": "none"}}))).await.0,
        403,
        "not assigned"
    );
    assert_eq!(
        w.send(&w.resident, "POST", &format!("{app_path}/review"), Some(json!({"conflict": {"kind": "none"}}))).await.0,
        403
    );
    let (_, reviews) = w.send(&w.staff, "GET", &format!("{app_path}/reviews"), None).await;
    assert_eq!(reviews[0]["conflict"], "È mia cugina.");
}

#[tokio::test]
async fn weighted_mean_and_median_come_out_right_through_the_api() {
    let w = world().await;
    let id = w.under_review(&w.resident).await;
    let other = person(&w.app, "ugo@example.org", "Ugo", Role::Resident).await;
    let unscored = w.under_review(&other).await;
    let review = |id: i64| format!("/api/v1/applications/{id}/review");
    let e1 = w.evaluator("e1@example.org", "Uno").await;
    let e2 = w.evaluator("e2@example.org", "Due").await;
    let e3 = w.evaluator("e3@example.org", "Tre").await;
    let e4 = w.evaluator("e4@example.org", "Quattro").await;
    let _e5 = w.evaluator("e5@example.org", "Cinque").await;

    // (5·40 + 4·35 + 3·25) / 100 = 4.15
    let (s, seen) = w.send(&e1, "POST", &review(id), Some(scores([Some(5), Some(4), Some(3)]))).await;
    assert_eq!((s, seen.as_array().unwrap().len()), (200, 1), "{seen}");
    // Declared, not yet scored: sees only their own declaration.
    let (_, seen) = w.send(&e2, "POST", &review(id), Some(json!({"conflict": {"kind": "none"}}))).await;
    assert_eq!(seen.as_array().unwrap().len(), 1);
    assert_eq!(seen[0]["evaluator_name"], "Due");
    assert_eq!(w.send(&e2, "GET", &format!("/api/v1/applications/{id}"), None).await.0, 200, "no conflict: may read");
    // Abstains on the last criterion: (3·40 + 3·35) / 75 = 3.0
    let (_, seen) = w.send(&e2, "POST", &review(id), Some(scores([Some(3), Some(3), None]))).await;
    assert_eq!(seen.as_array().unwrap().len(), 2, "after submitting, the others' scores");
    assert_eq!(w.send(&e2, "POST", &review(id), Some(scores([Some(5), Some(5), Some(5)]))).await.0, 409, "once");
    // (4·40 + 2·35 + 5·25) / 100 = 3.55
    w.send(&e3, "POST", &review(id), Some(scores([Some(4), Some(2), Some(5)]))).await;
    let (s, r) =
        w.send(&e4, "POST", &review(id), Some(json!({"conflict": {"kind": "conflict", "reason": "Socio."}}))).await;
    assert_eq!(s, 200, "{r}");
    let (s, r) = w.send(&e3, "POST", &review(id), Some(scores([Some(6), Some(2), Some(5)]))).await;
    assert_eq!(s, 422, "{r}");

    let ranking_path = format!("/api/v1/calls/{}/ranking", w.call);
    assert_eq!(w.send(&e1, "GET", &ranking_path, None).await.0, 403, "ranking is for staff");
    let (s, ranking) = w.send(&w.staff, "GET", &ranking_path, None).await;
    assert_eq!(s, 200, "{ranking}");
    let top = &ranking[0];
    assert_eq!(top["application_id"].as_i64(), Some(id));
    let r = &top["ranking"];
    let close = |v: &Value, want: f64| (v.as_f64().unwrap() - want).abs() < 1e-9;
    assert!(close(&r["mean"], (4.15 + 3.0 + 3.55) / 3.0), "{r}");
    assert!(close(&r["median"], 3.55), "{r}");
    assert!(close(&r["spread"], 1.15), "{r}");
    assert_eq!(
        (
            r["assigned"].as_i64(),
            r["submitted"].as_i64(),
            r["conflicts"].as_i64(),
            r["scored"].as_i64(),
            r["missing"].as_i64()
        ),
        (Some(5), Some(4), Some(1), Some(3), Some(1))
    );
    assert_eq!(ranking[1]["application_id"].as_i64(), Some(unscored));
    assert!(ranking[1]["ranking"]["mean"].is_null());
    assert_eq!(ranking[1]["ranking"]["missing"].as_i64(), Some(5));
}

#[tokio::test]
async fn blind_review_hides_who_applied_from_evaluators() {
    let w = world_with(true).await;
    let id = w.under_review(&w.resident).await;
    let e = w.evaluator("vera@example.org", "Vera").await;
    let (_, list) = w.send(&e, "GET", &format!("/api/v1/calls/{}/applications", w.call), None).await;
    assert!(list[0]["applicant_name"].is_null(), "{list}");
    w.send(&e, "POST", &format!("/api/v1/applications/{id}/review"), Some(json!({"conflict": {"kind": "none"}}))).await;
    let (s, view) = w.send(&e, "GET", &format!("/api/v1/applications/{id}"), None).await;
    assert_eq!(s, 200);
    assert!(view["applicant"].is_null(), "{view}");
    assert!(!view.to_string().contains("Rita"), "no trace of the name, timeline included: {view}");
    assert_eq!(view["timeline"][0]["entry"]["who"], "Chi ha presentato la domanda");
    assert_eq!(view["form"]["idea_title"], "Bottega del riuso");
    assert!(view["actions"].as_array().unwrap().is_empty(), "evaluators take no transition");
    let (_, staff_view) = w.send(&w.staff, "GET", &format!("/api/v1/applications/{id}"), None).await;
    assert_eq!(staff_view["applicant"]["email"], "rita@example.org");
}

#[tokio::test]
async fn residents_cannot_take_staff_transitions() {
    let w = world().await;
    let id = w.submitted(&w.resident).await;
    for action in ["mark_eligible", "mark_ineligible", "request_info", "start_review", "fund"] {
        let (s, r) = w.act(&w.resident, id, action, Some("vorrei")).await;
        assert!(s == 403 || s == 409, "{action}: {s} {r}");
    }
    assert_eq!(w.act(&w.resident, id, "mark_eligible", None).await.0, 403);
    let (s, r) = w.act(&w.resident, id, "approve", None).await;
    assert_eq!(s, 400, "decisions go through the decision route: {r}");
    let (s, r) = w.act(&w.staff, id, "request_info", None).await;
    assert_eq!((s, r["fields"]["note"].is_string()), (422, true), "a request needs its note");
    let (s, view) = w.act(&w.staff, id, "request_info", Some("Manca il preventivo.")).await;
    assert_eq!((s, view["state"].as_str()), (200, Some("more_info_requested")));
    let (_, mine) = w.send(&w.resident, "GET", &format!("/api/v1/applications/{id}"), None).await;
    assert_eq!(mine["editable"], true, "the applicant answers a request");
    let labels: Vec<&str> = mine["actions"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(labels, ["resubmit", "withdraw"]);
    assert_eq!(w.act(&w.resident, id, "resubmit", None).await.0, 200);
    let notices = count(&w.app, "SELECT COUNT(*) FROM outbox WHERE recipient = 'rita@example.org'").await;
    assert_eq!(notices, 1, "the applicant hears of the request, not of their own steps");
}

#[tokio::test]
async fn decisions_carry_a_letter_and_withdrawing_afterwards_is_refused() {
    let w = world().await;
    let id = w.under_review(&w.resident).await;
    let path = format!("/api/v1/applications/{id}/decision");
    let template = "Cara {{nome}},\nla tua idea «{{idea}}» per il bando {{bando}} non è stata scelta.\n{{motivazione}}";
    let reject = json!({"action": "reject", "note": "Il piano economico non regge.", "letter_template": template,
                        "feedback": "Dettaglia i costi del locale.", "next_step": "Vieni al laboratorio di Crema."});
    assert_eq!(w.send(&w.resident, "POST", &path, Some(reject.clone())).await.0, 403);
    let (s, r) = w
        .send(&w.staff, "POST", &path, Some(json!({"action": "reject", "note": "x", "letter_template": template})))
        .await;
    assert_eq!((s, r["fields"]["feedback"].is_string(), r["fields"]["next_step"].is_string()), (422, true, true));
    let (s, r) =
        w.send(&w.staff, "POST", &path, Some(json!({"action": "approve", "letter_template": "{{cognome}}"}))).await;
    assert_eq!((s, r["fields"]["letter_template"].is_string()), (422, true), "{r}");
    let (s, view) = w.send(&w.staff, "POST", &path, Some(reject.clone())).await;
    assert_eq!((s, view["state"].as_str()), (200, Some("rejected")), "{view}");

    let (_, mine) = w.send(&w.resident, "GET", &format!("/api/v1/applications/{id}"), None).await;
    let letter = mine["decision"]["letter"].as_str().unwrap();
    assert!(
        letter.starts_with("Cara Rita Residente,\nla tua idea «Bottega del riuso» per il bando Idee in comune"),
        "{letter}"
    );
    assert!(letter.ends_with("Il piano economico non regge."));
    assert_eq!(mine["decision"]["next_step"], "Vieni al laboratorio di Crema.");
    assert_eq!(mine["state_label"], "Questa volta la tua idea non è stata scelta: leggi il motivo");
    let last = mine["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["entry"]["note"], "Il piano economico non regge.", "a rejection's motivation is the applicant's");
    let body = {
        use sqlx::Row;
        sqlx::query(
            "SELECT body FROM outbox WHERE subject = 'Esito della tua domanda' AND recipient = 'rita@example.org'",
        )
        .fetch_one(&w.app.db.pool)
        .await
        .unwrap()
        .get::<String, _>(0)
    };
    assert!(body.contains(letter) && body.contains("Dettaglia i costi del locale."), "{body}");

    let (s, r) = w.act(&w.resident, id, "withdraw", None).await;
    assert_eq!((s, r["error"].as_str()), (409, Some("invalid_transition")));
    assert_eq!(w.send(&w.staff, "POST", &path, Some(reject)).await.0, 409, "decided once");
}

#[tokio::test]
async fn the_audit_log_records_every_transition() {
    let w = world().await;
    let id = w.submitted(&w.resident).await;
    w.act(&w.staff, id, "mark_eligible", Some("Requisiti verificati (interno).")).await;
    w.act(&w.staff, id, "start_review", None).await;
    let approve = json!({"action": "approve", "letter_template": "Cara {{nome}}, ricevi {{importo}} il {{data}}.", "granted": "5.000"});
    let (s, v) = w.send(&w.staff, "POST", &format!("/api/v1/applications/{id}/decision"), Some(approve)).await;
    assert_eq!((s, v["granted_cents"].as_i64()), (200, Some(500_000)), "{v}");
    assert!(v["decision"]["letter"].as_str().unwrap().contains("5.000,00 €"));
    assert_eq!(w.act(&w.staff, id, "fund", None).await.0, 200);

    use sqlx::Row;
    let rows = sqlx::query(
        "SELECT actor_id, action, from_state, to_state, note, at FROM application_audit WHERE application_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&w.app.db.pool)
    .await
    .unwrap();
    let got: Vec<(i64, String, String, String)> = rows
        .iter()
        .map(|r| (r.get::<i64, _>("actor_id"), r.get("action"), r.get("from_state"), r.get("to_state")))
        .collect();
    let (res, staff) = (w.resident.id, w.staff.id);
    let want = [
        (res, "submit", "draft", "submitted"),
        (staff, "mark_eligible", "submitted", "eligible"),
        (staff, "start_review", "eligible", "under_review"),
        (staff, "approve", "under_review", "approved"),
        (staff, "fund", "approved", "funded"),
    ];
    let want: Vec<(i64, String, String, String)> =
        want.iter().map(|(a, b, c, d)| (*a, b.to_string(), c.to_string(), d.to_string())).collect();
    assert_eq!(got, want);
    assert!(rows.iter().all(|r| r.get::<i64, _>("at") > 0));

    let (_, staff_view) = w.send(&w.staff, "GET", &format!("/api/v1/applications/{id}"), None).await;
    assert_eq!(staff_view["timeline"][1]["entry"]["note"], "Requisiti verificati (interno).");
    assert_eq!(staff_view["timeline"][1]["state_label"], "Ammissibile");
    let (_, mine) = w.send(&w.resident, "GET", &format!("/api/v1/applications/{id}"), None).await;
    assert_eq!(mine["timeline"].as_array().unwrap().len(), 5);
    assert!(mine["timeline"][1]["entry"]["note"].is_null(), "internal notes stay internal");
    assert_eq!(mine["timeline"][4]["state_label"], "Finanziata: ti accompagniamo nei prossimi passi");
    assert_eq!(mine["timeline"][1]["entry"]["who"], "Stefano Operatore");
}

#[tokio::test]
async fn concurrent_identical_transitions_have_exactly_one_winner() {
    let w = world().await;
    let id = w.submitted(&w.resident).await;
    let second = crate::common::spawn_sibling(&w.app).await;
    let mut set = tokio::task::JoinSet::new();
    for i in 0..12 {
        let c = w.staff.client.clone();
        // Half of them through another server process on the same database.
        let base = if i % 2 == 0 { w.app.url("") } else { second.url("") };
        set.spawn(async move {
            c.post(format!("{base}/api/v1/applications/{id}/transitions"))
                .json(&json!({"action": "mark_eligible"}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let mut statuses: Vec<u16> = set.join_all().await;
    statuses.sort();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 409), "{statuses:?}");
    let rows = count(
        &w.app,
        &format!("SELECT COUNT(*) FROM application_audit WHERE application_id = {id} AND action = 'mark_eligible'"),
    )
    .await;
    assert_eq!(rows, 1);
}

#[tokio::test]
async fn staff_fill_an_application_with_a_resident() {
    let w = world().await;
    let path = format!("/api/v1/calls/{}/assisted-applications", w.call);
    let body =
        json!({"email": "nonna.pina@example.org", "display_name": "Pina Ferrari", "answers": [true], "consent": true});
    assert_eq!(w.send(&w.resident, "POST", &path, Some(body.clone())).await.0, 403);
    let (s, r) = w.send(&w.staff, "POST", &path, Some(json!({"email": "nuova@example.org", "answers": [true]}))).await;
    assert_eq!((s, r["fields"]["display_name"].is_string()), (422, true), "a new person needs a name");
    let (s, v) = w.send(&w.staff, "POST", &path, Some(body)).await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(
        (v["assisted_by"].as_str(), v["applicant"]["display_name"].as_str()),
        (Some("Stefano Operatore"), Some("Pina Ferrari"))
    );
    assert!(v["consent_at"].is_i64());
    let id = v["id"].as_i64().unwrap();
    let (s, saved) = w
        .send(
            &w.staff,
            "PUT",
            &format!("/api/v1/applications/{id}"),
            Some(json!({"version": v["version"], "draft": complete(None)})),
        )
        .await;
    assert_eq!(s, 200, "{saved}");
    let (s, r) = w.act(&w.staff, id, "submit", None).await;
    assert_eq!(s, 200, "the assisting staff member acts as the applicant: {r}");
    assert_eq!(w.act(&w.staff, id, "mark_eligible", None).await.0, 403, "but never screens it");
    let colleague = person(&w.app, "collega@example.org", "Collega", Role::Staff).await;
    assert_eq!(w.act(&colleague, id, "mark_eligible", None).await.0, 200);
    let actor = count(
        &w.app,
        &format!("SELECT actor_id FROM application_audit WHERE application_id = {id} AND action = 'submit'"),
    )
    .await;
    assert_eq!(actor, w.staff.id);

    // The new person has no password of their own: the reset gives them one.
    let r = w
        .app
        .new_client()
        .post(w.app.url("/api/v1/auth/password-reset"))
        .json(&json!({"email": "nonna.pina@example.org"}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let messages = count(&w.app, "SELECT COUNT(*) FROM outbox WHERE recipient = 'nonna.pina@example.org'").await;
    assert_eq!(messages, 3, "submitted on her behalf, found eligible, and the reset link");
    let existing = json!({"email": "rita@example.org", "answers": [true], "consent": true});
    let (s, v) = w.send(&w.staff, "POST", &path, Some(existing)).await;
    assert_eq!((s, v["applicant"]["person_id"].as_i64()), (201, Some(w.resident.id)), "an existing person by email");
}

#[tokio::test]
async fn notes_stay_internal_and_messages_reach_the_applicant() {
    let w = world().await;
    let id = w.under_review(&w.resident).await;
    let notes = format!("/api/v1/applications/{id}/notes");
    let e = w.evaluator("vera@example.org", "Vera").await;
    assert_eq!(w.send(&e, "POST", &notes, Some(json!({"body": "Prima la dichiarazione"}))).await.0, 403);
    w.send(&e, "POST", &format!("/api/v1/applications/{id}/review"), Some(json!({"conflict": {"kind": "none"}}))).await;
    assert_eq!(w.send(&e, "POST", &notes, Some(json!({"body": "Budget ottimista."}))).await.0, 201);
    assert_eq!(w.send(&e, "POST", &notes, Some(json!({"body": "Ciao", "to_applicant": true}))).await.0, 403);
    assert_eq!(w.send(&w.staff, "POST", &notes, Some(json!({"body": "Da discutere."}))).await.0, 201);
    let (s, n) =
        w.send(&w.staff, "POST", &notes, Some(json!({"body": "Ci mandi il preventivo?", "to_applicant": true}))).await;
    assert_eq!((s, n["author_name"].as_str()), (201, Some("Stefano Operatore")));
    assert_eq!(w.send(&w.resident, "POST", &notes, Some(json!({"body": "x"}))).await.0, 403);
    assert_eq!(w.send(&w.staff, "POST", &notes, Some(json!({"body": "  "}))).await.0, 422);
    let (_, mine) = w.send(&w.resident, "GET", &notes, None).await;
    let bodies: Vec<&str> = mine.as_array().unwrap().iter().map(|n| n["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["Ci mandi il preventivo?"]);
    let (_, all) = w.send(&e, "GET", &notes, None).await;
    assert_eq!(all.as_array().unwrap().len(), 3);
    assert_eq!(count(&w.app, "SELECT COUNT(*) FROM outbox WHERE subject = 'Un messaggio sulla tua domanda'").await, 1);
}

#[tokio::test]
async fn follow_up_keeps_tranches_within_the_grant() {
    let w = world().await;
    let id = w.under_review(&w.resident).await;
    let base = format!("/api/v1/applications/{id}");
    let milestone = json!({"title": "Apertura del laboratorio", "due_on": "2027-03-01"});
    assert_eq!(
        w.send(&w.staff, "POST", &format!("{base}/milestones"), Some(milestone.clone())).await.0,
        409,
        "not approved yet"
    );
    let approve = json!({"action": "approve_with_conditions", "note": "Con un tutor.", "letter_template": "Approvata: {{importo}}.", "granted": 500_000});
    assert_eq!(w.send(&w.staff, "POST", &format!("{base}/decision"), Some(approve)).await.0, 200);
    let (s, m) = w.send(&w.staff, "POST", &format!("{base}/milestones"), Some(milestone)).await;
    assert_eq!(s, 201, "{m}");
    assert_eq!(
        w.send(&w.resident, "POST", &format!("{base}/milestones"), Some(json!({"title": "x", "due_on": "2027-01-01"})))
            .await
            .0,
        403
    );
    let tranche = |amount: i64, milestone: Option<i64>| json!({"amount": amount, "due_on": "2027-03-15", "milestone_id": milestone, "note": ""});
    assert_eq!(
        w.send(&w.staff, "POST", &format!("{base}/tranches"), Some(tranche(300_000, m["id"].as_i64()))).await.0,
        201
    );
    let (s, r) = w.send(&w.staff, "POST", &format!("{base}/tranches"), Some(tranche(250_000, None))).await;
    assert_eq!((s, r["fields"]["amount"].is_string()), (422, true), "{r}");
    assert_eq!(w.send(&w.staff, "POST", &format!("{base}/tranches"), Some(tranche(200_000, Some(9_999)))).await.0, 422);
    assert_eq!(w.send(&w.staff, "POST", &format!("{base}/tranches"), Some(tranche(200_000, None))).await.0, 201);
    let check = json!({"checkpoint": "six_months", "checked_on": "2027-09-01", "active": true, "people_working": 3, "notes": "Bene"});
    assert_eq!(
        w.send(&w.staff, "PUT", &format!("{base}/status-checks"), Some(check.clone())).await.0,
        409,
        "checks follow funding"
    );
    assert_eq!(w.act(&w.staff, id, "fund", None).await.0, 200);
    let (s, f) = w.send(&w.staff, "PUT", &format!("{base}/status-checks"), Some(check)).await;
    assert_eq!(s, 200, "{f}");
    assert_eq!(f["checks"][0]["people_working"].as_i64(), Some(3));
    assert!(f["checks"][1]["due_on"].is_string() && f["checks"][1]["checked_on"].is_null());
    let mentoring = json!({"held_on": "2027-04-01", "mentor": "Marco", "topic": "Prezzi"});
    assert_eq!(w.send(&w.staff, "POST", &format!("{base}/mentoring"), Some(mentoring)).await.0, 201);
    let (s, f) = w.send(&w.resident, "GET", &format!("{base}/follow-up"), None).await;
    assert_eq!(s, 200);
    assert_eq!((f["granted_cents"].as_i64(), f["remaining_cents"].as_i64()), (Some(500_000), Some(0)));
    assert_eq!((f["tranches"].as_array().unwrap().len(), f["mentoring"][0]["topic"].as_str()), (2, Some("Prezzi")));
}

#[tokio::test]
async fn staff_manage_calls_and_see_the_dashboard() {
    let w = world().await;
    let (id, _) = w.draft(&w.resident, Some(7)).await;
    let other = person(&w.app, "ugo@example.org", "Ugo", Role::Resident).await;
    w.draft(&other, None).await;
    w.act(&w.resident, id, "submit", None).await;
    let (s, rows) = w.send(&w.staff, "GET", "/api/v1/dashboard/calls", None).await;
    assert_eq!(s, 200);
    let find = |state: &str, lab: Option<i64>| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["state"] == state && r["lab_id"].as_i64() == lab)
            .map(|r| r["count"].as_i64())
    };
    assert_eq!((find("submitted", Some(7)), find("draft", None)), (Some(Some(1)), Some(Some(1))));
    assert_eq!(w.send(&w.resident, "GET", "/api/v1/dashboard/calls", None).await.0, 403);

    let path = format!("/api/v1/calls/{}", w.call);
    assert_eq!(w.send(&w.staff, "PUT", &path, Some(call_form(false))).await.0, 409, "published calls are frozen");
    assert_eq!(w.send(&w.resident, "POST", "/api/v1/calls", Some(call_form(false))).await.0, 403);
    let mut bad = call_form(false);
    bad["criteria"][0]["weight"] = json!(10);
    let (s, r) = w.send(&w.staff, "POST", "/api/v1/calls", Some(bad)).await;
    assert_eq!((s, r["fields"]["criteria"].is_string()), (422, true));
    let status = format!("{path}/status");
    assert_eq!(
        w.send(&w.staff, "POST", &status, Some(json!({"status": "decided"}))).await.0,
        409,
        "forward one step at a time"
    );
    let (s, v) = w.send(&w.staff, "POST", &status, Some(json!({"status": "closed"}))).await;
    assert_eq!((s, v["summary"]["accepting"].as_bool()), (200, Some(false)));
    // Staff choose the panel among the people with the evaluator role.
    let panel = person(&w.app, "panel@example.org", "Paola Panel", Role::Evaluator).await;
    let (s, all) = w.send(&w.staff, "GET", "/api/v1/evaluators", None).await;
    let ids: Vec<i64> = all.as_array().unwrap().iter().map(|e| e["person_id"].as_i64().unwrap()).collect();
    assert_eq!(s, 200);
    assert!(ids.contains(&panel.id) && !ids.contains(&w.resident.id), "evaluators only: {ids:?}");
    assert_eq!(w.send(&w.resident, "GET", "/api/v1/evaluators", None).await.0, 403);
    let resident_as_evaluator = format!("{path}/evaluators/{}", w.resident.id);
    let (s, r) = w.send(&w.staff, "PUT", &resident_as_evaluator, None).await;
    assert_eq!((s, r["fields"]["person_id"].is_string()), (422, true), "only people with the evaluator role");

    let (_, doc) = call(&w.app.new_client(), &w.app, "GET", "/api/v1/openapi.json", None).await;
    for p in [
        "/api/v1/calls",
        "/api/v1/calls/{id}/ranking",
        "/api/v1/evaluators",
        "/api/v1/applications/{id}",
        "/api/v1/applications/{id}/attachments/{file}",
        "/api/v1/applications/{id}/review",
        "/api/v1/applications/{id}/decision",
        "/api/v1/applications/{id}/tranches",
    ] {
        assert!(doc["paths"][p].is_object(), "{p} documented");
    }
}

#[tokio::test]
async fn the_demo_seed_has_an_open_call_and_an_application_in_review() {
    let app = spawn_app().await;
    server::seed::demo_people(&app.db, Some(PASSWORD)).await.unwrap();
    server::calls::seed::seed_demo(&app.db).await.unwrap();
    server::calls::seed::seed_demo(&app.db).await.unwrap();
    let (_, calls) = call(&app.new_client(), &app, "GET", "/api/v1/calls", None).await;
    assert_eq!(calls.as_array().unwrap().len(), 1, "seeding twice adds nothing");
    assert_eq!(calls[0]["accepting"], true);
    let resident = app.new_client();
    resident
        .post(app.url("/api/v1/auth/sign-in"))
        .json(&json!({"email": "residente@legami.demo", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let (_, mine) = call(&resident, &app, "GET", "/api/v1/me/applications", None).await;
    assert_eq!(mine[0]["state"], "under_review");
    let evaluator = app.new_client();
    evaluator
        .post(app.url("/api/v1/auth/sign-in"))
        .json(&json!({"email": "valutatore@legami.demo", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let (_, list) =
        call(&evaluator, &app, "GET", &format!("/api/v1/calls/{}/applications", calls[0]["id"]), None).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
}

// --- No one judges their own idea ---------------------------------------------

/// A signed-in person holding several roles (staff may apply too; staff may
/// also sit on a committee).
async fn person_with(app: &TestApp, email: &str, name: &str, roles: &[Role]) -> Person {
    person_in(app, email, name, roles, shared::Locale::It).await
}

/// A signed-in person whose language (the session's, from their profile) is `language`.
async fn person_in(app: &TestApp, email: &str, name: &str, roles: &[Role], language: shared::Locale) -> Person {
    let reg = Registration {
        email: Email::parse(email).unwrap(),
        password: Password::parse(PASSWORD).unwrap(),
        display_name: DisplayName::parse(name).unwrap(),
        language,
    };
    let id = server::auth::create_person(&app.db, &reg, roles).await.unwrap();
    let client = app.new_client();
    let r = client
        .post(app.url("/api/v1/auth/sign-in"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "sign in {email}");
    Person { client, id }
}

impl World {
    /// An application `staff` fills in with a new resident and submits for them.
    async fn assisted_submitted(&self, staff: &Person, email: &str, name: &str) -> i64 {
        let path = format!("/api/v1/calls/{}/assisted-applications", self.call);
        let body = json!({"email": email, "display_name": name, "answers": [true], "consent": true});
        let (s, v) = self.send(staff, "POST", &path, Some(body)).await;
        assert_eq!(s, 201, "{v}");
        let id = v["id"].as_i64().unwrap();
        let save = json!({"version": v["version"], "draft": complete(None)});
        assert_eq!(self.send(staff, "PUT", &format!("/api/v1/applications/{id}"), Some(save)).await.0, 200);
        let (s, r) = self.act(staff, id, "submit", None).await;
        assert_eq!(s, 200, "{r}");
        id
    }

    async fn audit_rows(&self, id: i64, action: &str, actor: i64) -> i64 {
        count(
            &self.app,
            &format!(
                "SELECT COUNT(*) FROM application_audit WHERE application_id = {id} AND action = '{action}' \
                 AND actor_id = {actor}"
            ),
        )
        .await
    }
}

#[tokio::test]
async fn staff_who_assisted_an_application_never_judge_it() {
    let w = world().await;
    let assisting = &w.staff;
    let id = w.assisted_submitted(assisting, "pina@example.org", "Pina Ferrari").await;
    let colleague = person(&w.app, "collega@example.org", "Carla Collega", Role::Staff).await;
    let base = format!("/api/v1/applications/{id}");
    assert_eq!(w.act(&colleague, id, "mark_eligible", Some("Verificato in ufficio (interno).")).await.0, 200);
    assert_eq!(
        w.send(&colleague, "POST", &format!("{base}/notes"), Some(json!({"body": "Nota riservata."}))).await.0,
        201
    );
    let e = person(&w.app, "vera@example.org", "Vera", Role::Evaluator).await;

    // Screening, review, assigning evaluators, notes, reviews: none of it.
    for action in ["start_review", "mark_ineligible", "request_info"] {
        assert_eq!(w.act(assisting, id, action, Some("motivo")).await.0, 403, "{action}");
    }
    assert_eq!(w.send(assisting, "PUT", &format!("{base}/evaluators/{}", e.id), None).await.0, 403);
    assert_eq!(count(&w.app, "SELECT COUNT(*) FROM application_evaluators").await, 0);
    assert_eq!(
        w.send(assisting, "POST", &format!("{base}/notes"), Some(json!({"body": "Io direi di sì."}))).await.0,
        403
    );
    let (s, notes) = w.send(assisting, "GET", &format!("{base}/notes"), None).await;
    assert_eq!(s, 200, "the messages to the applicant, which they help to answer");
    assert!(!notes.to_string().contains("Nota riservata."), "internal notes stay internal: {notes}");
    assert_eq!(w.send(assisting, "GET", &format!("{base}/reviews"), None).await.0, 403);
    let (_, view) = w.send(assisting, "GET", &base, None).await;
    assert!(!view.to_string().contains("Verificato in ufficio"), "the timeline's internal notes too: {view}");
    assert!(view["actions"].as_array().unwrap().iter().all(|a| a["action"] == "withdraw"), "{view}");

    assert_eq!(w.act(&colleague, id, "start_review", None).await.0, 200);
    let approve = json!({"action": "approve", "letter_template": "Approvata.", "granted": "5.000"});
    assert_eq!(w.send(assisting, "POST", &format!("{base}/decision"), Some(approve.clone())).await.0, 403);
    assert_eq!(w.send(&colleague, "POST", &format!("{base}/decision"), Some(approve)).await.0, 200);
    let milestone = json!({"title": "Apertura", "due_on": "2027-03-01"});
    assert_eq!(w.send(assisting, "POST", &format!("{base}/milestones"), Some(milestone.clone())).await.0, 403);
    let tranche = json!({"amount": 100_000, "due_on": "2027-03-15", "note": ""});
    assert_eq!(w.send(assisting, "POST", &format!("{base}/tranches"), Some(tranche)).await.0, 403);
    assert_eq!(w.act(assisting, id, "fund", None).await.0, 403);
    assert_eq!(w.send(&colleague, "POST", &format!("{base}/milestones"), Some(milestone)).await.0, 201);
    assert_eq!(w.send(assisting, "GET", &format!("{base}/follow-up"), None).await.0, 200, "they follow it");
}

#[tokio::test]
async fn staff_who_apply_themselves_never_judge_their_own_idea() {
    let w = world().await;
    let own = person_with(&w.app, "sara@example.org", "Sara Staff", &[Role::Staff]).await;
    let id = w.submitted(&own).await;
    let base = format!("/api/v1/applications/{id}");
    assert_eq!(w.act(&own, id, "mark_eligible", None).await.0, 403);
    assert_eq!(w.act(&w.staff, id, "mark_eligible", None).await.0, 200);
    assert_eq!(w.act(&own, id, "start_review", None).await.0, 403);
    assert_eq!(w.act(&w.staff, id, "start_review", None).await.0, 200);
    let e = w.evaluator("vera@example.org", "Vera").await;
    let (s, r) = w.send(&e, "POST", &format!("{base}/review"), Some(scores([Some(1), Some(1), Some(1)]))).await;
    assert_eq!(s, 200, "{r}");
    w.send(&w.staff, "POST", &format!("{base}/notes"), Some(json!({"body": "Nota riservata."}))).await;

    assert_eq!(w.send(&own, "GET", &format!("{base}/reviews"), None).await.0, 403, "not the committee's scores");
    let other = person(&w.app, "otto@example.org", "Otto", Role::Evaluator).await;
    assert_eq!(w.send(&own, "PUT", &format!("{base}/evaluators/{}", other.id), None).await.0, 403);
    assert_eq!(w.send(&own, "DELETE", &format!("{base}/evaluators/{}", e.id), None).await.0, 403);
    let (_, notes) = w.send(&own, "GET", &format!("{base}/notes"), None).await;
    assert!(!notes.to_string().contains("Nota riservata."), "{notes}");
    assert_eq!(w.send(&own, "POST", &format!("{base}/notes"), Some(json!({"body": "x"}))).await.0, 403);
    let approve = json!({"action": "approve", "letter_template": "Approvata.", "granted": "5.000"});
    assert_eq!(w.send(&own, "POST", &format!("{base}/decision"), Some(approve.clone())).await.0, 403);
    assert_eq!(w.send(&w.staff, "POST", &format!("{base}/decision"), Some(approve)).await.0, 200);
    let milestone = json!({"title": "Apertura", "due_on": "2027-03-01"});
    assert_eq!(w.send(&own, "POST", &format!("{base}/milestones"), Some(milestone)).await.0, 403);
    let check = json!({"checkpoint": "six_months", "checked_on": "2027-09-01", "active": true, "people_working": 9, "notes": ""});
    assert_eq!(w.send(&own, "PUT", &format!("{base}/status-checks"), Some(check)).await.0, 403);
    // Choosing the call's panel is choosing the evaluators of their own idea too.
    let seat = format!("/api/v1/calls/{}/evaluators/{}", w.call, other.id);
    assert_eq!(w.send(&own, "PUT", &seat, None).await.0, 403);
    assert_eq!(w.send(&own, "DELETE", &format!("/api/v1/calls/{}/evaluators/{}", w.call, e.id), None).await.0, 403);
    let ranking = format!("/api/v1/calls/{}/ranking", w.call);
    let (s, rows) = w.send(&own, "GET", &ranking, None).await;
    assert_eq!((s, rows.as_array().map(Vec::len)), (200, Some(0)), "not their own scores: {rows}");
    let (_, rows) = w.send(&w.staff, "GET", &ranking, None).await;
    assert_eq!(rows[0]["application_id"].as_i64(), Some(id));
    let (_, view) = w.send(&own, "GET", &base, None).await;
    let may: Vec<&str> = view["may"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert!(may.contains(&"act_as_applicant") && !may.contains(&"decide") && !may.contains(&"read_reviews"), "{may:?}");
}

#[tokio::test]
async fn an_evaluator_who_applies_is_recused_from_their_own_application() {
    let w = world().await;
    // Sits on the call first, then applies.
    let e = w.evaluator("vera@example.org", "Vera Valutatrice").await;
    let id = w.under_review(&e).await;
    let base = format!("/api/v1/applications/{id}");
    assert_eq!(w.audit_rows(id, "recuse", e.id).await, 1, "the recusal is in the audit log");
    let (s, r) = w.send(&e, "POST", &format!("{base}/review"), Some(json!({"conflict": {"kind": "none"}}))).await;
    assert_eq!(s, 403, "{r}");
    assert_eq!(w.send(&e, "POST", &format!("{base}/review"), Some(scores([Some(5), Some(5), Some(5)]))).await.0, 403);
    assert_eq!(count(&w.app, "SELECT COUNT(*) FROM reviews").await, 0);
    assert_eq!(w.send(&e, "GET", &format!("{base}/reviews"), None).await.0, 403);
    let (_, list) = w.send(&e, "GET", &format!("/api/v1/calls/{}/applications", w.call), None).await;
    assert!(list.as_array().unwrap().iter().all(|a| a["id"].as_i64() != Some(id)), "not theirs to assess: {list}");
    let (s, mine) = w.send(&e, "GET", &base, None).await;
    assert_eq!(s, 200, "they read it as its applicant");
    let recusal = mine["timeline"].as_array().unwrap().iter().find(|t| t["entry"]["action"] == "recuse").cloned();
    assert_eq!(
        recusal.map(|t| t["state_label"].clone()),
        Some(json!("Astensione dalla valutazione: è una domanda sua"))
    );

    // Applies first, then joins the call's committee: recused as well, once.
    let later = person(&w.app, "leo@example.org", "Leo", Role::Evaluator).await;
    let own = w.under_review(&later).await;
    let seat = format!("/api/v1/calls/{}/evaluators/{}", w.call, later.id);
    assert_eq!(w.send(&w.staff, "PUT", &seat, None).await.0, 204);
    assert_eq!(w.send(&w.staff, "PUT", &seat, None).await.0, 204);
    assert_eq!(w.audit_rows(own, "recuse", later.id).await, 1);
    assert_eq!(w.audit_rows(id, "recuse", later.id).await, 0, "Vera's application is not Leo's");
    let own_review = format!("/api/v1/applications/{own}/review");
    assert_eq!(w.send(&later, "POST", &own_review, Some(json!({"conflict": {"kind": "none"}}))).await.0, 403);
    // …and still reviews the others.
    let (s, r) = w.send(&later, "POST", &format!("{base}/review"), Some(json!({"conflict": {"kind": "none"}}))).await;
    assert_eq!(s, 200, "{r}");
    // The ranking does not wait for a review that will never come.
    let (_, rows) = w.send(&w.staff, "GET", &format!("/api/v1/calls/{}/ranking", w.call), None).await;
    for (app, other) in [(id, "Leo"), (own, "Vera")] {
        let row = rows.as_array().unwrap().iter().find(|r| r["application_id"].as_i64() == Some(app)).unwrap();
        assert_eq!(row["ranking"]["assigned"].as_i64(), Some(1), "only {other} reviews it: {row}");
    }
}

#[tokio::test]
async fn the_applicant_cannot_be_assigned_to_evaluate_their_own_application() {
    let w = world().await;
    let e = person(&w.app, "vera@example.org", "Vera Valutatrice", Role::Evaluator).await;
    let id = w.under_review(&e).await;
    let path = format!("/api/v1/applications/{id}/evaluators/{}", e.id);
    let (s, r) = w.send(&w.staff, "PUT", &path, None).await;
    assert_eq!(s, 422, "{r}");
    assert_eq!(
        r["fields"]["person_id"],
        "Questa persona ha presentato la domanda, o ha aiutato a presentarla: non può valutarla."
    );
    assert_eq!(count(&w.app, "SELECT COUNT(*) FROM application_evaluators").await, 0);

    // Nor the staff member who assisted it, though they sit on committees.
    let helper = person_with(&w.app, "elio@example.org", "Elio", &[Role::Staff, Role::Evaluator]).await;
    let assisted = w.assisted_submitted(&helper, "pina@example.org", "Pina Ferrari").await;
    let path = format!("/api/v1/applications/{assisted}/evaluators/{}", helper.id);
    let english = person_in(&w.app, "emma@example.org", "Emma", &[Role::Staff], shared::Locale::En).await;
    let (s, r) = w.send(&english, "PUT", &path, None).await;
    assert_eq!(s, 422, "{r}");
    assert_eq!(
        r["fields"]["person_id"],
        "This person submitted the application, or helped to submit it: they cannot assess it."
    );
    let other = person(&w.app, "otto@example.org", "Otto", Role::Evaluator).await;
    let path = format!("/api/v1/applications/{id}/evaluators/{}", other.id);
    assert_eq!(w.send(&w.staff, "PUT", &path, None).await.0, 204, "anyone else with the role may be");
}

// --- Blind review is blind everywhere -------------------------------------------

#[tokio::test]
async fn blind_review_is_blind_everywhere() {
    let w = world_with(true).await;
    let (name, email) = ("Zefirina Quagliarulo", "zefirina.quagliarulo@example.org");
    // Carla fills the application in with her; Stefano (w.staff) screens, decides, chooses the panel.
    let carla = person(&w.app, "collega@example.org", "Carla Collega", Role::Staff).await;
    let assisting = &carla;
    let colleague = &w.staff;
    // Filled in by staff with her (the operator's name is a trace too), and a file named after her.
    let path = format!("/api/v1/calls/{}/assisted-applications", w.call);
    let body = json!({"email": email, "display_name": name, "answers": [true], "consent": true});
    let (s, v) = w.send(assisting, "POST", &path, Some(body)).await;
    assert_eq!(s, 201, "{v}");
    let id = v["id"].as_i64().unwrap();
    let save = json!({"version": v["version"], "draft": complete(None)});
    assert_eq!(w.send(assisting, "PUT", &format!("/api/v1/applications/{id}"), Some(save)).await.0, 200);
    let r = w.upload(assisting, id, "Piano d'impresa di Zefirina Quagliarulo.pdf", pdf()).await;
    assert_eq!(r.status(), 201);
    let file = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(w.act(assisting, id, "submit", None).await.0, 200);
    assert_eq!(w.act(colleague, id, "mark_eligible", None).await.0, 200);
    assert_eq!(w.act(colleague, id, "start_review", None).await.0, 200);
    let base = format!("/api/v1/applications/{id}");
    w.send(colleague, "POST", &format!("{base}/notes"), Some(json!({"body": "Budget da verificare."}))).await;
    let message = json!({"body": "Ci manda il preventivo?", "to_applicant": true});
    assert_eq!(w.send(colleague, "POST", &format!("{base}/notes"), Some(message)).await.0, 201);

    let e = w.evaluator("vera@example.org", "Vera").await;
    let other = w.evaluator("otto@example.org", "Otto").await;
    let reason = json!({"conflict": {"kind": "conflict", "reason": "Conosco Zefirina Quagliarulo da anni."}});
    assert_eq!(w.send(&other, "POST", &format!("{base}/review"), Some(reason)).await.0, 200);
    assert_eq!(w.send(&e, "POST", &format!("{base}/review"), Some(scores([Some(4), Some(4), Some(4)]))).await.0, 200);
    w.send(&e, "POST", &format!("{base}/notes"), Some(json!({"body": "Bella idea."}))).await;
    let approve =
        json!({"action": "approve", "letter_template": "Cara {{nome}}, la tua idea è approvata.", "granted": "5.000"});
    assert_eq!(w.send(colleague, "POST", &format!("{base}/decision"), Some(approve)).await.0, 200);

    let traces = [name, "Zefirina", "Quagliarulo", email, "Carla Collega"];
    // Every trace in every response, so that a failure lists all the leaks at once.
    let mut leaks: Vec<String> = Vec::new();
    let mut check = |what: &str, text: &str| {
        for trace in traces {
            if text.to_lowercase().contains(&trace.to_lowercase()) {
                leaks.push(format!("{what} names the applicant ({trace})"));
            }
        }
    };
    let mut read = 0;
    for path in [
        base.clone(),
        format!("{base}/attachments"),
        format!("{base}/attachments/{file}"),
        format!("{base}/reviews"),
        format!("{base}/notes"),
        format!("{base}/follow-up"),
        "/api/v1/calls".to_owned(),
        format!("/api/v1/calls/{}", w.call),
        format!("/api/v1/calls/{}/applications", w.call),
        format!("/api/v1/calls/{}/evaluators", w.call),
        format!("/api/v1/calls/{}/ranking", w.call),
        "/api/v1/evaluators".to_owned(),
        "/api/v1/dashboard/calls".to_owned(),
        "/api/v1/me".to_owned(),
        "/api/v1/me/applications".to_owned(),
        format!("/bandi/domande/{id}"),
        format!("/bandi/{}", w.call),
        "/bandi".to_owned(),
    ] {
        let r = e.client.get(w.app.url(&path)).send().await.unwrap();
        let status = r.status().as_u16();
        // Content-Disposition of the download included.
        check(&format!("{path} (headers)"), &format!("{:?}", r.headers()));
        check(&path, &String::from_utf8_lossy(&r.bytes().await.unwrap()));
        if status == 200 {
            read += 1;
        }
    }
    assert!(leaks.is_empty(), "{leaks:#?}");
    assert_eq!(read, 13, "the evaluator reads all but follow-up, evaluators, ranking, candidates and dashboard");
    let got = e.client.get(w.app.url(&format!("{base}/attachments/{file}"))).send().await.unwrap();
    assert_eq!(got.headers()["content-disposition"], format!("attachment; filename=\"allegato-{file}.pdf\""));
    assert_eq!(got.bytes().await.unwrap().to_vec(), pdf());

    // What the evaluator reads instead.
    let (_, view) = w.send(&e, "GET", &base, None).await;
    assert!(view["applicant"].is_null() && view["assisted_by"].is_null() && view["decision"].is_null(), "{view}");
    assert_eq!(view["form"]["idea_title"], "Bottega del riuso");
    let (_, files) = w.send(&e, "GET", &format!("{base}/attachments"), None).await;
    assert_eq!(files[0]["name"], "Allegato 1");
    let english = person_in(&w.app, "emma@example.org", "Emma", &[Role::Evaluator], shared::Locale::En).await;
    let seat = format!("/api/v1/calls/{}/evaluators/{}", w.call, english.id);
    assert_eq!(w.send(&w.staff, "PUT", &seat, None).await.0, 204);
    w.send(&english, "POST", &format!("{base}/review"), Some(json!({"conflict": {"kind": "none"}}))).await;
    let (_, files) = w.send(&english, "GET", &format!("{base}/attachments"), None).await;
    assert_eq!(files[0]["name"], "Attachment 1", "{files}");
    let (_, reviews) = w.send(&e, "GET", &format!("{base}/reviews"), None).await;
    let conflict = reviews.as_array().unwrap().iter().find(|r| r["evaluator_id"].as_i64() == Some(other.id)).cloned();
    assert_eq!(conflict.map(|r| r["conflict"].clone()), Some(json!("Conflitto di interessi dichiarato")));
    let html = e.client.get(w.app.url(&format!("/bandi/domande/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Bottega del riuso") && html.contains("Allegato 1"), "the page shows the application");
    // Staff still see everything.
    let (_, staff_view) = w.send(colleague, "GET", &base, None).await;
    assert_eq!(
        (staff_view["applicant"]["email"].as_str(), staff_view["assisted_by"].as_str()),
        (Some(email), Some("Carla Collega"))
    );
    let (_, files) = w.send(colleague, "GET", &format!("{base}/attachments"), None).await;
    assert_eq!(files[0]["name"], "Piano d'impresa di Zefirina Quagliarulo.pdf");
}
