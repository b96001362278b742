//! Everything a request handler or server function needs, cloned cheaply.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::SqlitePool;

use crate::auth::registry::Providers;
use crate::server::config::Settings;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub providers: Arc<Providers>,
    pub db: SqlitePool,
}
