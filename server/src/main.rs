//! The `server` binary: parses the command line and runs one command.

use clap::Parser;
use server::config::{AdminCommand, Cli, Command, Config};
use shared::people::{DisplayName, Email, Password, Registration, Role};
use std::io::BufRead;
use std::net::SocketAddr;
use std::time::Instant;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let started = Instant::now();
    let cli = Cli::parse();
    let filter = EnvFilter::try_new(&cli.config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
    let config = cli.config;
    let db = server::open_database(&config).await?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config, db, started).await,
        Command::Migrate => {
            println!("Database migrated ({}).", db.kind_name());
            Ok(())
        }
        Command::Seed { demo, labs } => seed(&config, &db, demo, labs).await,
        Command::Admin { command: AdminCommand::Create { email, name } } => create_admin(&db, &email, &name).await,
    }
}

async fn serve(config: Config, db: server::db::Db, started: Instant) -> anyhow::Result<()> {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    server::spawn_workers(&db, &config, stop_rx)?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let url = config.public_url();
    let backend = db.kind_name();
    let app = server::router(server::state(config, db)?);
    tracing::info!(%url, backend, startup_ms = started.elapsed().as_millis() as u64, "listening");
    println!("Legami is running at {url}");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    let _ = stop_tx.send(true);
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGINT or SIGTERM: in-flight requests finish, then we exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

async fn seed(config: &Config, db: &server::db::Db, demo: bool, labs: Option<usize>) -> anyhow::Result<()> {
    println!("The 113 comuni of the Province of Cremona are loaded.");
    if !demo && labs.is_none() {
        return Ok(());
    }
    if config.production {
        anyhow::bail!("demo data is refused in production mode (LEGAMI_PRODUCTION)");
    }
    if let Some(n) = labs {
        let started = Instant::now();
        server::labs::seed::random_labs(db, n).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        println!("{n} random labs created in {:.1} s (flagged as demo data).", started.elapsed().as_secs_f64());
    }
    if !demo {
        return Ok(());
    }
    server::seed::demo_districts(db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("Demo districts (labelled as demo data): Cremonese, Cremasco, Casalasco.");
    server::campaigns::seed_demo(db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("Demo funds and campaigns: Banca dell'acqua, Fondo di comunità.");
    let fixed = std::env::var("LEGAMI_DEMO_PASSWORD").ok().filter(|p| !p.is_empty());
    let created = server::seed::demo_people(db, fixed.as_deref()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    if created.is_empty() {
        println!("Demo people already exist; their passwords were printed when they were created.");
    }
    for (email, password) in created {
        println!("  demo person  {email:<24} password  {password}");
    }
    let labs = server::labs::seed::demo_labs(db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    if labs > 0 {
        println!("Demo labs in Crema, Cremona and Casalmaggiore (one shown by area only), with meetings.");
    }
    server::calls::seed::seed_demo(db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("Demo call: Idee in comune 2026 (open), with one application under review.");
    Ok(())
}

async fn create_admin(db: &server::db::Db, email: &str, name: &str) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|_| anyhow::anyhow!("invalid email address"))?;
    let plain = match std::env::var("LEGAMI_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            eprintln!("Password for {} (at least 10 characters), then Enter:", email.as_ref());
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let password =
        Password::parse(&plain).map_err(|_| anyhow::anyhow!("the password must have 10 to 128 characters"))?;
    if let Some((id, _)) = server::auth::credentials(db, email.as_ref()).await.map_err(|e| anyhow::anyhow!("{e}"))? {
        let hash = server::auth::password::hash(&password).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        server::auth::set_password(db, id, &hash).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        server::auth::set_role(db, id, id, Role::Admin, true).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        println!("{} is now an administrator (password updated).", email.as_ref());
        return Ok(());
    }
    let reg = Registration {
        email,
        password,
        display_name: DisplayName::parse(name).map_err(|_| anyhow::anyhow!("invalid name"))?,
        language: shared::Locale::It,
    };
    server::auth::create_person(db, &reg, &[Role::Admin, Role::Staff]).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("Administrator {} created.", reg.email.as_ref());
    Ok(())
}
