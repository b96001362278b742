//! Tests of `shop::cart::store`.

use super::*;
use crate::shop::test_db::{book_id, customer, seeded_pool, set_stock};
use std::sync::Arc;
use tower_sessions::MemoryStore;

#[tokio::test]
async fn a_visitors_cart_is_merged_into_the_customers_at_sign_in() {
    let (pool, _dir) = seeded_pool().await;
    let dracula = book_id(&pool, "Dracula").await;
    let emma = book_id(&pool, "Emma").await;
    let ada = customer("ada");
    update(&pool, &CartOwner::Customer(&ada), emma, 1).await.unwrap();
    update(&pool, &CartOwner::Customer(&ada), dracula, 1).await.unwrap();

    let session = Session::new(None, Arc::new(MemoryStore::default()), None);
    add(&pool, &CartOwner::Visitor(&session), dracula, 2).await.unwrap();
    let notices = merge_on_sign_in(&pool, &session, &ada).await.unwrap();
    assert!(notices.is_empty());

    let cart = view(&pool, &CartOwner::Customer(&ada)).await.unwrap();
    assert_eq!(cart.quantity_of(dracula), 3);
    assert_eq!(cart.quantity_of(emma), 1);
    assert!(
        load(&pool, &CartOwner::Visitor(&session)).await.unwrap().is_empty(),
        "session cart emptied"
    );
}

#[tokio::test]
async fn stock_limits_are_enforced_with_clear_messages() {
    let (pool, _dir) = seeded_pool().await;
    let emma = book_id(&pool, "Emma").await;
    set_stock(&pool, emma, 2).await;
    let ada = customer("ada");
    let owner = CartOwner::Customer(&ada);
    add(&pool, &owner, emma, 2).await.unwrap();
    let err = add(&pool, &owner, emma, 1).await.unwrap_err();
    assert_eq!(err.to_string(), "Only 2 copies of \u{201c}Emma\u{201d} are in stock.");

    // Stock falls after the book went into the cart: the view says so.
    set_stock(&pool, emma, 1).await;
    let cart = view(&pool, &owner).await.unwrap();
    assert_eq!(cart.quantity_of(emma), 1);
    assert_eq!(cart.notices.len(), 1, "{:?}", cart.notices);
    set_stock(&pool, emma, 0).await;
    let cart = view(&pool, &owner).await.unwrap();
    assert!(cart.lines.is_empty());
    assert!(matches!(
        cart.notices[0],
        crate::shop::model::CartNotice::SoldOut { .. }
    ));
}

#[tokio::test]
async fn customers_carts_are_their_own() {
    let (pool, _dir) = seeded_pool().await;
    let emma = book_id(&pool, "Emma").await;
    add(&pool, &CartOwner::Customer(&customer("ada")), emma, 1)
        .await
        .unwrap();
    let other = Customer {
        provider: "acme".into(),
        subject: "ada".into(),
    };
    assert!(
        view(&pool, &CartOwner::Customer(&other))
            .await
            .unwrap()
            .lines
            .is_empty()
    );
    update(&pool, &CartOwner::Customer(&customer("ada")), emma, 0)
        .await
        .unwrap();
    assert!(
        view(&pool, &CartOwner::Customer(&customer("ada")))
            .await
            .unwrap()
            .lines
            .is_empty()
    );
}
