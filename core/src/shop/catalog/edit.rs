//! Staff edits to the catalog: changing, removing and restocking books, and
//! reading a book back as the edit form shows it.

use sqlx::AnyPool;

use crate::shop::catalog::import::NewBook;
use crate::shop::catalog::repo::{bind_book, get_book, insert_relations};
use crate::shop::catalog::search;

/// Replaces a book's details, authors, subjects and search entry. Returns
/// false when there is no such book.
pub async fn update_book(pool: &AnyPool, id: i64, book: &NewBook) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let update = sqlx::query(
        "UPDATE books SET isbn = $1, title = $2, authors = $3, year = $4, language = $5, description = $6,
                          price_cents = $7, stock = $8, featured = $9 WHERE id = $10",
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
        sqlx::query(&format!("DELETE FROM {table} WHERE book_id = $1"))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    search::unindex(&mut tx, id).await?;
    insert_relations(&mut tx, id, book).await?;
    tx.commit().await?;
    Ok(true)
}

/// Removes a book: carts lose it, past orders keep their copy of its details.
pub async fn delete_book(pool: &AnyPool, id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let deleted = sqlx::query("DELETE FROM books WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    search::unindex(&mut tx, id).await?;
    tx.commit().await?;
    Ok(deleted > 0)
}

/// Sets the stock; returns false when there is no such book.
pub async fn set_stock(pool: &AnyPool, id: i64, stock: i64) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query("UPDATE books SET stock = $1 WHERE id = $2")
        .bind(stock)
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(updated > 0)
}

/// The full book as the admin form edits it.
pub async fn book_for_edit(pool: &AnyPool, id: i64) -> Result<Option<NewBook>, sqlx::Error> {
    let Some(detail) = get_book(pool, id).await? else {
        return Ok(None);
    };
    let featured: i64 = sqlx::query_scalar("SELECT CASE WHEN featured THEN 1 ELSE 0 END FROM books WHERE id = $1")
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
        featured: featured != 0,
        description: detail.description,
    }))
}
