//! The database goes away (cut: refused connections) or hangs (stall: never
//! answers) under a running Bookstore on PostgreSQL, Redis holding the
//! sessions goes away, or another writer holds SQLite locked: pages and calls answer 503 with a message within
//! seconds, nothing panics, and when the store comes back everything works
//! again without a restart; every order committed before the outage is still
//! there.

use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use sqlx::Connection;

use crate::helpers::*;
use crate::proxy::{Proxy, address_of};

const UNAVAILABLE: &str = "The bookstore is briefly unavailable.";

struct Outage {
    app: TestApp,
    proxy: Proxy,
    direct_url: String,
}

/// An app whose database connections go through a proxy the test controls.
async fn app_behind_proxy() -> Option<Outage> {
    let admin = required_service("BOOKSTORE_TEST_POSTGRES")?;
    let direct_url = fresh_postgres_database(&admin).await;
    let proxy = Proxy::start(address_of(&direct_url)).await;
    let app = spawn_app_with(SpawnOptions {
        extra_env: vec![("DATABASE_URL", proxy.url_for(&direct_url))],
        ..Default::default()
    })
    .await;
    Some(Outage { app, proxy, direct_url })
}

async fn order_count(direct_url: &str) -> i64 {
    let mut conn = sqlx::PgConnection::connect(direct_url).await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

/// `GET url` answers 503 with the message, within the pool's 8 s acquire
/// timeout and a margin.
async fn answers_unavailable(browser: &Browser, url: &str) {
    let started = Instant::now();
    let response = browser.get(url).await;
    let status = response.status();
    let page = body(response).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{url}: {page}");
    assert!(page.contains(UNAVAILABLE), "{url} says what happened: {page}");
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "{url} answered in {:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_outage_answers_503_and_loses_no_order() {
    let Some(Outage { app, proxy, direct_url }) = app_behind_proxy().await else {
        return;
    };
    let ada = Browser::new();
    app.sign_in_as(&ada, "/sign-in", ADA).await;
    app.add_to_cart(&ada, "Emma").await;
    let placed = app.place_order(&ada, None).await;
    assert_eq!(placed.status(), StatusCode::OK, "the order before the outage");
    assert_eq!(order_count(&direct_url).await, 1);
    app.add_to_cart(&ada, "Dracula").await;
    let key = app.order_key(&ada).await;

    proxy.cut();
    let visitor = Browser::new();
    answers_unavailable(&visitor, &app.url("/books")).await;
    answers_unavailable(&visitor, &app.url("/")).await;
    answers_unavailable(&ada, &app.url("/orders")).await;
    let response = app.call(&ada, "/api/add_to_cart", &[("book_id", "1")]).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let error: bookstore::error::AppError = serde_json::from_str(&body(response).await).expect("an AppError");
    assert_eq!(
        error,
        bookstore::error::AppError::Unavailable,
        "the page shows its message"
    );
    let response = app.place_order_with_key(&ada, &key, None).await;
    assert_eq!(
        response.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "checkout refused, nothing half-done"
    );
    let response = Client::new().get(app.url("/api/v1/books")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let ready = Client::new().get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let ready: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(ready["database"], "unavailable", "{ready}");
    let alive = Client::new().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(alive.status(), StatusCode::OK, "the process itself is fine");

    proxy.restore();
    let orders = body(ada.get(&app.url("/orders")).await).await;
    assert_eq!(
        orders.matches("href=\"/orders/").count(),
        1,
        "still signed in, and the order placed before the outage is there"
    );
    let placed = app.place_order_with_key(&ada, &key, None).await;
    assert_eq!(
        placed.status(),
        StatusCode::OK,
        "the same checkout goes through once the database is back"
    );
    assert_eq!(order_count(&direct_url).await, 2);
    let ready = Client::new().get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_database_answers_503_within_the_timeout() {
    let Some(Outage { app, proxy, .. }) = app_behind_proxy().await else {
        return;
    };
    let visitor = Browser::new();
    assert_eq!(visitor.get(&app.url("/books")).await.status(), StatusCode::OK);

    proxy.stall();
    // A page not kept a moment ago (`/books` was: it may answer from the
    // page cache for a few seconds more) must query, and so waits for the pool.
    answers_unavailable(&visitor, &app.url("/books?sort=year")).await;

    proxy.restore();
    assert_eq!(
        visitor.get(&app.url("/books")).await.status(),
        StatusCode::OK,
        "recovered"
    );
}

/// Sessions in Redis, and Redis goes away: signed-in pages answer 503 (the
/// session cannot be read, so nobody is shown as signed out by mistake),
/// visitors without a session still browse the catalog, and once Redis is
/// back the same session works again.
#[tokio::test(flavor = "multi_thread")]
async fn a_redis_outage_answers_503_and_the_session_survives() {
    let Some(redis) = required_service("BOOKSTORE_TEST_REDIS") else {
        return;
    };
    let proxy = Proxy::start(address_of(&redis)).await;
    let app = spawn_app_with(SpawnOptions {
        extra_env: vec![("SESSION_STORE_URL", proxy.url_for(&redis))],
        ..Default::default()
    })
    .await;
    let ada = Browser::new();
    app.sign_in_as(&ada, "/sign-in", ADA).await;

    proxy.cut();
    answers_unavailable(&ada, &app.url("/")).await;
    assert_eq!(
        Browser::new().get(&app.url("/books")).await.status(),
        StatusCode::OK,
        "visitors without a session browse on"
    );

    proxy.restore();
    // The client reconnects with a backoff of at most 5 s.
    let mut page = String::new();
    for _ in 0..40 {
        let response = ada.get(&app.url("/")).await;
        if response.status() == StatusCode::OK {
            page = body(response).await;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        page.contains("Ada Lovelace"),
        "signed in again without signing in: {page}"
    );
}

/// SQLite held by another writer for longer than the 5 s busy timeout (a
/// backup, a long migration): the checkout answers 503 and changes nothing,
/// reads go on (WAL), and the same checkout goes through once the lock is
/// released. SQLite only: the PostgreSQL pass has the tests above.
#[tokio::test(flavor = "multi_thread")]
async fn a_locked_sqlite_database_answers_503_and_changes_nothing() {
    if on_postgres() {
        eprintln!("SQLite only: this pass runs on PostgreSQL");
        return;
    }
    let app = spawn_app().await;
    let ada = Browser::new();
    app.sign_in_as(&ada, "/sign-in", ADA).await;
    app.add_to_cart(&ada, "Emma").await;
    let key = app.order_key(&ada).await;
    let url = test_database_url(app.dir.path()).await;
    let mut locker = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("BEGIN EXCLUSIVE").execute(&mut locker).await.unwrap();

    let started = Instant::now();
    let response = app.place_order_with_key(&ada, &key, None).await;
    assert_eq!(
        response.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        body(response).await
    );
    assert!(
        started.elapsed() < Duration::from_secs(9),
        "answered in {:?}",
        started.elapsed()
    );
    assert_eq!(
        Browser::new().get(&app.url("/books")).await.status(),
        StatusCode::OK,
        "reads go on"
    );

    sqlx::query("ROLLBACK").execute(&mut locker).await.unwrap();
    let response = app.place_order_with_key(&ada, &key, None).await;
    assert_eq!(response.status(), StatusCode::OK, "the same checkout goes through");
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(orders, 1);
}
