//! "Delete my account" (issue 21, section 3): behind step-up; deletes the
//! account at the provider through its Management API, ends every session,
//! erases the customer's data and keeps their orders without the address.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{ADA, Browser, TestApp, location, spawn_app};

async fn signed_in(app: &TestApp, browser: &Browser) -> bool {
    let user: Value = app.call(browser, "/api/current_user", &[]).await.json().await.unwrap();
    user.get("subject").is_some()
}

async fn state(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT state FROM customers WHERE subject = 'user-0001'")
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

async fn ada(app: &TestApp) -> Browser {
    let browser = Browser::new();
    app.sign_in(&browser, "/sign-in").await;
    assert!(signed_in(app, &browser).await);
    browser
}

#[tokio::test(flavor = "multi_thread")]
async fn a_customer_deletes_their_account_everywhere() {
    let app = spawn_app().await;
    let laptop = ada(&app).await;
    let phone = ada(&app).await;
    app.add_to_cart(&laptop, "Pride and Prejudice").await;
    assert_eq!(app.place_order(&laptop, None).await.status(), StatusCode::OK);

    let response = app.call(&laptop, "/api/delete_account", &[("understood", "on")]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(location(&response), "/account/deleted");
    assert!(
        !signed_in(&app, &laptop).await && !signed_in(&app, &phone).await,
        "signed out on every device"
    );
    assert_eq!(state(&app).await, "deleted");
    let (name, street): (String, String) =
        sqlx::query_as("SELECT ship_name, ship_street FROM orders WHERE subject = 'user-0001'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), street.as_str()),
        ("", ""),
        "the order kept without the address"
    );

    // Gone at the provider too: the password no longer signs anyone in.
    let browser = Browser::new();
    let auth_url = app.start_sign_in(&browser, "/sign-in").await;
    let mut next = url::Url::parse(&auth_url).unwrap();
    while !next.path().starts_with("/interaction/") {
        let response = browser.client.get(next.clone()).send().await.unwrap();
        next = next.join(&location(&response)).unwrap();
    }
    let refused = browser
        .client
        .post(next.join(&format!("{}/login", next.path())).unwrap())
        .form(&[("identifier", ADA.0), ("password", ADA.1)])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_old_sign_in_confirms_who_it_is_before_anything_is_deleted() {
    let app = spawn_app().await;
    let browser = ada(&app).await;
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, data FROM sessions")
        .fetch_all(&app.state.db)
        .await
        .unwrap();
    let (id, data) = &rows[0];
    let mut data: Value = serde_json::from_str(data).unwrap();
    data["auth.signed_in"]["authenticated_at"] = Value::from(chrono::Utc::now().timestamp() - 3600);
    sqlx::query("UPDATE sessions SET data = $1 WHERE id = $2")
        .bind(data.to_string())
        .bind(id)
        .execute(&app.state.db)
        .await
        .unwrap();

    let response = app.call(&browser, "/api/delete_account", &[("understood", "on")]).await;
    let provider = location(&response);
    assert!(provider.starts_with(&app.idp.origin), "{provider}");
    assert!(provider.contains("max_age=0"), "{provider}");
    assert!(signed_in(&app, &browser).await, "nothing deleted yet");
    assert_eq!(state(&app).await, "active");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_the_confirmation_nothing_happens() {
    let app = spawn_app().await;
    let browser = ada(&app).await;
    let response = app.call(&browser, "/api/delete_account", &[]).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(signed_in(&app, &browser).await);
    assert_eq!(state(&app).await, "active");
}
