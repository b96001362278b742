//! Tests of `auth::email_links`.

use super::*;
use crate::shop::test_db::seeded_pool;

async fn stored(pool: &AnyPool, browser: &str, now: i64) -> LinkKey {
    let key = LinkKey::random();
    let mut tx = pool.begin().await.unwrap();
    let link = NewLink {
        provider: "logto",
        email: "ada@example.com",
        token: "one-time-token-123",
        browser,
        return_to: "/checkout",
    };
    store(&mut tx, &key, &link, now).await.unwrap();
    tx.commit().await.unwrap();
    key
}

#[tokio::test]
async fn the_table_holds_no_token_and_no_key() {
    let (pool, _dir) = seeded_pool().await;
    let key = stored(&pool, "browser-1", 1_000).await;
    let (hash, sealed): (String, String) = sqlx::query_as("SELECT key_hash, sealed_token FROM sign_in_links")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(!sealed.contains("one-time-token") && !hash.contains(&key.encoded()));
    assert_eq!(key.open(&sealed).as_deref(), Some("one-time-token-123"));
    assert_eq!(LinkKey::random().open(&sealed), None, "only its own key opens it");
    assert!(LinkKey::decode(&key.encoded()).is_some());
    assert!(LinkKey::decode("short").is_none() && LinkKey::decode("not base64!").is_none());
}

#[tokio::test]
async fn a_link_opens_once_in_the_browser_that_asked_and_not_after_it_expires() {
    let (pool, _dir) = seeded_pool().await;
    let key = stored(&pool, "browser-1", 1_000).await;
    let opened = take(&pool, &key, Some("browser-1"), false, 1_100).await.unwrap();
    assert_eq!(
        opened,
        Taken::Opened(Opened {
            provider: "logto".into(),
            email: "ada@example.com".into(),
            token: "one-time-token-123".into(),
            return_to: "/checkout".into(),
        })
    );
    assert_eq!(
        take(&pool, &key, Some("browser-1"), false, 1_101).await.unwrap(),
        Taken::Gone
    );
    assert_eq!(
        take(&pool, &key, Some("browser-1"), true, 1_101).await.unwrap(),
        Taken::Gone
    );

    let late = stored(&pool, "browser-1", 1_000).await;
    let after = 1_000 + LIFETIME_SECS;
    assert_eq!(
        take(&pool, &late, Some("browser-1"), false, after).await.unwrap(),
        Taken::Gone
    );
    assert_eq!(
        take(&pool, &LinkKey::random(), Some("browser-1"), true, 1_100)
            .await
            .unwrap(),
        Taken::Gone
    );
}

#[tokio::test]
async fn another_browser_must_confirm_and_looking_does_not_use_it() {
    let (pool, _dir) = seeded_pool().await;
    let key = stored(&pool, "browser-1", 1_000).await;
    for browser in [None, Some("browser-2")] {
        assert_eq!(
            take(&pool, &key, browser, false, 1_100).await.unwrap(),
            Taken::Elsewhere {
                email: "ada@example.com".into()
            }
        );
    }
    assert!(matches!(
        take(&pool, &key, Some("browser-2"), true, 1_100).await.unwrap(),
        Taken::Opened(_)
    ));
    assert_eq!(
        take(&pool, &key, Some("browser-1"), false, 1_101).await.unwrap(),
        Taken::Gone
    );
}

#[tokio::test]
async fn requests_are_limited_per_address_and_per_client() {
    let (pool, _dir) = seeded_pool().await;
    for i in 0..PER_ADDRESS {
        let client = format!("10.0.0.{i}");
        assert_eq!(
            count_request(&pool, "ada@example.com", &client, 1_000 + i)
                .await
                .unwrap(),
            None
        );
    }
    // The same address in other letters is the same address.
    assert_eq!(
        count_request(&pool, "ADA@example.com", "10.0.1.1", 1_010)
            .await
            .unwrap(),
        Some(Limit::Address)
    );
    // Its window passes.
    let later = 1_000 + ADDRESS_WINDOW_SECS + PER_ADDRESS;
    assert_eq!(
        count_request(&pool, "ada@example.com", "10.0.1.1", later)
            .await
            .unwrap(),
        None
    );

    for i in 0..PER_CLIENT {
        let address = format!("reader{i}@example.com");
        assert_eq!(
            count_request(&pool, &address, "10.9.9.9", 5_000 + i).await.unwrap(),
            None
        );
    }
    assert_eq!(
        count_request(&pool, "new@example.com", "10.9.9.9", 5_100)
            .await
            .unwrap(),
        Some(Limit::Client)
    );
    let limited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_link_requests WHERE asked_at = 5100")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(limited, 0, "a refused request is not counted");
}
