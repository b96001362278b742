//! Tests of `server::session_store` on the test database (SQLite, or
//! PostgreSQL with `BOOKSTORE_TEST_DATABASE=postgres`).

use std::collections::HashMap;
use std::sync::Arc;

use super::*;
use crate::shop::test_db::seeded_pool;

fn record(expires_in: time::Duration) -> Record {
    Record {
        id: Id::default(),
        data: HashMap::from([("auth.user".to_string(), serde_json::json!({"sub": "ada"}))]),
        expiry_date: time::OffsetDateTime::now_utc() + expires_in,
    }
}

/// Back-channel index rows for these session ids, created at these times.
async fn index(pool: &AnyPool, rows: &[(Id, i64)]) {
    for (id, created) in rows {
        sqlx::query(
            "INSERT INTO session_index (session_id, provider, subject, sid, created_at)
             VALUES ($1, 'logto', 'ada', NULL, $2)",
        )
        .bind(id.to_string())
        .bind(*created)
        .execute(pool)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn sessions_round_trip_and_expire() {
    let (pool, _dir) = seeded_pool().await;
    let store = DbSessionStore::new(pool.clone(), pool.clone());
    let mut live = record(time::Duration::hours(1));
    store.create(&mut live).await.unwrap();
    let loaded = store.load(&live.id).await.unwrap().expect("stored");
    assert_eq!(loaded.data, live.data);
    assert_eq!(loaded.expiry_date.unix_timestamp(), live.expiry_date.unix_timestamp());

    live.data.insert("shop.cart".into(), serde_json::json!({"7": 2}));
    store.save(&live).await.unwrap();
    assert_eq!(store.load(&live.id).await.unwrap().unwrap().data.len(), 2, "saved over");

    let mut expired = record(time::Duration::seconds(-5));
    store.create(&mut expired).await.unwrap();
    assert!(
        store.load(&expired.id).await.unwrap().is_none(),
        "an expired id is refused at once"
    );
    assert_eq!(store.count().await.unwrap(), 1);

    store.delete(&live.id).await.unwrap();
    assert!(store.load(&live.id).await.unwrap().is_none());
}

/// A request that loaded the session before it was deleted (sign-out,
/// back-channel logout) and saves it afterwards must not bring it back.
async fn a_deleted_session_stays_deleted(store: &impl SessionStore) {
    let mut record = record(time::Duration::hours(1));
    store.create(&mut record).await.unwrap();
    let held = store.load(&record.id).await.unwrap().expect("stored");
    store.delete(&record.id).await.unwrap();
    store.save(&held).await.unwrap();
    assert!(
        store.load(&record.id).await.unwrap().is_none(),
        "saving re-created a deleted session"
    );
}

#[tokio::test]
async fn saving_never_recreates_a_deleted_session() {
    let (pool, _dir) = seeded_pool().await;
    a_deleted_session_stays_deleted(&DbSessionStore::new(pool.clone(), pool)).await;
}

/// Two requests on one session, as the session layer runs them: a slow one
/// loads the signed-in session and changes it; meanwhile the session ends
/// (sign-out flushes it, or back-channel logout deletes it from the store);
/// then the slow one saves. The session stays ended.
#[tokio::test]
async fn a_slow_request_cannot_undo_a_sign_out_or_a_back_channel_logout() {
    let (pool, _dir) = seeded_pool().await;
    let store = Arc::new(Sessions::new(Store::Database(DbSessionStore::new(pool.clone(), pool))));
    for ending in ["sign-out", "back-channel logout"] {
        let signed_in = tower_sessions::Session::new(None, store.clone(), None);
        signed_in.insert("auth.signed_in", "ada").await.unwrap();
        signed_in.save().await.unwrap();
        let id = signed_in.id().expect("saved");

        let slow = tower_sessions::Session::new(Some(id), store.clone(), None);
        assert_eq!(
            slow.get::<String>("auth.signed_in").await.unwrap().as_deref(),
            Some("ada")
        );
        slow.insert("shop.cart", 3).await.unwrap();

        match ending {
            "sign-out" => tower_sessions::Session::new(Some(id), store.clone(), None)
                .flush()
                .await
                .unwrap(),
            _ => store.delete(&id).await.unwrap(),
        }
        slow.save().await.unwrap();
        assert!(
            store.load(&id).await.unwrap().is_none(),
            "{ending}: the session came back"
        );
    }
}

#[tokio::test]
async fn create_never_overwrites_a_taken_id() {
    let (pool, _dir) = seeded_pool().await;
    let store = DbSessionStore::new(pool.clone(), pool);
    let mut first = record(time::Duration::hours(1));
    store.create(&mut first).await.unwrap();
    let mut second = record(time::Duration::hours(1));
    second.id = first.id;
    second.data.insert("other".into(), serde_json::json!(true));
    store.create(&mut second).await.unwrap();
    assert_ne!(second.id, first.id, "the second got a fresh id");
    assert_eq!(store.load(&first.id).await.unwrap().unwrap().data, first.data);
}

#[tokio::test]
async fn cleanup_removes_expired_sessions_and_their_index_rows() {
    let (pool, _dir) = seeded_pool().await;
    let store = DbSessionStore::new(pool.clone(), pool.clone());
    let mut live = record(time::Duration::hours(1));
    store.create(&mut live).await.unwrap();
    let mut expired = record(time::Duration::seconds(-5));
    store.create(&mut expired).await.unwrap();
    let old = chrono::Utc::now().timestamp() - 7200;
    index(
        &pool,
        &[
            (live.id, old),
            (expired.id, old),
            (Id::default(), chrono::Utc::now().timestamp()),
        ],
    )
    .await;
    store.delete_expired().await.unwrap();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, 1, "only the live session is left");
    let indexed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM session_index")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        indexed, 2,
        "the live session's row, and a new one whose session is not saved yet"
    );
}

