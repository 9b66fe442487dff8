//! One helper that starts the real application on a random port against a
//! throwaway database: an SQLite file in a temporary directory, or a fresh
//! PostgreSQL database when LEGAMI_TEST_POSTGRES names a server
//! (e.g. `postgres://postgres@127.0.0.1:5432/postgres`).
#![allow(dead_code)]

use server::config::Config;
use server::db::Db;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    pub client: reqwest::Client,
    pub database_url: String,
    /// The site's public origin (a sibling's is the first server's).
    pub origin: String,
    pub _dir: TempDir,
}

/// A directory removed when the test ends.
pub struct TempDir(pub std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn unique() -> String {
    format!("{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst), rand_suffix())
}

fn rand_suffix() -> u32 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
}

async fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("LEGAMI_TEST_POSTGRES").ok().filter(|s| !s.is_empty()) {
        None => format!("sqlite://{}?mode=rwc", dir.join("test.db").display()),
        Some(admin_url) => {
            let name = format!("legami_t_{}", unique());
            sqlx::any::install_default_drivers();
            let pool = sqlx::AnyPool::connect(&admin_url).await.expect("connect to PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&pool).await.expect("create database");
            pool.close().await;
            let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
            format!("{base}/{name}")
        }
    }
}

/// A browser of the site at `origin`: its own cookie jar, and the `Origin`
/// header a browser sends with every state-changing request.
pub fn client_for(origin: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ORIGIN, origin.parse().unwrap());
    reqwest::Client::builder().cookie_store(true).default_headers(headers).timeout(TIMEOUT).build().unwrap()
}

/// No request of a test takes this long: a stuck one fails with its URL
/// instead of holding the whole run.
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// A program with no Origin: what another site's forged request looks like
/// once a privacy tool strips its headers.
pub fn bare_client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).timeout(TIMEOUT).build().unwrap()
}

pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

/// The application with some configuration of its own (production mode, a
/// payment provider…).
pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    let dir = std::env::temp_dir().join(format!("legami-test-{}", unique()));
    std::fs::create_dir_all(&dir).unwrap();
    let database_url = fresh_database(&dir).await;
    spawn_on(&database_url, TempDir(dir), configure).await
}

/// Another server process on the same database (as when several run side by
/// side behind one public address: the first one's).
pub async fn spawn_sibling(app: &TestApp) -> TestApp {
    let dir = std::env::temp_dir().join(format!("legami-test-{}", unique()));
    std::fs::create_dir_all(&dir).unwrap();
    let public = app.url("");
    spawn_on(&app.database_url, TempDir(dir), |c| c.public_url = Some(public)).await
}

async fn spawn_on(database_url: &str, dir: TempDir, configure: impl FnOnce(&mut Config)) -> TestApp {
    // Errors the server logs show up in a failing test's output.
    let _ = tracing_subscriber::fmt().with_env_filter("warn").with_test_writer().try_init();
    let mut config = Config::defaults();
    config.database_url = Some(database_url.to_owned());
    config.data_dir = dir.0.clone();
    config.log = "warn".into();
    config.payment_webhook_secret = Some(WEBHOOK_SECRET.into());
    let db = server::open_database(&config).await.expect("open database");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    config.listen = addr;
    configure(&mut config);
    let origin = config.public_url();
    let client = client_for(&origin);
    let router = server::router(server::state(config, db.clone()).unwrap());
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    TestApp { addr, db, client, database_url: database_url.to_owned(), origin, _dir: dir }
}

pub const PASSWORD: &str = "una password lunga";
pub const WEBHOOK_SECRET: &str = "whsec_test_secret";

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Another browser of this site (its own cookies).
    pub fn new_client(&self) -> reqwest::Client {
        client_for(&self.origin)
    }

    pub async fn post_json(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.client.post(self.url(path)).json(&body).send().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// Registers a resident through the API as a person does (the form, then
    /// the link sent to the address) and leaves this client signed in.
    pub async fn register(&self, email: &str) -> serde_json::Value {
        let r = self.confirm_registration(email).await;
        assert_eq!(r.status(), 201, "register {email}");
        r.json().await.unwrap()
    }

    /// Asks for an account and answers the link sent to the address.
    pub async fn confirm_registration(&self, email: &str) -> reqwest::Response {
        let r = self
            .post_json(
                "/api/v1/auth/register",
                serde_json::json!({"email": email, "password": PASSWORD, "display_name": "Anna Rossi"}),
            )
            .await;
        assert_eq!(r.status(), 202, "register {email}");
        let token = self.link_token(email, "/registrati/conferma?token=").await.expect("a registration link");
        self.post_json("/api/v1/auth/register/confirm", serde_json::json!({"token": token})).await
    }

    /// The token of the last link with `prefix` in a message to `email`.
    pub async fn link_token(&self, email: &str, prefix: &str) -> Option<String> {
        use sqlx::Row;
        let email = email.trim().to_lowercase();
        let rows = sqlx::query("SELECT body FROM outbox WHERE recipient = $1 ORDER BY id DESC")
            .bind(&email)
            .fetch_all(&self.db.pool)
            .await
            .unwrap();
        rows.iter().find_map(|r| {
            let body: String = r.try_get("body").unwrap();
            let start = body.find(prefix)? + prefix.len();
            Some(body[start..].split_whitespace().next()?.to_owned())
        })
    }

    /// Creates an administrator directly and signs this client in as them.
    pub async fn sign_in_as_admin(&self) -> i64 {
        self.sign_in_with_role("admin@example.org", shared::people::Role::Admin).await
    }

    /// Creates a person with one role and signs this client in as them.
    pub async fn sign_in_with_role(&self, email: &str, role: shared::people::Role) -> i64 {
        use shared::people::{DisplayName, Email, Password, Registration};
        let reg = Registration {
            email: Email::parse(email).unwrap(),
            password: Password::parse(PASSWORD).unwrap(),
            display_name: DisplayName::parse("Persona di prova").unwrap(),
            language: shared::Locale::It,
        };
        let id = server::auth::create_person(&self.db, &reg, &[role]).await.unwrap();
        let r = self.post_json("/api/v1/auth/sign-in", serde_json::json!({"email": email, "password": PASSWORD})).await;
        assert_eq!(r.status(), 200);
        id
    }
}
