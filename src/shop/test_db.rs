//! A fresh SQLite database with the shop schema and catalog, in a temporary
//! folder, for the shop's unit tests (a real file: several connections see it).

use sqlx::SqlitePool;
use tempfile::TempDir;

use crate::server::db;
use crate::shop::catalog_repo::seed_catalog;
use crate::shop::customer::Customer;

pub async fn seeded_pool() -> (SqlitePool, TempDir) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("shop.db").display());
    let pool = db::connect(&url).await.expect("database opens");
    db::migrate(&pool).await.expect("migrations run");
    seed_catalog(&pool, 1).await.expect("catalog imports");
    (pool, dir)
}

/// The id of the book with this exact title.
pub async fn book_id(pool: &SqlitePool, title: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM books WHERE title = ?")
        .bind(title)
        .fetch_one(pool)
        .await
        .expect("book exists")
}

pub async fn set_stock(pool: &SqlitePool, id: i64, stock: i64) {
    sqlx::query("UPDATE books SET stock = ? WHERE id = ?")
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
