//! Rebuilds the search index when what it holds changes (version 2: the
//! authors' Latin readings, `readings.rs`), so a database made by an older
//! Bookstore finds "soseki" too. Once, at start-up, in one transaction; the
//! version is kept in `shop_meta`, and a second instance starting together
//! waits on that row.

use sqlx::{AnyPool, Row};

use crate::shop::catalog::search::{self, SearchEntry};

pub const KEY: &str = "search_index";
/// Bumped whenever `search::index` writes something new.
pub const VERSION: &str = "2";

/// Rebuilds every book's entry unless the index is already at [`VERSION`];
/// returns how many books were re-indexed.
pub async fn refresh_search_index(pool: &AnyPool) -> Result<usize, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // Written first (a write, so a second instance waits here), read back after.
    let claimed = sqlx::query(
        "INSERT INTO shop_meta (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE shop_meta.value <> excluded.value",
    )
    .bind(KEY)
    .bind(VERSION)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(0);
    }
    let books = sqlx::query("SELECT id, title, description FROM books ORDER BY id")
        .fetch_all(&mut *tx)
        .await?;
    for row in &books {
        let id: i64 = row.try_get(0)?;
        let (title, description): (String, String) = (row.try_get(1)?, row.try_get(2)?);
        let authors: Vec<String> =
            sqlx::query_scalar("SELECT name FROM book_authors WHERE book_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        let subjects: Vec<String> =
            sqlx::query_scalar("SELECT subject FROM book_subjects WHERE book_id = $1 ORDER BY subject")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        search::unindex(&mut tx, id).await?;
        let entry = SearchEntry {
            title: &title,
            authors: &authors,
            subjects: &subjects,
            description: &description,
        };
        search::index(&mut tx, id, entry).await?;
    }
    tx.commit().await?;
    tracing::info!(books = books.len(), version = VERSION, "search index rebuilt");
    Ok(books.len())
}
