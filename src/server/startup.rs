//! Start-up and shutdown: settings, telemetry, the database (migrated and
//! seeded), the session store and the providers, then serve until SIGTERM.

use std::future::Future;
use std::process::ExitCode;
use std::sync::Arc;

use axum::Router;
use leptos::prelude::*;
use secrecy::ExposeSecret;
use tokio::net::TcpListener;

use crate::auth::providers::Providers;
use crate::auth::state::AuthState;
use crate::config::Settings;
use crate::db;
use crate::error::error_chain;
use crate::oidc::discovery::ProviderError;
use crate::server::router::router;
use crate::server::state::{AppState, Shared};
use crate::server::{session_store, telemetry};
use crate::shop::catalog::repo::SeedError;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Database(#[from] db::DbError),
    #[error("catalog: {0}")]
    Seed(#[from] SeedError),
    #[error("identity provider client: {0}")]
    Provider(#[from] ProviderError),
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
    #[error("database: the sign-in key could not be read or made: {0}")]
    Key(sqlx::Error),
    #[error("mail: {0}")]
    Mail(String),
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
            eprintln!("Bookstore cannot start. Fix these settings (see docs/configuration.md):\n{problems}");
            return ExitCode::from(2);
        }
    };
    for warning in settings.warnings() {
        tracing::warn!("{warning}");
    }
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
    let header_timeout = crate::server::listen::header_timeout(settings.request_timeout);
    let app = build_app(settings, leptos_options).await?;
    let front = crate::server::front::Front::new(app.router, app.state);
    crate::server::listen::serve_router(listener, front, header_timeout, shutdown).await;
    Ok(())
}

/// The router ready to serve, and the state behind it (tests inspect it).
pub struct BuiltApp {
    pub router: Router,
    pub state: AppState,
}

/// Opens the database and session store and builds the full router.
pub async fn build_app(settings: Settings, leptos_options: LeptosOptions) -> Result<BuiltApp, StartupError> {
    let (pool, backend) = db::connect(settings.database_url.expose_secret()).await?;
    db::migrate(&pool, backend).await?;
    crate::shop::catalog::repo::seed_catalog(&pool, chrono::Utc::now().timestamp()).await?;
    crate::shop::catalog::reindex::refresh_search_index(&pool)
        .await
        .map_err(crate::shop::catalog::repo::SeedError::from)?;
    // Sessions get a pool of their own: reading a visitor's session never
    // waits behind checkouts holding the shop's connections, and on SQLite
    // their writes are not synced one by one (sign-outs still are, through
    // the shop's pool: a power loss must not bring a signed-out session back).
    let (session_pool, _) = db::connect_with(settings.database_url.expose_secret(), None, db::Commits::Relaxed).await?;
    let sessions = session_store::Sessions::open(&session_pool, &pool, &settings.session).await?;
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
    let metrics = Arc::new(crate::metrics::Metrics::default());
    // One key for every instance on this database: an attempt sealed by one
    // is opened by another.
    let attempt_key = db::keys::load_or_make(&pool, "sign-in-attempts")
        .await
        .map_err(StartupError::Key)?;
    let auth = AuthState {
        attempts: Arc::new(crate::auth::attempts::Attempts::new(
            attempt_key,
            settings.session.secure_cookie,
        )),
        providers,
        authz: Arc::new(settings.authz.clone()),
        flights: Arc::new(Default::default()),
        metrics: metrics.clone(),
        db: pool.clone(),
        max_session: settings.session.max_lifetime,
        end_sessions: Arc::new(crate::server::ending_sessions::EndEverywhere {
            db: pool.clone(),
            sessions: sessions.clone(),
        }),
        listeners: crate::auth::events::Listeners::new(vec![Arc::new(crate::shop::account_events::ShopListener {
            db: pool.clone(),
            relaxed: session_pool.clone(),
            visitors: sessions.visitors.clone(),
        })]),
    };
    let mail = start_mail(&settings, &pool, backend)?;
    let catalog = crate::shop::catalog::version::CatalogVersion::default();
    let state = AppState::new(Shared {
        leptos_options,
        settings: Arc::new(settings),
        auth,
        db: pool,
        sessions: sessions.clone(),
        metrics,
        session_count: Arc::default(),
        error_links: Arc::default(),
        pages: Arc::new(crate::server::page_cache::PageCache::new(catalog.clone())),
        mail,
        derived: crate::shop::catalog::derived::CatalogDerived::new(catalog.clone()),
        catalog,
    });
    Ok(BuiltApp {
        router: router(state.clone(), sessions),
        state,
    })
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

/// Starts the outbox's worker when the shop sends mail (an SMTP server, or
/// in development a folder), and says where order pages are for its links.
fn start_mail(
    settings: &Settings,
    pool: &sqlx::AnyPool,
    backend: db::Backend,
) -> Result<Option<crate::mail::MailContext>, StartupError> {
    use crate::config::mail::MailDelivery;
    use crate::mail::transport::Transport;
    let transport = match &settings.mail.delivery {
        MailDelivery::Off => return Ok(None),
        MailDelivery::Smtp(url) => {
            Transport::smtp(url.expose_secret()).map_err(|err| StartupError::Mail(err.to_string()))?
        }
        MailDelivery::Folder(folder) => {
            std::fs::create_dir_all(folder)
                .map_err(|err| StartupError::Mail(format!("{}: {err}", folder.display())))?;
            tracing::info!(folder = %folder.display(), "mail is written to this folder as .eml files (development)");
            Transport::folder(folder)
        }
    };
    let from = settings
        .mail
        .from
        .parse()
        .map_err(|err| StartupError::Mail(format!("BOOKSTORE_MAIL_FROM: {err}")))?;
    tokio::spawn(
        crate::mail::worker::Worker {
            pool: pool.clone(),
            backend,
            transport: Arc::new(transport),
            from,
            every: std::time::Duration::from_secs(2),
        }
        .run(),
    );
    let url = |path: &str| settings.public_url.join(path).map(String::from).unwrap_or_default();
    Ok(Some(crate::mail::MailContext {
        orders_url: url("orders"),
        sign_in_link_url: url("sign-in/link"),
    }))
}
