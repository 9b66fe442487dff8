//! `labs.geojson` latency for bench/map.sh: requests one view N times from
//! C clients and prints how many labs it holds, the features sent, p50/p99.
//!
//! Usage: bench_labs <base-url> <bbox> [zoom|-] [requests] [clients]

mod bench_common;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (base, bbox) = (args[1].trim_end_matches('/').to_owned(), args[2].clone());
    let zoom = args.get(3).filter(|z| z.as_str() != "-").map(|z| format!("&zoom={z}")).unwrap_or_default();
    let requests: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(200);
    let clients: usize = args.get(5).and_then(|s| s.parse().ok()).unwrap_or(4);
    let http = reqwest::Client::new();
    let url = format!("{base}/api/v1/labs.geojson?bbox={bbox}{zoom}");
    let body: serde_json::Value = http.get(&url).send().await.unwrap().json().await.unwrap();
    let features = body["features"].as_array().map(Vec::len).unwrap_or(0);
    let labs: i64 =
        body["features"].as_array().into_iter().flatten().map(|f| f["properties"]["count"].as_i64().unwrap_or(1)).sum();
    let lat = bench_common::timed_gets(&http, &url, requests, clients).await;
    let p = |q: f64| bench_common::percentile(&lat, q);
    println!(
        "labs.geojson bbox={bbox}{zoom}: {labs} labs in view, {features} features, {} requests ({clients} clients), p50 {:.1} ms, p99 {:.1} ms",
        lat.len(),
        p(0.5),
        p(0.99)
    );
}
