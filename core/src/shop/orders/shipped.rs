//! Staff's side of orders: the newest ones, and marking one shipped, which
//! writes the shipping note to the outbox in the same transaction, to the
//! address and in the language taken when the order was placed (the member
//! who placed it, for an organization's order).

use sqlx::AnyPool;

use crate::admin::model::StaffOrder;
use crate::mail::messages::{ShippingNote, shipping_note};
use crate::shop::model::ShippingAddress;

/// How many orders the staff page lists.
pub const STAFF_PAGE: i64 = 50;

pub async fn newest(pool: &AnyPool) -> Result<Vec<StaffOrder>, sqlx::Error> {
    let rows: Vec<(i64, i64, String, i64, i64, String, i64)> = sqlx::query_as(
        "SELECT o.id, o.placed_at, o.ship_name,
                (SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM order_lines l WHERE l.order_id = o.id),
                o.total_cents, o.status, CAST(CASE WHEN o.notify_email IS NULL THEN 0 ELSE 1 END AS BIGINT)
         FROM orders o ORDER BY o.placed_at DESC, o.id DESC LIMIT $1",
    )
    .bind(STAFF_PAGE)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, placed_at, ship_to, item_count, total_cents, status, mailed)| StaffOrder {
                id,
                placed_at,
                ship_to,
                item_count,
                total_cents,
                status,
                mailed: mailed == 1,
            },
        )
        .collect())
}

/// What marking an order shipped did.
#[derive(Debug, PartialEq, Eq)]
pub enum Shipped {
    /// Marked now; `noted` says whether a shipping note was written.
    Now {
        noted: bool,
    },
    /// It was marked before (a second click, another member of staff).
    Already,
    NotFound,
}

/// Marks order `id` shipped; `orders_url` (the order pages, absolute) is
/// given when the shop sends mail.
pub async fn mark_shipped(pool: &AnyPool, id: i64, now: i64, orders_url: Option<&str>) -> Result<Shipped, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let marked =
        sqlx::query("UPDATE orders SET status = 'shipped', shipped_at = $1 WHERE id = $2 AND status = 'placed'")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if marked == 0 {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM orders WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        tx.rollback().await?;
        return Ok(if exists.is_some() {
            Shipped::Already
        } else {
            Shipped::NotFound
        });
    }
    let row: (String, String, String, String, String, Option<String>, Option<String>) = sqlx::query_as(
        "SELECT ship_name, ship_street, ship_city, ship_postcode, ship_country, notify_email, notify_locale
         FROM orders WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let (name, street, city, postcode, country, address, locale) = row;
    let noted = match (address, orders_url) {
        (Some(address), Some(orders_url)) => {
            let shipping = ShippingAddress {
                name,
                street,
                city,
                postcode,
                country,
            };
            let locale = locale
                .as_deref()
                .and_then(crate::language::from_tag)
                .unwrap_or(crate::i18n::Locale::en);
            let order_url = format!("{}/{id}", orders_url.trim_end_matches('/'));
            let note = shipping_note(&ShippingNote {
                to: &address,
                locale,
                order_id: id,
                shipping: &shipping,
                order_url: &order_url,
            });
            crate::mail::outbox::enqueue(&mut tx, &note, now).await?;
            true
        }
        _ => false,
    };
    tx.commit().await?;
    tracing::info!(order = id, noted, "order marked shipped");
    Ok(Shipped::Now { noted })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shop::cart::store::{CartOwner, add};
    use crate::shop::orders::checkout::{ConfirmTo, Placed, place_order_mailed};
    use crate::shop::test_db::{book_id, customer, seeded_pool};

    async fn placed(pool: &AnyPool, confirm: Option<&ConfirmTo<'_>>) -> i64 {
        let ada = customer("ship-1");
        add(pool, &CartOwner::Customer(&ada), book_id(pool, "Emma").await, 1)
            .await
            .unwrap();
        let shipping = ShippingAddress {
            name: "Ada Lovelace".into(),
            street: "12 St James's Square".into(),
            city: "London".into(),
            postcode: "SW1Y 4JH".into(),
            country: "United Kingdom".into(),
        };
        match place_order_mailed(pool, &ada, "shipping-key-000000001", &shipping, None, 1_000, confirm)
            .await
            .unwrap()
        {
            Placed::New(id) | Placed::Existing(id) => id,
        }
    }

    async fn notes(pool: &AnyPool, id: i64) -> Vec<(String, String)> {
        sqlx::query_as("SELECT kind, recipient FROM outbox WHERE about = $1 ORDER BY id")
            .bind(format!("order:{id}"))
            .fetch_all(pool)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn marking_shipped_notes_the_customer_once_in_their_language() {
        let (pool, _dir) = seeded_pool().await;
        let confirm = ConfirmTo {
            address: "ada@example.com",
            locale: crate::i18n::Locale::ja,
            orders_url: "https://shop.example/orders",
        };
        let id = placed(&pool, Some(&confirm)).await;
        let url = Some("https://shop.example/orders");
        assert_eq!(
            mark_shipped(&pool, id, 2_000, url).await.unwrap(),
            Shipped::Now { noted: true }
        );
        assert_eq!(mark_shipped(&pool, id, 2_001, url).await.unwrap(), Shipped::Already);
        assert_eq!(
            mark_shipped(&pool, id + 1000, 2_001, url).await.unwrap(),
            Shipped::NotFound
        );
        let kinds = notes(&pool, id).await;
        assert_eq!(
            kinds,
            vec![
                ("order_confirmation".to_string(), "ada@example.com".to_string()),
                ("shipping_note".to_string(), "ada@example.com".to_string())
            ]
        );
        let subject: String = sqlx::query_scalar("SELECT subject FROM outbox WHERE kind = 'shipping_note'")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(subject.contains("発送しました"), "{subject}");
        let listed = newest(&pool).await.unwrap();
        assert!(listed.iter().any(|o| o.id == id && o.status == "shipped" && o.mailed));
    }

    #[tokio::test]
    async fn an_order_without_a_verified_address_is_shipped_without_a_note() {
        let (pool, _dir) = seeded_pool().await;
        let id = placed(&pool, None).await;
        let url = Some("https://shop.example/orders");
        assert_eq!(
            mark_shipped(&pool, id, 2_000, url).await.unwrap(),
            Shipped::Now { noted: false }
        );
        assert!(notes(&pool, id).await.is_empty());
    }
}
