//! The database behind the shop, the session index and (by default) the
//! sessions: SQLite on one machine, PostgreSQL when several instances share
//! one. Both go through sqlx's `Any` driver, so every query is written once,
//! with `$1`-style placeholders, which both understand; the few places where
//! the two differ (full-text search) ask [`Backend::of`].

pub mod keys;
pub mod sql;

use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, AnyPool, Connection, Executor};

/// Every pool hands out connections within this time or fails, so a database
/// outage answers 503 in seconds instead of hanging requests. Long enough for
/// a burst: 300 sign-ups at once on two cores wait up to about 3 s for a
/// connection (tests/load).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(8);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a `DATABASE_URL` names, if it is one Bookstore supports.
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    /// The backend behind a connection.
    pub fn of(conn: &AnyConnection) -> Self {
        if conn.backend_name().eq_ignore_ascii_case("sqlite") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("cannot create the folder for {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("DATABASE_URL must be a sqlite: or postgres:// URL")]
    Unsupported,
    #[error("cannot update the database schema: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("session store: cannot connect to {url}")]
    Sessions {
        url: String,
        #[source]
        source: crate::error::Cause,
    },
}

/// Brings the schema up to date (`migrations/<backend>`, built into the
/// binary). On PostgreSQL sqlx holds an advisory lock meanwhile, so instances
/// starting together migrate once.
pub async fn migrate(pool: &AnyPool, backend: Backend) -> Result<(), DbError> {
    match backend {
        Backend::Sqlite => sqlx::migrate!("../migrations/sqlite").run(pool).await?,
        Backend::Postgres => sqlx::migrate!("../migrations/postgres").run(pool).await?,
    }
    Ok(())
}

/// Opens the shop's pool on `url` (and, for SQLite, the file and its folder).
pub async fn connect(url: &str) -> Result<(AnyPool, Backend), DbError> {
    connect_sized(url, None).await
}

/// How a pool's SQLite commits reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commits {
    /// `synchronous = FULL` (sqlx's default): every commit is on disk when it returns.
    Durable,
    /// `synchronous = NORMAL`: in WAL mode a commit is not synced by itself
    /// (the next durable commit or checkpoint syncs it). A power loss may lose
    /// the last such commits, never corrupt the file. For sessions' creation
    /// and updates, where that loss means signing in again.
    Relaxed,
}

/// Opens a pool of at most `max_connections` (default: 8 on SQLite, 16 on
/// PostgreSQL).
pub async fn connect_sized(url: &str, max_connections: Option<u32>) -> Result<(AnyPool, Backend), DbError> {
    connect_with(url, max_connections, Commits::Durable).await
}

/// Opens a pool whose SQLite commits are made as `commits` says.
pub async fn connect_with(
    url: &str,
    max_connections: Option<u32>,
    commits: Commits,
) -> Result<(AnyPool, Backend), DbError> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url).ok_or(DbError::Unsupported)?;
    let open_error = |source| DbError::Open {
        url: redact(url),
        source,
    };
    let options = AnyPoolOptions::new().acquire_timeout(ACQUIRE_TIMEOUT);
    let pool = match backend {
        Backend::Sqlite => {
            create_folder(url)?;
            let url = if url.contains("mode=") {
                url.to_string()
            } else {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            };
            let options = match commits {
                Commits::Durable => options,
                Commits::Relaxed => options.after_connect(|conn, _| {
                    Box::pin(async move { conn.execute("PRAGMA synchronous = NORMAL").await.map(|_| ()) })
                }),
            };
            let pool = options
                .max_connections(max_connections.unwrap_or(8))
                .connect(&url)
                .await;
            // WAL (readers never wait for the writer) is a property of the
            // file, set once here; foreign keys are on and the busy timeout is
            // 5 s by sqlx's SQLite defaults.
            match pool {
                Ok(pool) => pool.execute("PRAGMA journal_mode = WAL").await.map(|_| pool),
                Err(err) => Err(err),
            }
        }
        Backend::Postgres => {
            options
                .max_connections(max_connections.unwrap_or(16))
                .connect(url)
                .await
        }
    }
    .map_err(open_error)?;
    Ok((pool, backend))
}

/// The folder of a SQLite file, created if missing.
fn create_folder(url: &str) -> Result<(), DbError> {
    let path = url
        .trim_start_matches("sqlite:")
        .trim_start_matches("//")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(folder) = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(folder).map_err(|source| DbError::Folder {
            path: folder.display().to_string(),
            source,
        })?;
    }
    Ok(())
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

/// Whether `err` means the database cannot be reached or is not serving
/// (an outage: answer 503 and let the caller retry), as opposed to a query
/// that failed on its own (a bug: 500).
pub fn is_outage(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Protocol(_) | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            // PostgreSQL: connection exceptions (08…), shutting down or starting
            // up (57P01–57P03), too many connections (53300). SQLite: busy or
            // locked for longer than the busy timeout (5, 6).
            code.starts_with("08") || code.starts_with("57P") || code == "53300" || code == "5" || code == "6"
        }),
        _ => false,
    }
}

/// The `AppError` a failed query gives a visitor, logged here with its cause.
pub fn app_error(err: sqlx::Error) -> crate::error::AppError {
    if is_outage(&err) {
        tracing::warn!(error = %err, "database unavailable");
        crate::error::AppError::Unavailable
    } else {
        tracing::error!(error = %err, "database query failed");
        crate::error::AppError::Internal
    }
}

/// Whether the database answers now (for `/readyz`).
pub async fn ping(pool: &AnyPool) -> bool {
    match pool.acquire().await {
        Ok(mut conn) => conn.ping().await.is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn session_pools_relax_commits_and_the_shop_pool_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/c.db", dir.path().display());
        let synchronous = |pool: AnyPool| async move {
            let level: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(&pool).await.unwrap();
            level
        };
        let (durable, _) = connect_with(&url, Some(1), Commits::Durable).await.unwrap();
        let (relaxed, _) = connect_with(&url, Some(1), Commits::Relaxed).await.unwrap();
        assert_eq!(synchronous(durable).await, 2, "FULL");
        assert_eq!(synchronous(relaxed).await, 1, "NORMAL");
    }

    #[test]
    fn urls_name_their_backend() {
        assert_eq!(Backend::of_url("sqlite://data/b.db?mode=rwc"), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("sqlite::memory:"), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("postgres://u@h/db"), Some(Backend::Postgres));
        assert_eq!(Backend::of_url("postgresql://u@h/db"), Some(Backend::Postgres));
        assert_eq!(Backend::of_url("mysql://u@h/db"), None);
    }

    #[test]
    fn outages_are_told_apart_from_failed_queries() {
        assert!(is_outage(&sqlx::Error::PoolTimedOut));
        assert!(is_outage(&sqlx::Error::Io(std::io::ErrorKind::ConnectionReset.into())));
        assert!(!is_outage(&sqlx::Error::RowNotFound));
        assert!(!is_outage(&sqlx::Error::ColumnNotFound("x".into())));
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact("postgres://shop:s3cret@db/shop"), "postgres://shop:***@db/shop");
        assert_eq!(redact("sqlite://data/b.db"), "sqlite://data/b.db");
    }
}
