//! Placing an order: one transaction that claims the order's idempotency
//! key, takes the stock, copies the cart into order lines and empties the
//! cart. A repeated submit with the same key returns the first order; of two
//! customers buying the last copy, exactly one succeeds.

use sqlx::AnyPool;

use crate::i18n::{Locale, td_string};
use crate::shop::cart::rules::{CartRuleError, MAX_PER_LINE};
use crate::shop::cart::store::load_customer;
use crate::shop::catalog;
use crate::shop::customer::Customer;
use crate::shop::model::ShippingAddress;

#[derive(Debug, thiserror::Error)]
pub enum CheckoutError {
    #[error("Your cart is empty. Add a book before checking out.")]
    EmptyCart,
    #[error("{} Your cart has been updated; please check it and try again.", join_problems(.0))]
    OutOfStock(Vec<CartRuleError>),
    #[error("This checkout form has expired. Reload the page and try again.")]
    BadKey,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

fn join_problems(problems: &[CartRuleError]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
}

impl CheckoutError {
    /// What the customer reads, in `locale` (`Display` is English, for logs).
    pub fn text(&self, locale: Locale) -> String {
        match self {
            CheckoutError::EmptyCart => td_string!(locale, checkout.empty_cart).to_string(),
            CheckoutError::OutOfStock(problems) => {
                let problem = problems.iter().map(|p| p.text(locale)).collect::<Vec<_>>().join(" ");
                td_string!(locale, checkout.out_of_stock, problem)
            }
            CheckoutError::BadKey => td_string!(locale, checkout.expired).to_string(),
            CheckoutError::Database(_) => td_string!(locale, errors.unavailable).to_string(),
        }
    }
}

/// How the order came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    New(i64),
    /// The key was used before: this is that order (a double submit).
    Existing(i64),
}

impl Placed {
    pub fn id(self) -> i64 {
        match self {
            Placed::New(id) | Placed::Existing(id) => id,
        }
    }
}

