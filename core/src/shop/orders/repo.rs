//! A customer's orders. Every query is scoped to the customer: another
//! customer's order id finds nothing, exactly like an id that does not exist.

use sqlx::AnyPool;

use crate::shop::customer::Customer;
use crate::shop::model::{MailSent, OrderDetail, OrderLine, OrderMail, OrderSummary, ShippingAddress};

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    placed_at: i64,
    total_cents: i64,
    item_count: i64,
    status: String,
}

impl From<SummaryRow> for OrderSummary {
    fn from(row: SummaryRow) -> Self {
        OrderSummary {
            id: row.id,
            placed_at: row.placed_at,
            total_cents: row.total_cents,
            item_count: row.item_count,
            status: row.status,
        }
    }
}

const SUMMARY: &str = "SELECT o.id, o.placed_at, o.total_cents, o.status,
        (SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM order_lines l WHERE l.order_id = o.id) AS item_count
    FROM orders o WHERE o.provider = $1 AND o.subject = $2";

pub async fn list(pool: &AnyPool, customer: &Customer) -> Result<Vec<OrderSummary>, sqlx::Error> {
    let rows = sqlx::query_as::<_, SummaryRow>(&format!("{SUMMARY} ORDER BY o.placed_at DESC, o.id DESC"))
        .bind(&customer.provider)
        .bind(&customer.subject)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Orders placed for an organization (the caller checks the permission).
/// An organization is (provider, id): the same id at another provider is
/// another organization.
pub async fn list_for_organization(
    pool: &AnyPool,
    provider: &str,
    organization: &str,
) -> Result<Vec<OrderSummary>, sqlx::Error> {
    let sql = "SELECT o.id, o.placed_at, o.total_cents, o.status,
            (SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM order_lines l WHERE l.order_id = o.id) AS item_count
        FROM orders o WHERE o.provider = $1 AND o.organization_id = $2 ORDER BY o.placed_at DESC, o.id DESC";
    let rows = sqlx::query_as::<_, SummaryRow>(sql)
        .bind(provider)
        .bind(organization)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn count(pool: &AnyPool, customer: &Customer) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE provider = $1 AND subject = $2")
        .bind(&customer.provider)
        .bind(&customer.subject)
        .fetch_one(pool)
        .await
}

/// The order, if it exists and belongs to `customer`.
pub async fn get(pool: &AnyPool, customer: &Customer, id: i64) -> Result<Option<OrderDetail>, sqlx::Error> {
    let summary = sqlx::query_as::<_, SummaryRow>(&format!("{SUMMARY} AND o.id = $3"))
        .bind(&customer.provider)
        .bind(&customer.subject)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let Some(summary) = summary else { return Ok(None) };
    let shipping: (String, String, String, String, String, Option<String>) = sqlx::query_as(
        "SELECT ship_name, ship_street, ship_city, ship_postcode, ship_country, notify_email FROM orders WHERE id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await?;
    let lines: Vec<(Option<i64>, String, String, i64, i64)> = sqlx::query_as(
        "SELECT book_id, title, authors, unit_price_cents, quantity FROM order_lines WHERE order_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some(OrderDetail {
        summary: summary.into(),
        lines: lines
            .into_iter()
            .map(|(book_id, title, authors, unit_price_cents, quantity)| OrderLine {
                book_id,
                title,
                authors,
                unit_price_cents,
                quantity,
            })
            .collect(),
        shipping: ShippingAddress {
            name: shipping.0,
            street: shipping.1,
            city: shipping.2,
            postcode: shipping.3,
            country: shipping.4,
        },
        mail: OrderMail {
            to: shipping.5,
            messages: mail_about(pool, id).await?,
        },
    }))
}

/// The messages written about order `id`, oldest first.
async fn mail_about(pool: &AnyPool, id: i64) -> Result<Vec<MailSent>, sqlx::Error> {
    let rows: Vec<(String, i64, Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT kind, created_at, sent_at, failed_at FROM outbox WHERE about = $1 ORDER BY id")
            .bind(format!("order:{id}"))
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(kind, created, sent, failed)| {
            let (state, at) = match (sent, failed) {
                (Some(at), _) => ("sent", at),
                (None, Some(at)) => ("failed", at),
                (None, None) => ("waiting", created),
            };
            MailSent {
                kind,
                state: state.into(),
                at,
            }
        })
        .collect())
}

/// The address of the customer's latest order, to prefill the next checkout.
pub async fn last_address(pool: &AnyPool, customer: &Customer) -> Result<Option<ShippingAddress>, sqlx::Error> {
    let row: Option<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT ship_name, ship_street, ship_city, ship_postcode, ship_country FROM orders
         WHERE provider = $1 AND subject = $2 ORDER BY placed_at DESC, id DESC LIMIT 1",
    )
    .bind(&customer.provider)
    .bind(&customer.subject)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(name, street, city, postcode, country)| ShippingAddress {
        name,
        street,
        city,
        postcode,
        country,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shop::cart::store::{CartOwner, add};
    use crate::shop::orders::checkout::place_order;
    use crate::shop::test_db::{book_id, seeded_pool};

    #[tokio::test]
    async fn orders_are_visible_to_their_customer_only() {
        let (pool, _dir) = seeded_pool().await;
        let ada = Customer {
            provider: "logto".into(),
            subject: "ada".into(),
        };
        let grace = Customer {
            provider: "logto".into(),
            subject: "grace".into(),
        };
        let emma = book_id(&pool, "Emma").await;
        add(&pool, &CartOwner::Customer(&ada), emma, 2).await.unwrap();
        let address = ShippingAddress {
            name: "Ada".into(),
            street: "1 Street".into(),
            city: "London".into(),
            postcode: "N1".into(),
            country: "UK".into(),
        };
        let id = place_order(&pool, &ada, "key-aaaaaaaaaaaaaaaa", &address, None, 5)
            .await
            .unwrap()
            .id();
        add(&pool, &CartOwner::Customer(&ada), emma, 1).await.unwrap();
        let club = place_order(&pool, &ada, "key-bbbbbbbbbbbbbbbb", &address, Some("org-1"), 6)
            .await
            .unwrap()
            .id();
        let for_club = list_for_organization(&pool, &ada.provider, "org-1").await.unwrap();
        assert_eq!(for_club.iter().map(|o| o.id).collect::<Vec<_>>(), [club]);
        assert!(
            list_for_organization(&pool, &ada.provider, "org-2")
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            list_for_organization(&pool, "another-provider", "org-1")
                .await
                .unwrap()
                .is_empty(),
            "the same organization id at another provider is another organization"
        );

        let order = get(&pool, &ada, id).await.unwrap().unwrap();
        assert_eq!(order.summary.item_count, 2);
        assert_eq!(order.lines[0].title, "Emma");
        assert_eq!(order.shipping, address);
        assert_eq!(list(&pool, &ada).await.unwrap().len(), 2);
        assert_eq!(count(&pool, &ada).await.unwrap(), 2);
        assert_eq!(last_address(&pool, &ada).await.unwrap(), Some(address));

        assert!(
            get(&pool, &grace, id).await.unwrap().is_none(),
            "another customer's order is not found"
        );
        assert!(list(&pool, &grace).await.unwrap().is_empty());
        assert_eq!(count(&pool, &grace).await.unwrap(), 0);
    }
}
