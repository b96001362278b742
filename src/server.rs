//! The HTTP server: the axum router with Leptos routes, sessions and headers,
//! and start-up/shutdown. Integration tests build the same router.

pub mod api;
pub mod assets;
pub mod backchannel;
pub mod config;
pub mod csp;
pub mod db;
pub mod error_status;
pub mod form_post;
pub mod headers;
pub mod health;
pub mod metrics;
pub mod request;
pub mod session_store;
pub mod sql;
pub mod state;
pub mod telemetry;

use std::future::Future;
use std::process::ExitCode;
use std::sync::Arc;

use axum::Router;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tokio::net::TcpListener;

use crate::app::{App, shell};
use crate::auth::provider::{ProviderError, error_chain};
use crate::auth::registry::Providers;
use crate::server::config::Settings;
use crate::server::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Database(#[from] db::DbError),
    #[error("identity provider client: {0}")]
    Provider(#[from] ProviderError),
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// `bookstore` binary entry: settings, telemetry, then serve.
pub async fn main() -> ExitCode {
    // A missing .env is normal; a malformed one is worth saying.
    if let Err(err) = dotenvy::dotenv()
        && !err.not_found()
    {
        eprintln!("Bookstore: could not read .env: {err}");
        return ExitCode::from(2);
    }
    telemetry::init();
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(problems) => {
            eprintln!("Bookstore cannot start. Fix these settings (see README, Configuration):\n{problems}");
            return ExitCode::from(2);
        }
    };
    let leptos_options = match load_leptos_options() {
        Ok(options) => options,
        Err(err) => {
            eprintln!("Bookstore cannot start: Leptos.toml / LEPTOS_* settings: {err}");
            return ExitCode::from(2);
        }
    };
    let addr = leptos_options.site_addr;
    let listener = match TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("Bookstore cannot listen on {addr} (LEPTOS_SITE_ADDR): {err}");
            return ExitCode::from(2);
        }
    };
    tracing::info!(%addr, public_url = %settings.public_url, "Bookstore listening");
    match serve(settings, leptos_options, listener, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %error_chain(&err), "Bookstore stopped");
            ExitCode::FAILURE
        }
    }
}

/// Leptos.toml when present (the server's own settings file), then `LEPTOS_*`
/// variables, which cargo-leptos sets and which override the file.
fn load_leptos_options() -> Result<LeptosOptions, leptos_config::errors::LeptosConfigError> {
    let file = std::path::Path::new("Leptos.toml").exists().then_some("Leptos.toml");
    Ok(get_configuration(file)?.leptos_options)
}

/// Serves on `listener` until `shutdown` completes, finishing in-flight requests.
pub async fn serve(
    settings: Settings,
    leptos_options: LeptosOptions,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartupError> {
    let app = build_app(settings, leptos_options).await?;
    axum::serve(listener, app.router.into_make_service())
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

/// The router ready to serve, and the state behind it (tests inspect it).
pub struct BuiltApp {
    pub router: Router,
    pub state: AppState,
}

/// Opens the database and session store and builds the full router.
pub async fn build_app(settings: Settings, leptos_options: LeptosOptions) -> Result<BuiltApp, StartupError> {
    let (pool, backend) = db::connect(&settings.database_url).await?;
    db::migrate(&pool, backend).await?;
    crate::shop::catalog_repo::seed_catalog(&pool, chrono::Utc::now().timestamp())
        .await
        .map_err(db::DbError::from)?;
    // Sessions get a small pool of their own: reading a visitor's session
    // never waits behind checkouts holding the shop's connections.
    let (session_pool, _) = db::connect_sized(&settings.database_url, None).await?;
    let sessions = session_store::Sessions::open(&session_pool, &settings.session).await?;
    let providers = Arc::new(Providers::new(&settings.providers)?);
    // Warm the metadata cache without blocking start-up: the shop works while
    // the provider is down, and sign-in retries the fetch on demand.
    for provider in providers.all().iter().cloned() {
        tokio::spawn(async move {
            if let Err(err) = provider.oidc.discovery().await {
                tracing::warn!(provider = %provider.settings.id, error = %error_chain(&err), "identity provider not reachable yet; sign-in will retry");
            }
        });
    }
    let state = AppState {
        leptos_options,
        settings: Arc::new(settings),
        providers,
        db: pool,
        sessions: sessions.clone(),
        token_flights: Arc::new(Default::default()),
        metrics: Arc::new(Default::default()),
    };
    Ok(BuiltApp {
        router: router(state.clone()).layer(sessions.layer(&state.settings.session)),
        state,
    })
}

/// The routes: Leptos pages and server functions, static files, headers.
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let leptos_options = state.leptos_options.clone();
    let pkg = format!("/{}", leptos_options.site_pkg_dir);
    let assets = assets::router(&leptos_options.site_root, &leptos_options.site_pkg_dir);
    Router::new()
        .leptos_routes(&state, routes, move || shell(leptos_options.clone()))
        // responseMode=form_post: the provider posts its answer here.
        .route("/callback", axum::routing::post(form_post::relay))
        .merge(api::router())
        .route("/backchannel-logout", axum::routing::post(backchannel::logout))
        .route("/metrics", axum::routing::get(metrics::serve))
        .route("/healthz", axum::routing::get(health::healthz))
        .route("/readyz", axum::routing::get(health::readyz))
        .nest_service(&pkg, assets)
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Route layers: server-function errors get their real status, then the
        // request is counted under its route pattern (with that status).
        .route_layer(axum::middleware::from_fn(error_status::server_fn_error_status))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::count_requests,
        ))
        .layer(axum::middleware::from_fn(headers::security_headers))
        // Pages and JSON compressed on the fly; assets are already (see assets.rs).
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(telemetry::request_span))
        // Outermost: every request gets an id (or keeps the proxy's), echoed in the response.
        .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(
            tower_http::request_id::MakeRequestUuid,
        ))
        .with_state(state)
}

/// The app's routes, generated once per process. Leptos raises a
/// process-wide "suppress resource loading" flag while it generates them; a
/// page whose resource first polls meanwhile never finishes rendering
/// (leptos-rs/leptos#4773). One generation, before any router serves, rules
/// that out wherever several routers share a process (the integration tests
/// build one per test).
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