/// Needs `BOOKSTORE_TEST_REDIS` (scripts/test starts a Redis); says it is
/// skipped without it, and fails without it under scripts/test.
#[tokio::test]
async fn index_rows_of_sessions_gone_from_redis_are_pruned() {
    let Some(url) = std::env::var("BOOKSTORE_TEST_REDIS").ok().filter(|v| !v.is_empty()) else {
        assert!(
            std::env::var_os("BOOKSTORE_REQUIRE_SERVICES").is_none(),
            "BOOKSTORE_TEST_REDIS is not set"
        );
        eprintln!("skipped: BOOKSTORE_TEST_REDIS is not set (scripts/test sets it)");
        return;
    };
    let (pool, _dir) = seeded_pool().await;
    let settings = SessionSettings {
        secure_cookie: false,
        idle_timeout: Duration::from_secs(3600),
        max_lifetime: Duration::from_secs(7200),
        store_url: Some(url.into()),
    };
    let sessions = Sessions::open(&pool, &pool, &settings).await.unwrap();
    let Store::Redis(store, redis) = &sessions.store else {
        panic!("a Redis store")
    };
    let mut live = record(time::Duration::hours(1));
    store.create(&mut live).await.unwrap();
    let gone = Id::default();
    let old = chrono::Utc::now().timestamp() - 7200;
    index(
        &pool,
        &[
            (live.id, old),
            (gone, old),
            (Id::default(), chrono::Utc::now().timestamp()),
        ],
    )
    .await;
    assert_eq!(
        prune_redis_index(&pool, redis).await.unwrap(),
        1,
        "only the row of the session that is gone"
    );
    store.delete(&live.id).await.unwrap();
    a_deleted_session_stays_deleted(&sessions).await;
}

#[test]
fn a_strangers_first_session_is_kept_briefly() {
    let in_two_weeks = time::OffsetDateTime::now_utc() + time::Duration::days(14);
    let shopper = Record {
        id: Id::default(),
        data: HashMap::from([("shop.cart".to_string(), serde_json::json!({"7": 1}))]),
        expiry_date: in_two_weeks,
    };
    let cap = stranger_cap(&shopper).expect("a visitor's first cart is capped");
    assert!(cap - time::OffsetDateTime::now_utc() <= VISITOR_FIRST_LIFETIME, "{cap}");
    let mut customer = shopper;
    customer.data.insert(SIGNED_IN_KEY.into(), serde_json::json!({}));
    assert_eq!(stranger_cap(&customer), None, "a sign-in keeps the normal lifetime");
}
