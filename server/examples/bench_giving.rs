//! Load generator for bench/giving.sh: N concurrent clients give through the
//! public API for D seconds, then staff confirm every gift concurrently;
//! prints gifts per second, latency percentiles, and checks that the
//! campaign total equals the sum of the acknowledged gifts.
//!
//! Usage: bench_giving <base-url> <slug> <staff-email> <staff-password> [clients] [seconds]

mod bench_common;

use bench_common::percentile;
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = args[1].trim_end_matches('/').to_owned();
    let slug = args[2].clone();
    let (email, password) = (args[3].clone(), args[4].clone());
    let clients: usize = args.get(5).and_then(|s| s.parse().ok()).unwrap_or(64);
    let seconds: u64 = args.get(6).and_then(|s| s.parse().ok()).unwrap_or(20);
    let http = bench_common::site_client(&base).pool_max_idle_per_host(clients).build().unwrap();

    let before: serde_json::Value =
        http.get(format!("{base}/api/v1/campaigns/{slug}")).send().await.unwrap().json().await.unwrap();
    let raised_before = before["campaign"]["raised_cents"].as_i64().unwrap();

    // Phase 1: giving.
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (http, base, slug) = (http.clone(), base.clone(), slug.clone());
        tasks.push(tokio::spawn(async move {
            let (mut lat, mut acked, mut errors) = (Vec::new(), Vec::new(), 0u64);
            let mut i = 0u64;
            while Instant::now() < deadline {
                i += 1;
                let amount = 100 + ((c as i64 * 7919 + i as i64 * 104729) % 9900);
                let body = serde_json::json!({"amount_cents": amount, "donor_name": format!("Bench {c}"),
                    "email": "bench@example.org", "method": "bank_transfer"});
                let t = Instant::now();
                let r = http
                    .post(format!("{base}/api/v1/campaigns/{slug}/donations"))
                    .header("idempotency-key", format!("bench-{c}-{i}-{}", std::process::id()))
                    .json(&body)
                    .send()
                    .await;
                lat.push(t.elapsed());
                match r {
                    Ok(r) if r.status() == 201 => {
                        let g: serde_json::Value = r.json().await.unwrap();
                        acked.push((g["id"].as_i64().unwrap(), amount));
                    }
                    _ => errors += 1,
                }
            }
            (lat, acked, errors)
        }));
    }
    let (mut lat, mut acked, mut errors) = (Vec::new(), Vec::new(), 0);
    for t in tasks {
        let (l, a, e) = t.await.unwrap();
        lat.extend(l);
        acked.extend(a);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    lat.sort();
    println!(
        "giving: {} clients, {:.1} s: {} gifts acknowledged, {} errors, {:.0} gifts/s, latency p50 {:.1} ms, p99 {:.1} ms",
        clients,
        elapsed,
        acked.len(),
        errors,
        acked.len() as f64 / elapsed,
        percentile(&lat, 0.50),
        percentile(&lat, 0.99)
    );

    // Phase 2: staff confirm every acknowledged gift, concurrently.
    let staff = bench_common::site_client(&base).build().unwrap();
    let r = staff
        .post(format!("{base}/api/v1/auth/sign-in"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "staff sign-in");
    let started = Instant::now();
    let chunks: Vec<Vec<(i64, i64)>> = acked.chunks(acked.len().div_ceil(clients).max(1)).map(|c| c.to_vec()).collect();
    let mut tasks = Vec::new();
    for chunk in chunks {
        let (staff, base) = (staff.clone(), base.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            for (id, _) in chunk {
                let t = Instant::now();
                let r = staff.post(format!("{base}/api/v1/donations/{id}/confirm")).send().await.unwrap();
                assert_eq!(r.status(), 200);
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut clat = Vec::new();
    for t in tasks {
        clat.extend(t.await.unwrap());
    }
    clat.sort();
    let celapsed = started.elapsed().as_secs_f64();
    println!(
        "confirming: {} gifts in {:.1} s, {:.0}/s, latency p50 {:.1} ms, p99 {:.1} ms",
        clat.len(),
        celapsed,
        clat.len() as f64 / celapsed,
        percentile(&clat, 0.50),
        percentile(&clat, 0.99)
    );

    let after: serde_json::Value =
        http.get(format!("{base}/api/v1/campaigns/{slug}")).send().await.unwrap().json().await.unwrap();
    let raised = after["campaign"]["raised_cents"].as_i64().unwrap() - raised_before;
    let expected: i64 = acked.iter().map(|(_, a)| a).sum();
    println!(
        "check: campaign total grew by {raised} cents; acknowledged gifts sum to {expected} cents: {}",
        if raised == expected { "EXACT" } else { "MISMATCH" }
    );
    if raised != expected {
        std::process::exit(1);
    }
}
