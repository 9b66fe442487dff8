//! The database: SQLite by default, PostgreSQL when DATABASE_URL says so.
//!
//! One codebase for both through sqlx's `Any` driver: queries use `$1`
//! placeholders and plain values (integers, floats, text), which both
//! backends read alike; each backend has its own migrations folder because
//! their DDL differs (AUTOINCREMENT vs BIGSERIAL). See README, "Data layer".

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub kind: Kind,
    /// This process's memory of settled ledger checkpoints (immutable data).
    pub settled: Arc<crate::campaigns::totals::SettledCache>,
    /// This process's memory of the map's province-wide groupings.
    pub map_cells: Arc<crate::labs::cells::CellCache>,
}

pub type Row = AnyRow;

impl Db {
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let kind = if url.starts_with("postgres") { Kind::Postgres } else { Kind::Sqlite };
        if kind == Kind::Sqlite {
            ensure_sqlite_dir(url);
        }
        let options = AnyPoolOptions::new()
            .max_connections(if kind == Kind::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10));
        let options = if kind == Kind::Sqlite {
            options.after_connect(|conn, _| {
                Box::pin(async move {
                    // WAL lets readers work while one writer writes; foreign
                    // keys are off by default in SQLite; the busy timeout makes
                    // concurrent writers wait instead of failing.
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;")
                        .await?;
                    Ok(())
                })
            })
        } else {
            options.after_connect(|conn, _| {
                Box::pin(async move {
                    // sqlx prepares every statement; after five runs PostgreSQL
                    // may switch to a generic plan that ignores the values, and
                    // "rows of this campaign since the checkpoint" became a
                    // parallel scan of the whole ledger (70 ms at 1,000,000
                    // rows instead of 0.3 ms). Plan each execution with its values.
                    conn.execute("SET plan_cache_mode = force_custom_plan").await?;
                    Ok(())
                })
            })
        };
        let pool = options.connect(url).await?;
        Ok(Db { pool, kind, settled: Arc::default(), map_cells: Arc::default() })
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.kind {
            Kind::Sqlite => sqlx::migrate!("migrations/sqlite").run(&self.pool).await,
            Kind::Postgres => sqlx::migrate!("migrations/postgres").run(&self.pool).await,
        }
    }

    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Sqlite => "sqlite",
            Kind::Postgres => "postgresql",
        }
    }
}

fn ensure_sqlite_dir(url: &str) {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:").split('?').next().unwrap_or("");
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            let _ = std::fs::create_dir_all(parent);
        }
    }
}

/// Seconds since the epoch, UTC: how every timestamp is stored.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Whether an error is a unique-constraint violation, on either backend.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}
