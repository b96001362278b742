//! A bounded load test: a few hundred new customers at once each sign up
//! through the provider, add the same book to their cart and check out,
//! against a book with exactly one copy per customer. It must finish within
//! its time limit with zero errors, every order in the database, and the
//! stock exactly used up (none lost, none sold twice). The figures are
//! printed: `cargo test --features ssr --test load -- --nocapture`.
//! `BOOKSTORE_LOAD_CUSTOMERS` changes the number of customers (default 300).
//! A test binary of its own, so cargo runs it after the other integration
//! tests, alone: its load would slow theirs.

use std::time::{Duration, Instant};

use reqwest::StatusCode;

#[allow(dead_code, unused_imports)]
#[path = "../api/helpers/mod.rs"]
mod helpers;

use helpers::*;

const TIME_LIMIT: Duration = Duration::from_secs(240);
const BOOK: &str = "Middlemarch";

struct Customer {
    /// From `/sign-up` to the callback's answer, provider pages included.
    sign_in: Duration,
    /// Bookstore's part of it: answering `/sign-up` and `/callback`.
    bookstore: Duration,
    checkout: Duration,
}

async fn one_customer(app: &TestApp, number: usize, run: &str) -> Result<Customer, String> {
    let browser = Browser::new();
    let started = Instant::now();
    let response = browser.get(&app.url("/sign-up")).await;
    if response.status() != StatusCode::FOUND {
        return Err(format!("/sign-up answered {}", response.status()));
    }
    let auth_url = location(&response);
    let mut bookstore = started.elapsed();
    let callback = app
        .register_at_provider(&browser, &auth_url, &format!("load_{run}_{number}"))
        .await;
    let callback_started = Instant::now();
    let response = browser.get(&callback).await;
    // Less the time spent waiting for the provider's token endpoint, which
    // the callback reports as `Server-Timing: idp;dur=<ms>`.
    let provider = response
        .headers()
        .get("server-timing")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split("dur=").nth(1))
        .and_then(|ms| ms.trim().parse::<f64>().ok())
        .map_or(Duration::ZERO, |ms| Duration::from_secs_f64(ms / 1000.0));
    bookstore += callback_started.elapsed().saturating_sub(provider);
    if response.status() != StatusCode::FOUND || location(&response) != "/" {
        let status = response.status();
        let page = body(response).await;
        let said = [
            "Sign-in is unavailable right now",
            "The bookstore is briefly unavailable",
        ]
        .into_iter()
        .find(|message| page.contains(message))
        .unwrap_or("another error");
        return Err(format!("/callback answered {status}: {said}"));
    }
    let sign_in = started.elapsed();

    let started = Instant::now();
    let id = app.book_id(BOOK).await.to_string();
    let response = app.call(&browser, "/api/add_to_cart", &[("book_id", &id)]).await;
    if response.status() != StatusCode::OK {
        return Err(format!("add_to_cart answered {}", response.status()));
    }
    let response = app.place_order(&browser, None).await;
    if response.status() != StatusCode::OK {
        return Err(format!(
            "place_order answered {}: {}",
            response.status(),
            body(response).await
        ));
    }
    Ok(Customer {
        sign_in,
        bookstore,
        checkout: started.elapsed(),
    })
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

#[tokio::test(flavor = "multi_thread")]
async fn hundreds_of_concurrent_sign_ins_and_orders_lose_nothing() {
    let customers: usize = std::env::var("BOOKSTORE_LOAD_CUSTOMERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let app = std::sync::Arc::new(spawn_app().await);
    let book = app.book_id(BOOK).await;
    sqlx::query("UPDATE books SET stock = $1 WHERE id = $2")
        .bind(customers as i64)
        .bind(book)
        .execute(&app.state.db)
        .await
        .unwrap();
    let run = chrono::Utc::now().timestamp_millis().to_string();

    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for number in 0..customers {
        let app = app.clone();
        let run = run.clone();
        tasks.spawn(async move { one_customer(&app, number, &run).await });
    }
    let mut done = Vec::new();
    let mut errors = Vec::new();
    let collected = tokio::time::timeout(TIME_LIMIT, async {
        while let Some(result) = tasks.join_next().await {
            match result {
                Ok(Ok(customer)) => done.push(customer),
                Ok(Err(error)) => errors.push(error),
                Err(panic) => errors.push(format!("a customer's task failed: {panic}")),
            }
        }
    })
    .await;
    let wall = started.elapsed();
    assert!(
        collected.is_ok(),
        "not finished within {TIME_LIMIT:?}: {} done",
        done.len()
    );

    let backend = if on_postgres() { "PostgreSQL" } else { "SQLite" };
    let mut sign_ins: Vec<Duration> = done.iter().map(|c| c.sign_in).collect();
    let mut checkouts: Vec<Duration> = done.iter().map(|c| c.checkout).collect();
    let mut bookstore: Vec<Duration> = done.iter().map(|c| c.bookstore).collect();
    bookstore.sort();
    sign_ins.sort();
    checkouts.sort();
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let stock: i64 = sqlx::query_scalar("SELECT stock FROM books WHERE id = $1")
        .bind(book)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    eprintln!(
        "load ({backend}): {customers} customers at once, {} ok, {} errors in {:.1} s ({:.0} sign-ups+orders/s); \
         sign-in p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms (Bookstore's own time in /sign-up + /callback p50 {:.0} ms, \
         p95 {:.0} ms); checkout p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms; \
         {orders} orders stored, {stock} copies left",
        done.len(),
        errors.len(),
        wall.as_secs_f64(),
        customers as f64 / wall.as_secs_f64(),
        percentile(&sign_ins, 0.5),
        percentile(&sign_ins, 0.95),
        percentile(&sign_ins, 1.0),
        percentile(&bookstore, 0.5),
        percentile(&bookstore, 0.95),
        percentile(&checkouts, 0.5),
        percentile(&checkouts, 0.95),
        percentile(&checkouts, 1.0),
    );
    assert!(errors.is_empty(), "errors: {:?}", &errors[..errors.len().min(5)]);
    assert_eq!(orders, customers as i64, "every order stored");
    assert_eq!(stock, 0, "every copy sold exactly once");
}
