//! What a stranger can make the server keep: a cookieless `GET /sign-in`
//! stores nothing (the attempt waits, sealed, in the browser); every
//! cookieless add-to-cart stores a cart, and none may outlive 2 hours unless
//! the visitor comes back to it.

use reqwest::StatusCode;

use crate::helpers::{TestApp, spawn_app};

/// How many sessions are stored, and how many of them outlive `at` (Unix seconds).
async fn sessions_outliving(app: &TestApp, at: i64) -> (i64, i64) {
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let lasting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE expiry_date > $1")
        .bind(at)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    (stored, lasting)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_cookieless_sign_ins_store_nothing() {
    let app = spawn_app().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = app.url("/sign-in");
    for _ in 0..40 {
        let batch: Vec<_> = (0..25)
            .map(|_| {
                let (client, url) = (client.clone(), url.clone());
                tokio::spawn(async move { client.get(url).send().await.unwrap().status() })
            })
            .collect();
        for request in batch {
            assert_eq!(request.await.unwrap(), StatusCode::FOUND);
        }
    }
    let (stored, _) = sessions_outliving(&app, chrono::Utc::now().timestamp()).await;
    assert_eq!(stored, 0, "each attempt waits in its browser, not here");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_cookieless_add_to_carts_leave_nothing_that_outlives_the_first_lifetime() {
    let app = spawn_app().await;
    let id = app.book_id("Pride and Prejudice").await.to_string();
    let client = reqwest::Client::new();
    let url = app.url("/api/add_to_cart");
    for _ in 0..40 {
        let batch: Vec<_> = (0..25)
            .map(|_| {
                let (client, url, id) = (client.clone(), url.clone(), id.clone());
                tokio::spawn(async move {
                    let response = client
                        .post(url)
                        .header("accept", "application/json")
                        .form(&[("book_id", id.as_str())])
                        .send()
                        .await
                        .unwrap();
                    response.status()
                })
            })
            .collect();
        for request in batch {
            assert_eq!(request.await.unwrap(), StatusCode::OK);
        }
    }
    let cap = chrono::Utc::now().timestamp() + bookstore::server::session_store::VISITOR_FIRST_LIFETIME.whole_seconds();
    let (stored, lasting) = sessions_outliving(&app, cap).await;
    assert_eq!(stored, 1000, "each cart is kept for a while");
    assert_eq!(lasting, 0, "no cookieless cart outlives its first lifetime");

    // A visitor who comes back and adds again keeps their cart for the idle timeout.
    let browser = crate::helpers::Browser::new();
    for _ in 0..2 {
        let response = app.call(&browser, "/api/add_to_cart", &[("book_id", &id)]).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let (_, lasting) = sessions_outliving(&app, cap).await;
    assert_eq!(lasting, 1, "the second write gave the normal lifetime");
}
