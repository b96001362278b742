//! A fresh database with the shop schema and catalog for the shop's unit
//! tests: a SQLite file in a temporary folder (several connections see it),
//! or, with `BOOKSTORE_TEST_DATABASE=postgres`, a new database of its own on
//! the PostgreSQL server `BOOKSTORE_TEST_POSTGRES` names (an admin URL;
//! scripts/test runs the tests both ways).

use sqlx::AnyPool;
use tempfile::TempDir;

use crate::db;
use crate::shop::catalog::repo::seed_catalog;
use crate::shop::customer::Customer;

pub async fn seeded_pool() -> (AnyPool, TempDir) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = if std::env::var("BOOKSTORE_TEST_DATABASE").as_deref() == Ok("postgres") {
        let admin = std::env::var("BOOKSTORE_TEST_POSTGRES")
            .expect("BOOKSTORE_TEST_DATABASE=postgres needs BOOKSTORE_TEST_POSTGRES (scripts/services)");
        fresh_postgres_database(&admin).await
    } else {
        format!("sqlite://{}", dir.path().join("shop.db").display())
    };
    let (pool, backend) = db::connect(&url).await.expect("database opens");
    db::migrate(&pool, backend).await.expect("migrations run");
    seed_catalog(&pool, 1).await.expect("catalog imports");
    (pool, dir)
}

/// The backend `seeded_pool` opened.
pub fn test_backend() -> db::Backend {
    match std::env::var("BOOKSTORE_TEST_DATABASE").as_deref() {
        Ok("postgres") => db::Backend::Postgres,
        _ => db::Backend::Sqlite,
    }
}

/// Creates an empty database on the server `admin` points at; returns its URL.
pub async fn fresh_postgres_database(admin: &str) -> String {
    use sqlx::Connection;
    let name = format!("bookstore_unit_{}", uuid_like());
    let mut conn = sqlx::PgConnection::connect(admin)
        .await
        .expect("BOOKSTORE_TEST_POSTGRES answers");
    sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create a test database");
    let mut url = url::Url::parse(admin).expect("BOOKSTORE_TEST_POSTGRES is a URL");
    url.set_path(&name);
    url.to_string()
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{}_{:x}", std::process::id(), nanos)
}

/// The id of the book with this exact title.
pub async fn book_id(pool: &AnyPool, title: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM books WHERE title = $1")
        .bind(title)
        .fetch_one(pool)
        .await
        .expect("book exists")
}

pub async fn set_stock(pool: &AnyPool, id: i64, stock: i64) {
    sqlx::query("UPDATE books SET stock = $1 WHERE id = $2")
        .bind(stock)
        .bind(id)
        .execute(pool)
        .await
        .expect("stock set");
}

/// A customer of the Logto provider.
pub fn customer(subject: &str) -> Customer {
    Customer {
        provider: "logto".into(),
        subject: subject.into(),
    }
}
