//! What the sign-in feature needs from the running app, provided as Leptos
//! context (and as an axum `FromRef` slice) by the composition root, so that
//! `auth` never imports `server`.

use std::sync::Arc;

use sqlx::AnyPool;

use crate::auth::providers::Providers;
use crate::auth::single_flight::Flights;
use crate::config::authz::AuthzSettings;
use crate::metrics::Metrics;
use crate::oidc::refresh::Refreshed;

#[derive(Clone)]
pub struct AuthState {
    pub providers: Arc<Providers>,
    pub authz: Arc<AuthzSettings>,
    /// Token refreshes in progress or just done, shared by concurrent requests.
    pub flights: Arc<Flights<Refreshed>>,
    pub metrics: Arc<Metrics>,
    /// The back-channel session index and the customer's cart at sign-in.
    pub db: AnyPool,
    /// How long a sign-in lasts at most (`BOOKSTORE_SESSION_MAX_DAYS`).
    pub max_session: std::time::Duration,
    /// Who hears of sign-ins, deletions and suspensions (the shop).
    pub listeners: crate::auth::events::Listeners,
    /// Ends a customer's sessions everywhere (their account deleted here).
    pub end_sessions: Arc<dyn crate::auth::events::EndSessions>,
    /// Seals sign-in attempts into the browser's cookies.
    pub attempts: Arc<crate::auth::attempts::Attempts>,
}
