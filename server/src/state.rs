//! Application state shared by every request.

use crate::campaigns::payments::PaymentProvider;
use crate::config::Config;
use crate::db::Db;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub leptos: LeptosOptions,
    /// Files: a local directory, or S3-compatible storage.
    pub storage: crate::storage::Storage,
    /// Payment providers, the one that takes cards first: `stripe` when
    /// configured, `dev` outside production mode.
    pub payments: Arc<Vec<Arc<dyn PaymentProvider>>>,
}

impl AppState {
    pub fn payment_provider(&self, name: &str) -> Option<Arc<dyn PaymentProvider>> {
        self.payments.iter().find(|p| p.name() == name).cloned()
    }

    /// The provider new card gifts go to; `None`: only bank transfers.
    pub fn card_provider(&self) -> Option<Arc<dyn PaymentProvider>> {
        self.payments.first().cloned()
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
