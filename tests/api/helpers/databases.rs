//! Test databases (SQLite files or PostgreSQL databases) and the services
//! scripts/test starts.

use std::path::Path;

use url::Url;

/// The database of the test app whose files are in `dir`: with
/// `BOOKSTORE_TEST_DATABASE=postgres`, a new database on the PostgreSQL
/// server `BOOKSTORE_TEST_POSTGRES` names (scripts/test runs the suite both
/// ways), else a SQLite file in `dir`. Recorded in `dir`, so an app
/// restarted on the same folder finds the same database.
pub async fn test_database_url(dir: &Path) -> String {
    let record = dir.join("database-url");
    if let Ok(url) = std::fs::read_to_string(&record) {
        return url;
    }
    let url = if on_postgres() {
        let admin = required_service("BOOKSTORE_TEST_POSTGRES")
            .expect("BOOKSTORE_TEST_DATABASE=postgres needs BOOKSTORE_TEST_POSTGRES (scripts/services)");
        fresh_postgres_database(&admin).await
    } else {
        format!("sqlite://{}?mode=rwc", dir.join("bookstore.db").display())
    };
    std::fs::write(&record, &url).expect("record the database URL");
    url
}

/// A test service's URL from `var` (scripts/test starts PostgreSQL and Redis
/// and sets them). Without it, a test that needs the service fails under
/// scripts/test (`BOOKSTORE_REQUIRE_SERVICES=1`) and is skipped, saying so,
/// under a bare `cargo test`.
pub fn required_service(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("BOOKSTORE_REQUIRE_SERVICES").is_none(),
                "{var} is not set: start the services with scripts/services"
            );
            eprintln!("skipped: {var} is not set (scripts/test sets it)");
            None
        }
    }
}

/// Whether test apps run on PostgreSQL (`BOOKSTORE_TEST_DATABASE=postgres`).
pub fn on_postgres() -> bool {
    std::env::var("BOOKSTORE_TEST_DATABASE").as_deref() == Ok("postgres")
}

/// Creates an empty database on the server `admin` points at; returns its URL.
pub async fn fresh_postgres_database(admin: &str) -> String {
    use sqlx::{Connection, Executor};
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let name = format!(
        "bookstore_it_{}_{}_{}",
        std::process::id(),
        chrono::Utc::now().timestamp_millis(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let mut conn = sqlx::PgConnection::connect(admin)
        .await
        .expect("BOOKSTORE_TEST_POSTGRES answers");
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create a test database");
    let mut url = Url::parse(admin).expect("BOOKSTORE_TEST_POSTGRES is a URL");
    url.set_path(&name);
    url.to_string()
}
