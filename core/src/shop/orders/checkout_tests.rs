//! Tests of `shop::orders::checkout`.

use super::*;
use crate::shop::cart::store::{CartOwner, add, view};
use crate::shop::test_db::{book_id, customer, seeded_pool, set_stock};

fn address() -> ShippingAddress {
    ShippingAddress {
        name: "Ada Lovelace".into(),
        street: "12 St James's Square".into(),
        city: "London".into(),
        postcode: "SW1Y 4JH".into(),
        country: "United Kingdom".into(),
    }
}

const KEY: &str = "checkout-key-0000000001";

async fn stock(pool: &AnyPool, id: i64) -> i64 {
    sqlx::query_scalar("SELECT stock FROM books WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn order_count(pool: &AnyPool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_order_takes_the_stock_and_empties_the_cart() {
    let (pool, _dir) = seeded_pool().await;
    let emma = book_id(&pool, "Emma").await;
    let before = stock(&pool, emma).await;
    let ada = customer("ada");
    add(&pool, &CartOwner::Customer(&ada), emma, 2).await.unwrap();
    let placed = place_order(&pool, &ada, KEY, &address(), None, 10).await.unwrap();
    assert!(matches!(placed, Placed::New(_)));
    assert_eq!(stock(&pool, emma).await, before - 2);
    assert!(view(&pool, &CartOwner::Customer(&ada)).await.unwrap().lines.is_empty());
    let total: i64 = sqlx::query_scalar("SELECT total_cents FROM orders WHERE id = $1")
        .bind(placed.id())
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(total, 2 * 1099);
}

#[tokio::test]
async fn the_same_key_twice_places_one_order() {
    let (pool, _dir) = seeded_pool().await;
    let emma = book_id(&pool, "Emma").await;
    let ada = customer("ada");
    add(&pool, &CartOwner::Customer(&ada), emma, 1).await.unwrap();
    let first = place_order(&pool, &ada, KEY, &address(), None, 10).await.unwrap();
    let again = place_order(&pool, &ada, KEY, &address(), None, 11).await.unwrap();
    assert_eq!(again, Placed::Existing(first.id()));
    assert_eq!(order_count(&pool).await, 1);
}

#[tokio::test]
async fn concurrent_double_submits_place_one_order() {
    let (pool, _dir) = seeded_pool().await;
    let emma = book_id(&pool, "Emma").await;
    let before = stock(&pool, emma).await;
    let ada = customer("ada");
    add(&pool, &CartOwner::Customer(&ada), emma, 1).await.unwrap();
    let address = address();
    let (a, b) = tokio::join!(
        place_order(&pool, &ada, KEY, &address, None, 10),
        place_order(&pool, &ada, KEY, &address, None, 10)
    );
    assert_eq!(a.unwrap().id(), b.unwrap().id());
    assert_eq!(order_count(&pool).await, 1);
    assert_eq!(stock(&pool, emma).await, before - 1);
}

#[tokio::test]
async fn two_customers_race_for_the_last_copy_and_one_wins() {
    let (pool, _dir) = seeded_pool().await;
    let emma = book_id(&pool, "Emma").await;
    set_stock(&pool, emma, 1).await;
    let (ada, grace) = (customer("ada"), customer("grace"));
    add(&pool, &CartOwner::Customer(&ada), emma, 1).await.unwrap();
    add(&pool, &CartOwner::Customer(&grace), emma, 1).await.unwrap();
    let (pool_a, pool_b) = (pool.clone(), pool.clone());
    let (ada_c, grace_c) = (ada.clone(), grace.clone());
    let a = tokio::spawn(async move { place_order(&pool_a, &ada_c, KEY, &address(), None, 10).await });
    let b = tokio::spawn(async move { place_order(&pool_b, &grace_c, KEY, &address(), None, 10).await });
    let results = [a.await.unwrap(), b.await.unwrap()];
    let won = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(won, 1, "{results:?}");
    let lost = results.iter().find_map(|r| r.as_ref().err()).unwrap();
    assert_eq!(
        lost.to_string(),
        "\u{201c}Emma\u{201d} is sold out. Your cart has been updated; please check it and try again."
    );
    assert_eq!(stock(&pool, emma).await, 0);
    assert_eq!(order_count(&pool).await, 1, "the loser's order row was rolled back");
}

#[tokio::test]
async fn an_empty_cart_or_a_bad_key_places_nothing() {
    let (pool, _dir) = seeded_pool().await;
    let ada = customer("ada");
    assert!(matches!(
        place_order(&pool, &ada, KEY, &address(), None, 1).await,
        Err(CheckoutError::EmptyCart)
    ));
    assert!(matches!(
        place_order(&pool, &ada, "short", &address(), None, 1).await,
        Err(CheckoutError::BadKey)
    ));
    assert_eq!(order_count(&pool).await, 0);
    let emma = book_id(&pool, "Emma").await;
    set_stock(&pool, emma, 3).await;
    add(&pool, &CartOwner::Customer(&ada), emma, 3).await.unwrap();
    set_stock(&pool, emma, 2).await;
    let err = place_order(&pool, &ada, KEY, &address(), None, 1).await.unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Only 2 copies of \u{201c}Emma\u{201d} are in stock."),
        "{err}"
    );
    assert_eq!(
        err.text(crate::i18n::Locale::ja),
        "『Emma』の在庫は残り2冊です。カートを更新しました。内容をご確認のうえ、もう一度お試しください。",
        "the customer reads it in their language"
    );
    assert_eq!(stock(&pool, emma).await, 2, "nothing taken");
}
