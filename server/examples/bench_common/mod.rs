//! What the benchmark tools share: percentiles, and timing GET requests
//! from several clients at once.

#![allow(dead_code)] // each tool uses part of it

use std::time::{Duration, Instant};

/// A client of the site at `base` (the server refuses state-changing
/// requests without this site's `Origin`), with its own cookies.
pub fn site_client(base: &str) -> reqwest::ClientBuilder {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ORIGIN, base.parse().expect("base URL as a header"));
    reqwest::Client::builder().cookie_store(true).default_headers(headers)
}

/// The `p` quantile (0–1) of sorted latencies, in milliseconds.
pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

/// `requests` GETs of `url` split over `clients` concurrent clients, each
/// answered 2xx; the latencies, sorted.
pub async fn timed_gets(http: &reqwest::Client, url: &str, requests: usize, clients: usize) -> Vec<Duration> {
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (http, url) = (http.clone(), url.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            for _ in 0..requests / clients {
                let t = Instant::now();
                let r = http.get(&url).send().await.unwrap();
                assert!(r.status().is_success(), "{url}: {}", r.status());
                r.bytes().await.unwrap();
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut lat = Vec::new();
    for t in tasks {
        lat.extend(t.await.unwrap());
    }
    lat.sort();
    lat
}
