//! Everything a request handler or server function needs, cloned cheaply.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::SqlitePool;

use crate::auth::flights::Flights;
use crate::auth::refresh::Refreshed;
use crate::auth::registry::Providers;
use crate::server::config::Settings;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub providers: Arc<Providers>,
    pub db: SqlitePool,
    /// Token refreshes in progress or just done, shared by concurrent requests.
    pub token_flights: Arc<Flights<Refreshed>>,
    pub metrics: Arc<crate::server::metrics::Metrics>,
}
