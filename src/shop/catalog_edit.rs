//! Staff edits to the catalog: changing, removing and restocking books, and
//! reading a book back as the edit form shows it.

use sqlx::SqlitePool;

use crate::shop::catalog_data::NewBook;
use crate::shop::catalog_repo::{bind_book, get_book, insert_relations};

/// Replaces a book's details, authors, subjects and search entry. Returns
/// false when there is no such book.
pub async fn update_book(pool: &SqlitePool, id: i64, book: &NewBook) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let update = sqlx::query(
        "UPDATE books SET isbn = ?, title = ?, authors = ?, year = ?, language = ?, description = ?,
                          price_cents = ?, stock = ?, featured = ? WHERE id = ?",
    );
    let updated = bind_book(update, book)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if updated == 0 {
        return Ok(false);
    }
    for table in ["book_authors", "book_subjects"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE book_id = ?"))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM books_fts WHERE rowid = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    insert_relations(&mut tx, id, book).await?;
    tx.commit().await?;
    Ok(true)
}

/// Removes a book: carts lose it, past orders keep their copy of its details.
pub async fn delete_book(pool: &SqlitePool, id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let deleted = sqlx::query("DELETE FROM books WHERE id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    sqlx::query("DELETE FROM books_fts WHERE rowid = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(deleted > 0)
}

/// Sets the stock; returns false when there is no such book.
pub async fn set_stock(pool: &SqlitePool, id: i64, stock: i64) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query("UPDATE books SET stock = ? WHERE id = ?")
        .bind(stock)
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(updated > 0)
}

/// The full book as the admin form edits it.
pub async fn book_for_edit(pool: &SqlitePool, id: i64) -> Result<Option<NewBook>, sqlx::Error> {
    let Some(detail) = get_book(pool, id).await? else {
        return Ok(None);
    };
    let featured: bool = sqlx::query_scalar("SELECT featured FROM books WHERE id = ?")
        .bind(id)
        .fetch_one(pool)
        .await?;
    Ok(Some(NewBook {
        isbn: detail.isbn,
        title: detail.summary.title,
        authors: detail.summary.authors,
        year: detail.summary.year,
        language: detail.summary.language,
        subjects: detail.subjects,
        price_cents: detail.summary.price_cents,
        stock: detail.summary.stock,
        featured,
        description: detail.description,
    }))
}