/// Keys come from the checkout page; anything else is refused before the
/// database sees it.
pub fn valid_key(key: &str) -> bool {
    (16..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// [`place_order_mailed`] without mail, as the tests of checkout itself place orders.
#[cfg(test)]
pub async fn place_order(
    pool: &AnyPool,
    customer: &Customer,
    key: &str,
    shipping: &ShippingAddress,
    organization: Option<&str>,
    now: i64,
) -> Result<Placed, CheckoutError> {
    place_order_mailed(pool, customer, key, shipping, organization, now, None).await
}

/// Where an order's confirmation goes: a verified address, in the
/// customer's language; `order_url` is the order page's URL without its id.
pub struct ConfirmTo<'a> {
    pub address: &'a str,
    pub locale: crate::i18n::Locale,
    pub orders_url: &'a str,
}

/// Places the customer's cart as an order, for themselves or (already
/// authorized by the caller) for `organization`, writing the confirmation
/// to the outbox in the order's own transaction when `confirm` says where:
/// it goes out if and only if the order is placed.
pub async fn place_order_mailed(
    pool: &AnyPool,
    customer: &Customer,
    key: &str,
    shipping: &ShippingAddress,
    organization: Option<&str>,
    now: i64,
    confirm: Option<&ConfirmTo<'_>>,
) -> Result<Placed, CheckoutError> {
    if !valid_key(key) {
        return Err(CheckoutError::BadKey);
    }
    let mut tx = pool.begin().await?;
    // The first statement writes, so SQLite takes the write lock now and a
    // concurrent checkout waits (busy timeout) instead of failing later.
    let order_id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO orders (provider, subject, idempotency_key, total_cents, ship_name, ship_street, ship_city,
                             ship_postcode, ship_country, placed_at, organization_id, notify_email, notify_locale)
         VALUES ($1, $2, $3, 0, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (provider, subject, idempotency_key) DO NOTHING
         RETURNING id",
    )
    .bind(&customer.provider)
    .bind(&customer.subject)
    .bind(key)
    .bind(&shipping.name)
    .bind(&shipping.street)
    .bind(&shipping.city)
    .bind(&shipping.postcode)
    .bind(&shipping.country)
    .bind(now)
    .bind(organization)
    .bind(confirm.map(|c| c.address))
    .bind(confirm.map(|c| crate::language::tag(c.locale)))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(order_id) = order_id else {
        tx.rollback().await?;
        let existing: i64 =
            sqlx::query_scalar("SELECT id FROM orders WHERE provider = $1 AND subject = $2 AND idempotency_key = $3")
                .bind(&customer.provider)
                .bind(&customer.subject)
                .bind(key)
                .fetch_one(pool)
                .await?;
        return Ok(Placed::Existing(existing));
    };

    let lines = load_customer(&mut tx, customer).await?;
    if lines.is_empty() {
        tx.rollback().await?;
        return Err(CheckoutError::EmptyCart);
    }
    let ids: Vec<i64> = lines.keys().copied().collect();
    let mut books = catalog::repo::summaries(&mut tx, &ids).await?;
    // One order for every checkout, so concurrent ones lock rows without deadlocking.
    books.sort_by(|a, b| (&a.title, a.id).cmp(&(&b.title, b.id)));
    let mut total = 0i64;
    let quantities: Vec<i64> = books
        .iter()
        .map(|book| i64::from(lines[&book.id].min(MAX_PER_LINE)))
        .collect();
    for (position, (book, &quantity)) in books.iter().zip(&quantities).enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (order_id, position, book_id, title, authors, unit_price_cents, quantity)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(order_id)
        .bind(position as i64)
        .bind(book.id)
        .bind(&book.title)
        .bind(book.authors_text())
        .bind(book.price_cents)
        .bind(quantity)
        .execute(&mut *tx)
        .await?;
        total += book.price_cents * quantity;
    }
    sqlx::query("UPDATE orders SET total_cents = $1 WHERE id = $2")
        .bind(total)
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM cart_items WHERE provider = $1 AND subject = $2")
        .bind(&customer.provider)
        .bind(&customer.subject)
        .execute(&mut *tx)
        .await?;
    // The stock last: on PostgreSQL a popular book's row stays locked only
    // from here to the commit, so concurrent checkouts of it queue briefly.
    let mut problems = Vec::new();
    for (book, &quantity) in books.iter().zip(&quantities) {
        // Atomic: succeeds only while enough copies remain.
        let taken = sqlx::query("UPDATE books SET stock = stock - $1 WHERE id = $2 AND stock >= $3")
            .bind(quantity)
            .bind(book.id)
            .bind(quantity)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if taken == 0 {
            let left: i64 = sqlx::query_scalar("SELECT stock FROM books WHERE id = $1")
                .bind(book.id)
                .fetch_one(&mut *tx)
                .await?;
            problems.push(if left == 0 {
                CartRuleError::SoldOut {
                    title: book.title.clone(),
                }
            } else {
                CartRuleError::NotEnoughStock {
                    title: book.title.clone(),
                    available: left,
                }
            });
        }
    }
    if books.len() < lines.len() {
        problems.push(CartRuleError::UnknownBook);
    }
    if !problems.is_empty() {
        tx.rollback().await?;
        return Err(CheckoutError::OutOfStock(problems));
    }
    if let Some(confirm) = confirm {
        use crate::mail::messages::{OrderConfirmation, OrderedLine, order_confirmation};
        let lines: Vec<OrderedLine> = books
            .iter()
            .zip(&quantities)
            .map(|(book, &quantity)| OrderedLine {
                title: &book.title,
                quantity,
                line_cents: book.price_cents * quantity,
            })
            .collect();
        let order_url = format!("{}/{order_id}", confirm.orders_url.trim_end_matches('/'));
        let message = order_confirmation(&OrderConfirmation {
            to: confirm.address,
            locale: confirm.locale,
            order_id,
            lines: &lines,
            total_cents: total,
            shipping,
            order_url: &order_url,
        });
        crate::mail::outbox::enqueue(&mut tx, &message, now).await?;
    }
    tx.commit().await?;
    tracing::info!(order = order_id, total_cents = total, "order placed");
    Ok(Placed::New(order_id))
}

#[cfg(test)]
#[path = "checkout_tests.rs"]
mod tests;
