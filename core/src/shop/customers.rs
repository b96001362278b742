//! The `customers` table: the shop's record of each customer, kept in step
//! with the provider (at sign-in, and by its webhooks).

use sqlx::AnyPool;

/// A customer's state in the shop.
pub const ACTIVE: &str = "active";
pub const SUSPENDED: &str = "suspended";
pub const DELETED: &str = "deleted";

/// At sign-in: creates the record or refreshes its name, e-mail and last
/// sign-in. A customer deleted at the provider who signs in again (a new
/// account there would have a new `sub`, so this is a reinstatement) is
/// active again.
pub async fn signed_in(
    db: &AnyPool,
    provider: &str,
    subject: &str,
    display_name: Option<&str>,
    email: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO customers (provider, subject, display_name, email, state, first_sign_in, last_sign_in, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $6)
         ON CONFLICT (provider, subject) DO UPDATE SET display_name = excluded.display_name,
             email = excluded.email, state = excluded.state, last_sign_in = excluded.last_sign_in,
             updated_at = excluded.updated_at",
    )
    .bind(provider)
    .bind(subject)
    .bind(display_name)
    .bind(email)
    .bind(ACTIVE)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// The provider changed the customer's name or e-mail (only a customer the
/// shop knows, and not one it has erased).
pub async fn profile_changed(
    db: &AnyPool,
    provider: &str,
    subject: &str,
    display_name: Option<&str>,
    email: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customers SET display_name = $1, email = $2, updated_at = $3
         WHERE provider = $4 AND subject = $5 AND state <> $6",
    )
    .bind(display_name)
    .bind(email)
    .bind(now)
    .bind(provider)
    .bind(subject)
    .bind(DELETED)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_state(db: &AnyPool, provider: &str, subject: &str, state: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customers SET state = $1, updated_at = $2 WHERE provider = $3 AND subject = $4 AND state <> $5",
    )
    .bind(state)
    .bind(now)
    .bind(provider)
    .bind(subject)
    .bind(DELETED)
    .execute(db)
    .await?;
    Ok(())
}

/// A deleted customer: their name, e-mail, language and cart are erased,
/// and their orders kept (as the law requires) without the delivery
/// address, in one transaction.
pub async fn erase(db: &AnyPool, provider: &str, subject: &str, now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO customers (provider, subject, state, first_sign_in, last_sign_in, updated_at)
         VALUES ($1, $2, $3, $4, $4, $4)
         ON CONFLICT (provider, subject) DO UPDATE SET display_name = NULL, email = NULL,
             state = excluded.state, updated_at = excluded.updated_at",
    )
    .bind(provider)
    .bind(subject)
    .bind(DELETED)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE orders SET ship_name = '', ship_street = '', ship_city = '', ship_postcode = '', ship_country = ''
         WHERE provider = $1 AND subject = $2",
    )
    .bind(provider)
    .bind(subject)
    .execute(&mut *tx)
    .await?;
    for table in ["cart_items", "customer_languages"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE provider = $1 AND subject = $2"))
            .bind(provider)
            .bind(subject)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// A customer's record: (display name, e-mail, state).
pub async fn find(
    db: &AnyPool,
    provider: &str,
    subject: &str,
) -> Result<Option<(Option<String>, Option<String>, String)>, sqlx::Error> {
    sqlx::query_as("SELECT display_name, email, state FROM customers WHERE provider = $1 AND subject = $2")
        .bind(provider)
        .bind(subject)
        .fetch_optional(db)
        .await
}

/// When the customer first signed in here, if the shop knows them.
pub async fn first_sign_in(db: &AnyPool, provider: &str, subject: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT first_sign_in FROM customers WHERE provider = $1 AND subject = $2")
        .bind(provider)
        .bind(subject)
        .fetch_optional(db)
        .await
}
