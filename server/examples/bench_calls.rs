//! Calls benchmark for bench/calls.sh (issue "Enterprise-idea calls"):
//! autosave latency with many residents typing at once, and the ranking
//! of a call with 1,000 applications scored by 5 evaluators each.
//!
//! Usage: bench_calls --fill <database-url> <password> <applications> <evaluators> <typists>
//!        bench_calls <base-url> <password> [typists] [seconds]
//!
//! The fill step adds a call "Bench" (a copy of the demo call, open) with
//! its evaluators, the scored applications, and the typists' accounts.

mod bench_common;

use bench_common::percentile;
use std::time::{Duration, Instant};

const CALL: &str = "Bench";

async fn person(db: &server::db::Db, email: &str, name: &str, hash: &str, role: &str, t: i64) -> i64 {
    use sqlx::Row;
    let id: i64 = sqlx::query(
        "INSERT INTO people (email, password_hash, display_name, language, created_at) VALUES ($1, $2, $3, 'it', $4) RETURNING id",
    )
    .bind(email)
    .bind(hash)
    .bind(name)
    .bind(t)
    .fetch_one(&db.pool)
    .await
    .unwrap()
    .try_get("id")
    .unwrap();
    sqlx::query("INSERT INTO person_roles (person_id, role, granted_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(role)
        .bind(t)
        .execute(&db.pool)
        .await
        .unwrap();
    id
}

async fn fill(url: &str, password: &str, applications: usize, evaluators: usize, typists: usize) {
    use sqlx::Row;
    let db = server::db::Db::connect(url).await.unwrap();
    let t = chrono::Utc::now().timestamp();
    let hash = server::auth::password::hash(&shared::people::Password::parse(password).unwrap()).await.unwrap();
    let call: i64 = sqlx::query(
        "INSERT INTO calls (title, description, opens_at, closes_at, budget_cents, max_per_application_cents, \
           eligibility, criteria, blind_review, status, created_at, created_by, updated_at) \
         SELECT $1, description, opens_at, closes_at, budget_cents, max_per_application_cents, eligibility, criteria, \
           blind_review, status, created_at, created_by, updated_at FROM calls WHERE title = 'Idee in comune 2026' \
         RETURNING id",
    )
    .bind(CALL)
    .fetch_one(&db.pool)
    .await
    .unwrap()
    .try_get("id")
    .unwrap();
    let mut panel = Vec::new();
    for e in 0..evaluators {
        let id = person(&db, &format!("bench-eval-{e}@example.org"), &format!("Valutatore {e}"), &hash, "evaluator", t)
            .await;
        sqlx::query("INSERT INTO call_evaluators (call_id, person_id, assigned_at) VALUES ($1, $2, $3)")
            .bind(call)
            .bind(id)
            .bind(t)
            .execute(&db.pool)
            .await
            .unwrap();
        panel.push(id);
    }
    for a in 0..applications {
        let who =
            person(&db, &format!("bench-app-{a}@example.org"), &format!("Residente {a}"), &hash, "resident", t).await;
        let app: i64 = sqlx::query(
            "INSERT INTO applications (call_id, applicant_id, state, idea_title, summary, budget_lines, \
               budget_total_cents, requested_cents, consent_at, created_at, updated_at, submitted_at) \
             VALUES ($1, $2, 'under_review', $3, 'Sintesi', '[]', 500000, $4, $5, $5, $5, $5) RETURNING id",
        )
        .bind(call)
        .bind(who)
        .bind(format!("Idea {a}"))
        .bind(100_000 + (a as i64 % 40) * 10_000)
        .bind(t)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
        for (e, evaluator) in panel.iter().enumerate() {
            let scores: Vec<shared::applications::Score> = (0..3)
                .map(|c| shared::applications::Score {
                    criterion: c,
                    score: Some(((a * 7 + e * 3 + c) % 6) as u8),
                    comment: None,
                })
                .collect();
            sqlx::query(
                "INSERT INTO reviews (application_id, evaluator_id, conflict, declared_at, scores, submitted_at) \
                 VALUES ($1, $2, 0, $3, $4, $3)",
            )
            .bind(app)
            .bind(evaluator)
            .bind(t)
            .bind(serde_json::to_string(&scores).unwrap())
            .execute(&db.pool)
            .await
            .unwrap();
        }
    }
    for i in 0..typists {
        person(&db, &format!("bench-typist-{i}@example.org"), &format!("Dattilografa {i}"), &hash, "resident", t).await;
    }
    println!("filled: call {call}, {applications} applications × {evaluators} reviews, {typists} typists");
}

async fn signed_in(base: &str, email: &str, password: &str) -> reqwest::Client {
    let http = bench_common::site_client(base).build().unwrap();
    let r = http
        .post(format!("{base}/api/v1/auth/sign-in"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "sign-in of {email}: {}", r.status());
    http
}

async fn bench_call(base: &str) -> i64 {
    let calls: serde_json::Value = reqwest::get(format!("{base}/api/v1/calls")).await.unwrap().json().await.unwrap();
    calls.as_array().unwrap().iter().find(|c| c["title"] == CALL).expect("run --fill first")["id"].as_i64().unwrap()
}

/// Each typist starts an application, then saves a growing draft every
/// `pause` (the form waits 2 s after typing stops; `pause` 0 is flat out).
async fn autosave(base: &str, password: &str, call: i64, typists: usize, seconds: u64, pause: Duration, round: usize) {
    let mut tasks = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(seconds) + Duration::from_secs(2);
    for i in 0..typists {
        let (base, password) = (base.to_owned(), password.to_owned());
        tasks.push(tokio::spawn(async move {
            let http = signed_in(&base, &format!("bench-typist-{i}@example.org"), &password).await;
            let started: serde_json::Value = http
                .post(format!("{base}/api/v1/calls/{call}/applications"))
                .json(&serde_json::json!({"answers": [true, false]}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let id = started["id"].as_i64().unwrap();
            let mut version = started["version"].as_i64().unwrap();
            let (mut lat, mut errors, mut text) = (Vec::new(), 0u64, String::new());
            while Instant::now() < deadline {
                // Typing goes on; the summary stays under its 2,000 characters
                // (a longer one is refused, and would time the refusal).
                text.push_str(&format!("parola{round} "));
                if text.len() > 1500 {
                    text.drain(..text.len() - 1500);
                }
                let body = serde_json::json!({"version": version, "draft": {
                    "idea_title": format!("Idea della dattilografa {i}"), "summary": text,
                    "budget_lines": [{"item": "Attrezzi", "amount": "1.250,00"}], "requested": "1.000"}});
                let t = Instant::now();
                let r = http.put(format!("{base}/api/v1/applications/{id}")).json(&body).send().await.unwrap();
                let ok = r.status().is_success();
                let saved: serde_json::Value = r.json().await.unwrap_or_default();
                lat.push(t.elapsed());
                match saved["version"].as_i64() {
                    Some(v) if ok => version = v,
                    _ => errors += 1,
                }
                tokio::time::sleep(pause).await;
            }
            (lat, errors)
        }));
    }
    let (mut lat, mut errors) = (Vec::new(), 0);
    for t in tasks {
        let (l, e) = t.await.unwrap();
        lat.extend(l);
        errors += e;
    }
    lat.sort();
    println!(
        "autosave, {typists} residents, a save every {} ms each: {} saves, {errors} errors, p50 {:.1} ms, p99 {:.1} ms",
        pause.as_millis(),
        lat.len(),
        percentile(&lat, 0.5),
        percentile(&lat, 0.99)
    );
}

async fn ranking(base: &str, password: &str, call: i64) {
    let http = signed_in(base, "staff@legami.demo", password).await;
    for (what, url) in [
        ("ranking API", format!("{base}/api/v1/calls/{call}/ranking")),
        ("ranking page", format!("{base}/bandi/{call}/graduatoria")),
    ] {
        let mut lat = Vec::new();
        let mut rows = 0;
        for _ in 0..60 {
            let t = Instant::now();
            let r = http.get(&url).send().await.unwrap();
            assert!(r.status().is_success(), "{url}: {}", r.status());
            let body = r.text().await.unwrap();
            lat.push(t.elapsed());
            rows = body.matches("\"application_id\"").count().max(body.matches("/bandi/domande/").count());
        }
        lat.sort();
        println!(
            "{what} ({rows} applications): {} requests, p50 {:.1} ms, p99 {:.1} ms",
            lat.len(),
            percentile(&lat, 0.5),
            percentile(&lat, 0.99)
        );
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--fill") {
        let n = |i: usize| args[i].parse::<usize>().unwrap();
        fill(&args[2], &args[3], n(4), n(5), n(6)).await;
        return;
    }
    let base = args[1].trim_end_matches('/').to_owned();
    let password = args[2].clone();
    let typists: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(50);
    let seconds: u64 = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(20);
    let call = bench_call(&base).await;
    ranking(&base, &password, call).await;
    autosave(&base, &password, call, typists, seconds, Duration::from_millis(500), 1).await;
    autosave(&base, &password, call, typists, seconds, Duration::ZERO, 2).await;
}
