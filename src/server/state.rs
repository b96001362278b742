//! Everything the composition root hands out. Features never see this type:
//! they get their slice ([`AuthState`], the database pool) as Leptos context.
//!
//! One `Arc` around all of it: axum clones the state of every
//! `from_fn_with_state` layer and `State` extractor on every request, and a
//! struct of a dozen `Arc`s and pools cost a third of the CPU of serving a
//! kept page (measured with `perf`); one atomic increment costs nothing.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::AnyPool;

use crate::auth::state::AuthState;
use crate::config::Settings;
use crate::metrics::Metrics;
use crate::server::session_store::Sessions;

#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// Leptos' handlers take their options from the state.
impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// What [`AppState`] shares.
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    /// The sign-in feature's slice: providers, role settings, token flights.
    pub auth: AuthState,
    /// SQLite or PostgreSQL (see `crate::db`).
    pub db: AnyPool,
    /// The shared session store, for ending sessions other than the caller's.
    pub sessions: Sessions,
    pub metrics: Arc<Metrics>,
    /// The live-session count `/metrics` reports, counted at most once a minute.
    pub session_count: Arc<crate::server::session_count::CountCache>,
    /// Signs the errors server functions redirect back with (no-JS forms).
    pub error_links: Arc<crate::server::error_link_key::ErrorLinkKey>,
    /// Which state of the catalog pages show; bumped by edits and orders.
    pub catalog: crate::shop::catalog::version::CatalogVersion,
    /// The home shelves and search facets kept per catalog version.
    pub derived: crate::shop::catalog::derived::CatalogDerived,
    /// Catalog pages kept for visitors without a session.
    pub pages: Arc<crate::server::page_cache::PageCache>,
    /// When the shop sends mail (`config::mail`): given to server functions.
    pub mail: Option<crate::mail::MailContext>,
}
