//! What a stranger can make the server keep: every cookieless `GET /sign-in`
//! stores a pending attempt, and none of them may outlive 15 minutes.

use reqwest::StatusCode;

use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_cookieless_sign_ins_leave_nothing_that_outlives_fifteen_minutes() {
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
    let now = chrono::Utc::now().timestamp();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(stored, 1000, "each attempt is kept while it can complete");
    let lasting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE expiry_date > $1")
        .bind(now + 15 * 60)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(lasting, 0, "no stranger's session outlives its sign-in attempt");
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
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(stored, 1000, "each cart is kept for a while");
    let lasting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE expiry_date > $1")
        .bind(cap)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(lasting, 0, "no cookieless cart outlives its first lifetime");

    // A visitor who comes back and adds again keeps their cart for the idle timeout.
    let browser = crate::helpers::Browser::new();
    for _ in 0..2 {
        let response = app.call(&browser, "/api/add_to_cart", &[("book_id", &id)]).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let lasting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE expiry_date > $1")
        .bind(cap)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(lasting, 1, "the second write gave the normal lifetime");
}
