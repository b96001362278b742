//! Where carts live: a signed-out visitor's in the server-side session, a
//! customer's in the database (so it follows them to other devices). At
//! sign-in the first is merged into the second.

use std::collections::HashMap;

use sqlx::{AnyConnection, AnyPool};
use tower_sessions::Session;

use crate::shop::cart::rules::{self, CartRuleError, Lines, Stock};
use crate::shop::catalog;
use crate::shop::customer::Customer;
use crate::shop::model::{CartLine, CartView};

const SESSION_CART_KEY: &str = "shop.cart";
/// A cart holds at most this many different books.
pub const MAX_LINES: usize = 50;

#[derive(Debug, thiserror::Error)]
pub enum CartError {
    #[error(transparent)]
    Rule(#[from] CartRuleError),
    #[error("Your cart already holds {MAX_LINES} different books.")]
    TooManyLines,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("session store: {0}")]
    Session(#[from] tower_sessions::session::Error),
}

/// Whose cart a request changes.
pub enum CartOwner<'a> {
    Visitor(&'a Session),
    Customer(&'a Customer),
}

pub async fn load(pool: &AnyPool, owner: &CartOwner<'_>) -> Result<Lines, CartError> {
    match owner {
        CartOwner::Visitor(session) => Ok(session.get::<Lines>(SESSION_CART_KEY).await?.unwrap_or_default()),
        CartOwner::Customer(customer) => Ok(load_customer(&mut *pool.acquire().await?, customer).await?),
    }
}

pub async fn load_customer(conn: &mut AnyConnection, customer: &Customer) -> Result<Lines, sqlx::Error> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT book_id, quantity FROM cart_items WHERE provider = $1 AND subject = $2")
            .bind(&customer.provider)
            .bind(&customer.subject)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(book, quantity)| (book, u32::try_from(quantity).unwrap_or(0)))
        .collect())
}

/// Replaces the whole cart (only lines that changed are written for customers).
async fn store(pool: &AnyPool, owner: &CartOwner<'_>, before: &Lines, after: &Lines) -> Result<(), CartError> {
    if before == after {
        return Ok(());
    }
    match owner {
        CartOwner::Visitor(session) => {
            if after.is_empty() {
                session.remove::<Lines>(SESSION_CART_KEY).await?;
            } else {
                session.insert(SESSION_CART_KEY, after).await?;
            }
        }
        CartOwner::Customer(customer) => {
            let mut tx = pool.begin().await?;
            write_customer_lines(&mut tx, customer, before, after).await?;
            tx.commit().await?;
        }
    }
    Ok(())
}

async fn write_customer_lines(
    conn: &mut AnyConnection,
    customer: &Customer,
    before: &Lines,
    after: &Lines,
) -> Result<(), sqlx::Error> {
    let now = chrono::Utc::now().timestamp();
    for book_id in before.keys().filter(|id| !after.contains_key(id)) {
        sqlx::query("DELETE FROM cart_items WHERE provider = $1 AND subject = $2 AND book_id = $3")
            .bind(&customer.provider)
            .bind(&customer.subject)
            .bind(book_id)
            .execute(&mut *conn)
            .await?;
    }
    for (book_id, quantity) in after.iter().filter(|(id, q)| before.get(id) != Some(q)) {
        sqlx::query(
            "INSERT INTO cart_items (provider, subject, book_id, quantity, added_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (provider, subject, book_id) DO UPDATE SET quantity = excluded.quantity",
        )
        .bind(&customer.provider)
        .bind(&customer.subject)
        .bind(book_id)
        .bind(i64::from(*quantity))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn stock_of(conn: &mut AnyConnection, ids: &[i64]) -> Result<HashMap<i64, Stock>, sqlx::Error> {
    Ok(catalog::repo::summaries(conn, ids)
        .await?
        .into_iter()
        .map(|book| {
            (
                book.id,
                Stock {
                    title: book.title,
                    available: book.stock,
                },
            )
        })
        .collect())
}

/// The cart as it can be ordered now: lines brought within the stock (and
/// the change saved), with notices saying what changed.
pub async fn view(pool: &AnyPool, owner: &CartOwner<'_>) -> Result<CartView, CartError> {
    let lines = load(pool, owner).await?;
    if lines.is_empty() {
        return Ok(CartView::default());
    }
    let ids: Vec<i64> = lines.keys().copied().collect();
    let books = catalog::repo::summaries(&mut *pool.acquire().await?, &ids).await?;
    let stock = books
        .iter()
        .map(|b| {
            (
                b.id,
                Stock {
                    title: b.title.clone(),
                    available: b.stock,
                },
            )
        })
        .collect();
    let (kept, notices) = rules::reconcile(&lines, &stock);
    store(pool, owner, &lines, &kept).await?;
    let mut cart_lines: Vec<CartLine> = books
        .into_iter()
        .filter_map(|book| kept.get(&book.id).map(|&quantity| CartLine { book, quantity }))
        .collect();
    cart_lines.sort_by(|a, b| a.book.title.cmp(&b.book.title));
    Ok(CartView {
        lines: cart_lines,
        notices,
    })
}

/// Adds `quantity` copies (on top of any already in the cart).
pub async fn add(pool: &AnyPool, owner: &CartOwner<'_>, book_id: i64, quantity: u32) -> Result<(), CartError> {
    let lines = load(pool, owner).await?;
    let current = lines.get(&book_id).copied().unwrap_or(0);
    set(pool, owner, &lines, book_id, current.saturating_add(quantity)).await
}

/// Sets a line's quantity; 0 removes the line.
pub async fn update(pool: &AnyPool, owner: &CartOwner<'_>, book_id: i64, quantity: u32) -> Result<(), CartError> {
    let lines = load(pool, owner).await?;
    set(pool, owner, &lines, book_id, quantity).await
}

async fn set(
    pool: &AnyPool,
    owner: &CartOwner<'_>,
    lines: &Lines,
    book_id: i64,
    quantity: u32,
) -> Result<(), CartError> {
    let mut after = lines.clone();
    if quantity == 0 {
        after.remove(&book_id);
    } else {
        let stock = stock_of(&mut *pool.acquire().await?, &[book_id]).await?;
        let quantity = rules::check_quantity(quantity, stock.get(&book_id))?;
        if !lines.contains_key(&book_id) && lines.len() >= MAX_LINES {
            return Err(CartError::TooManyLines);
        }
        after.insert(book_id, quantity);
    }
    store(pool, owner, lines, &after).await
}

/// At sign-in: moves the session's cart into the customer's, within stock.
/// Returns the notices to show (a quantity lowered, a book sold out).
pub async fn merge_on_sign_in(
    pool: &AnyPool,
    session: &Session,
    customer: &Customer,
) -> Result<Vec<crate::shop::model::CartNotice>, CartError> {
    let anonymous: Lines = session.get(SESSION_CART_KEY).await?.unwrap_or_default();
    if anonymous.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = pool.begin().await?;
    let existing = load_customer(&mut tx, customer).await?;
    let ids: Vec<i64> = existing.keys().chain(anonymous.keys()).copied().collect();
    let stock = stock_of(&mut tx, &ids).await?;
    let (merged, notices) = rules::merge(&existing, &anonymous, &stock);
    write_customer_lines(&mut tx, customer, &existing, &merged).await?;
    tx.commit().await?;
    session.remove::<Lines>(SESSION_CART_KEY).await?;
    tracing::info!(lines = merged.len(), "anonymous cart merged into the customer's");
    Ok(notices)
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
