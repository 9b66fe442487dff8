//! Configuration from flags and environment variables (`clap`).

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "server", about = "Legami: community welfare for the Province of Cremona")]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run migrations, then serve HTTP (the default).
    Serve,
    /// Run migrations and exit.
    Migrate,
    /// Load the 113 comuni; with --demo also demo districts, people and labs.
    Seed {
        /// Also create demo districts, one demo person per role (printing
        /// their passwords), demo campaigns and demo labs. Refused with --production.
        #[arg(long)]
        demo: bool,
        /// Also create this many random labs spread over the province, for
        /// benchmarks (flagged as demo data). Refused with --production.
        #[arg(long, value_name = "N")]
        labs: Option<usize>,
    },
    /// Manage administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an administrator (or grant the role to an existing person).
    /// The password is read from LEGAMI_ADMIN_PASSWORD or, if unset, stdin.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Amministratore")]
        name: String,
    },
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "LEGAMI_LISTEN", default_value = "127.0.0.1:3000", global = true)]
    pub listen: SocketAddr,
    /// Database URL: `postgres://…` for PostgreSQL; `sqlite://…`, or unset for
    /// an SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Directory for the SQLite database and local files.
    #[arg(long, env = "LEGAMI_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// Log filter, e.g. `info` or `server=debug,tower_http=debug`.
    #[arg(long, env = "LEGAMI_LOG", default_value = "info", global = true)]
    pub log: String,
    /// Public base URL, used in links sent by email. Defaults to http://<listen>.
    #[arg(long, env = "LEGAMI_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Where cargo-leptos put the site (JS, WASM, CSS).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site", global = true)]
    pub site_root: String,
    /// SMTP server for the outbox, e.g. `smtps://user:pass@host:465`. Unset:
    /// messages are written to the log.
    #[arg(long, env = "SMTP_URL", global = true)]
    pub smtp_url: Option<String>,
    /// Sender address for outgoing mail.
    #[arg(long, env = "SMTP_FROM", default_value = "Legami <noreply@legami.invalid>", global = true)]
    pub smtp_from: String,
    /// Mark cookies Secure and send HSTS: set when served over TLS.
    #[arg(long, env = "LEGAMI_SECURE_COOKIES", global = true)]
    pub secure_cookies: bool,
    /// Production mode: no demo data, no simulated card checkout.
    #[arg(long, env = "LEGAMI_PRODUCTION", global = true)]
    pub production: bool,
    /// Behind a reverse proxy you run: the client address is the right-most
    /// address of X-Forwarded-For (the one your proxy added).
    #[arg(long, env = "LEGAMI_TRUST_PROXY", global = true)]
    pub trust_proxy: bool,
    /// Secret of the development payment provider's webhooks. Unset: a random
    /// one per process (fine for one process; set it when running several).
    #[arg(long, env = "PAYMENT_WEBHOOK_SECRET", global = true)]
    pub payment_webhook_secret: Option<String>,
    /// Secret API key of a Stripe account (`sk_live_…`): with
    /// STRIPE_WEBHOOK_SECRET, enables card giving through Stripe Checkout.
    #[arg(long, env = "STRIPE_SECRET_KEY", global = true, hide_env_values = true)]
    pub stripe_secret_key: Option<String>,
    /// Webhook signing secret of that Stripe account (`whsec_…`).
    #[arg(long, env = "STRIPE_WEBHOOK_SECRET", global = true, hide_env_values = true)]
    pub stripe_webhook_secret: Option<String>,
    /// Stripe's API address (tests point it at a local server).
    #[arg(long, env = "STRIPE_API_BASE", default_value = crate::campaigns::stripe::DEFAULT_API_BASE, global = true)]
    pub stripe_api_base: String,
    /// S3 bucket for files (credentials, region and endpoint from AWS_* variables).
    /// Unset: files go to `<data dir>/files`.
    #[arg(long, env = "LEGAMI_S3_BUCKET", global = true)]
    pub s3_bucket: Option<String>,
    /// Map tiles: a URL template with `{z}`, `{x}`, `{y}`, or `off` for a
    /// plain background (the map still shows boundaries and labs).
    #[arg(
        long,
        env = "LEGAMI_TILES_URL",
        default_value = "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        global = true
    )]
    pub tiles_url: String,
    /// The attribution the tile provider asks for.
    #[arg(long, env = "LEGAMI_TILES_ATTRIBUTION", default_value = "© OpenStreetMap contributors", global = true)]
    pub tiles_attribution: String,
    /// Largest request body accepted, in bytes (uploads: 10 MB per file).
    #[arg(long, env = "LEGAMI_BODY_LIMIT", default_value_t = 1024 * 1024, global = true)]
    pub body_limit: usize,
}

impl Config {
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.is_empty() => url.clone(),
            _ => format!("sqlite://{}?mode=rwc", self.data_dir.join("legami.db").display()),
        }
    }

    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.listen)).trim_end_matches('/').to_owned()
    }

    /// The tile layer, unless switched off.
    pub fn tiles(&self) -> Option<shared::labs::Tiles> {
        shared::labs::Tiles::parse(&self.tiles_url, &self.tiles_attribution)
    }

    /// Defaults for tests and tools: every field as if no flag were given.
    pub fn defaults() -> Config {
        Cli::parse_from(["server"]).config
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The README's configuration table is the operator's reference: every
    /// variable the server reads must be in it.
    #[test]
    fn the_readme_lists_every_variable() {
        let readme = include_str!("../../README.md");
        let table = readme.split("## Configuration").nth(1).unwrap().split("\n## ").next().unwrap();
        let missing: Vec<String> = Cli::command()
            .get_arguments()
            .filter_map(|a| a.get_env().map(|e| e.to_string_lossy().into_owned()))
            .filter(|env| !table.contains(&format!("`{env}`")))
            .collect();
        assert!(missing.is_empty(), "missing from the README's configuration table: {missing:?}");
    }
}
