//! The SQLite database and the persistent session store on it.

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

use crate::server::config::SessionSettings;

pub const SESSION_COOKIE: &str = "bookstore.sid";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("cannot create the folder for {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("cannot prepare the session table: {0}")]
    Sessions(#[from] sqlx::Error),
    #[error("cannot update the database schema: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Seed(#[from] crate::shop::catalog_repo::SeedError),
}

/// Brings the schema up to date (`migrations/sqlite`, built into the binary).
pub async fn migrate(pool: &SqlitePool) -> Result<(), DbError> {
    sqlx::migrate!("./migrations/sqlite").run(pool).await?;
    Ok(())
}

pub async fn connect(url: &str) -> Result<SqlitePool, DbError> {
    let open_error = |source| DbError::Open {
        url: url.to_string(),
        source,
    };
    let options = SqliteConnectOptions::from_str(url)
        .map_err(open_error)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(5));
    if let Some(folder) = options.get_filename().parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|source| DbError::Folder {
            path: folder.display().to_string(),
            source,
        })?;
    }
    SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(open_error)
}

/// Sessions live in the database, so a restart keeps people signed in; the
/// cookie holds only a random id.
pub async fn session_layer(
    pool: SqlitePool,
    settings: &SessionSettings,
) -> Result<SessionManagerLayer<SqliteStore>, DbError> {
    let store = SqliteStore::new(pool);
    store.migrate().await?;
    // Expired rows are deleted hourly; expired ids are refused at once anyway.
    tokio::spawn(
        store
            .clone()
            .continuously_delete_expired(tokio::time::Duration::from_secs(3600)),
    );
    let idle = time::Duration::try_from(settings.idle_timeout).unwrap_or(time::Duration::days(14));
    Ok(SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        // Lax, not the default Strict: the provider's redirect back to
        // /callback is a cross-site navigation and must carry the cookie.
        .with_same_site(SameSite::Lax)
        .with_secure(settings.secure_cookie)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle)))
}
