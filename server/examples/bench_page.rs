//! Campaign page latency for bench/giving.sh: requests the public campaign
//! API N times from C clients and prints p50/p99.
//!
//! Usage: bench_page <base-url> <slug> [requests] [clients]
//!        bench_page --fill <database-url> <slug> <rows>   (tops the ledger up to <rows> rows)

mod bench_common;

/// Adds synthetic 1 € gifts to the campaign's ledger until it has `rows`
/// rows, spread evenly over the past year whatever their number, so that
/// both sizes are a year-long campaign (one chart bar per day either way)
/// and only the ledger's length differs. One statement per backend.
async fn fill(url: &str, slug: &str, rows: i64) {
    use sqlx::Row;
    let db = server::db::Db::connect(url).await.unwrap();
    let (id, have): (i64, i64) = {
        let r = sqlx::query("SELECT c.id, (SELECT COUNT(*) FROM ledger l WHERE l.campaign_id = c.id) AS n FROM campaigns c WHERE slug = $1")
            .bind(slug)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        (r.try_get("id").unwrap(), r.try_get("n").unwrap())
    };
    let missing = rows - have;
    if missing <= 0 {
        return;
    }
    let now = chrono::Utc::now().timestamp();
    let sql = match db.kind {
        server::db::Kind::Sqlite => {
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
             INSERT INTO ledger (campaign_id, kind, amount_cents, method, created_at) \
             SELECT $2, 'gift', 100, 'bank_transfer', $3 - i * 31536000 / $1 FROM n"
        }
        server::db::Kind::Postgres => {
            "INSERT INTO ledger (campaign_id, kind, amount_cents, method, created_at) \
             SELECT $2, 'gift', 100, 'bank_transfer', $3 - i * 31536000 / $1 FROM generate_series(1, $1) AS i"
        }
    };
    sqlx::query(sql).bind(missing).bind(id).bind(now).execute(&db.pool).await.unwrap();
    if db.kind == server::db::Kind::Postgres {
        sqlx::query("ANALYZE ledger").execute(&db.pool).await.unwrap();
    }
    // What the server's worker does every minute: sum the settled past once.
    server::campaigns::totals::advance(&db).await.unwrap();
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--fill") {
        fill(&args[2], &args[3], args[4].parse().unwrap()).await;
        return;
    }
    let (base, slug) = (args[1].trim_end_matches('/').to_owned(), args[2].clone());
    let requests: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(400);
    let clients: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(4);
    let http = reqwest::Client::new();
    let url = format!("{base}/api/v1/campaigns/{slug}");
    http.get(&url).send().await.unwrap(); // warm up
    let lat = bench_common::timed_gets(&http, &url, requests, clients).await;
    let p = |q: f64| bench_common::percentile(&lat, q);
    println!("campaign page: {} requests, p50 {:.1} ms, p99 {:.1} ms", lat.len(), p(0.5), p(0.99));
}
