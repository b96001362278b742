//! Everything a request handler or server function needs, cloned cheaply.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::AnyPool;

use crate::auth::flights::Flights;
use crate::auth::refresh::Refreshed;
use crate::auth::registry::Providers;
use crate::server::config::Settings;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub providers: Arc<Providers>,
    /// SQLite or PostgreSQL (see `server::db`).
    pub db: AnyPool,
    /// The shared session store, for ending sessions other than the caller's.
    pub sessions: crate::server::session_store::Sessions,
    /// Token refreshes in progress or just done, shared by concurrent requests.
    pub token_flights: Arc<Flights<Refreshed>>,
    pub metrics: Arc<crate::server::metrics::Metrics>,
}
