//! Step-up before an order (issue 21, section 2): a sign-in older than
//! `BOOKSTORE_STEP_UP_AGE` confirms who it is at the provider (`prompt=login`,
//! `max_age=0`) and comes back to the checkout with its form; the answer must
//! carry a fresh `auth_time` and name the same customer; whatever happens the
//! customer stays signed in and nothing is ordered behind their back.

use reqwest::StatusCode;
use serde_json::Value;
use url::Url;

use crate::helpers::{
    ADA, ADDRESS, Browser, GRACE, SpawnOptions, TestApp, finish_at_provider, location, spawn_app, spawn_app_with,
};

pub(crate) async fn json(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: not JSON: {text}"))
}

/// Makes the signed-in customer's authentication `seconds` old, as if they
/// had signed in that long ago (the session's JSON in the sessions table).
pub(crate) async fn age_sign_in(app: &TestApp, seconds: i64) {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, data FROM sessions")
        .fetch_all(&app.state.db)
        .await
        .unwrap();
    let mut aged = 0;
    for (id, data) in rows {
        let mut data: Value = serde_json::from_str(&data).unwrap();
        let Some(signed_in) = data.get_mut("auth.signed_in") else {
            continue;
        };
        let now = chrono::Utc::now().timestamp();
        signed_in["authenticated_at"] = Value::from(now - seconds);
        sqlx::query("UPDATE sessions SET data = $1 WHERE id = $2")
            .bind(data.to_string())
            .bind(&id)
            .execute(&app.state.db)
            .await
            .unwrap();
        aged += 1;
    }
    assert_eq!(aged, 1, "one signed-in session to age");
}

/// Ada, signed in an hour ago, with a book in her cart.
async fn ada_an_hour_ago(app: &TestApp) -> Browser {
    let browser = Browser::new();
    assert_eq!(app.sign_in(&browser, "/sign-in").await.status(), StatusCode::FOUND);
    app.add_to_cart(&browser, "Pride and Prejudice").await;
    age_sign_in(app, 3600).await;
    browser
}

async fn orders(app: &TestApp, browser: &Browser) -> usize {
    json(app.call(browser, "/api/orders", &[]).await)
        .await
        .as_array()
        .unwrap()
        .len()
}

/// Places the order; returns where the app sends the browser.
async fn place(app: &TestApp, browser: &Browser) -> String {
    let response = app.place_order(browser, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    location(&response)
}

pub(crate) fn param(url: &str, name: &str) -> Option<String> {
    Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

async fn signed_in_as(app: &TestApp, browser: &Browser) -> Option<String> {
    let user = json(app.call(browser, "/api/current_user", &[]).await).await;
    user["subject"]
        .as_str()
        .map(|_| user["name"].as_str().unwrap_or_default().to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_old_sign_in_confirms_who_it_is_and_comes_back_to_its_filled_checkout() {
    let app = spawn_app().await;
    let browser = ada_an_hour_ago(&app).await;

    let provider = place(&app, &browser).await;
    assert!(
        provider.starts_with(&app.idp.origin),
        "to the provider first: {provider}"
    );
    assert_eq!(param(&provider, "prompt").as_deref(), Some("login consent"));
    assert_eq!(param(&provider, "max_age").as_deref(), Some("0"));
    assert_eq!(param(&provider, "login_hint").as_deref(), Some("ada"));
    assert_eq!(orders(&app, &browser).await, 0, "nothing ordered before she confirms");

    // She types her password again (prompt=login: no silent sign-in).
    let callback = app.log_in_at_provider(&browser, &provider, ADA.0, ADA.1).await;
    let back = browser.get(&callback).await;
    assert_eq!(back.status(), StatusCode::FOUND);
    assert_eq!(location(&back), "/checkout");

    let checkout = json(app.call(&browser, "/api/checkout", &[]).await).await;
    assert_eq!(checkout["resumed"], true);
    for (field, value) in ADDRESS {
        assert_eq!(checkout["shipping"][field], value, "{field} as she typed it");
    }
    assert_eq!(
        checkout["cart"]["lines"].as_array().unwrap().len(),
        1,
        "the cart is intact"
    );
    let placed = place(&app, &browser).await;
    assert!(placed.starts_with("/orders/"), "{placed}");
    assert_eq!(orders(&app, &browser).await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fresh_sign_in_orders_at_once() {
    let app = spawn_app().await;
    let browser = Browser::new();
    app.sign_in(&browser, "/sign-in").await;
    app.add_to_cart(&browser, "Pride and Prejudice").await;
    assert!(place(&app, &browser).await.starts_with("/orders/"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_order_below_the_configured_amount_does_not_ask() {
    let app = spawn_app_with(SpawnOptions {
        extra_env: vec![("BOOKSTORE_STEP_UP_ORDER_ABOVE", "100".into())],
        ..SpawnOptions::default()
    })
    .await;
    let browser = ada_an_hour_ago(&app).await;
    assert!(place(&app, &browser).await.starts_with("/orders/"), "a $10.99 order");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_without_a_fresh_auth_time_is_refused() {
    let app = spawn_app().await;
    let browser = ada_an_hour_ago(&app).await;
    let provider = place(&app, &browser).await;
    // A provider that ignores prompt=login and max_age=0 answers from the
    // session it already has: no auth_time, or an old one.
    let mut lax = Url::parse(&provider).unwrap();
    let kept: Vec<(String, String)> = lax
        .query_pairs()
        .filter(|(k, _)| k != "prompt" && k != "max_age")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    lax.query_pairs_mut().clear().extend_pairs(kept);
    let mut next = lax;
    let callback = loop {
        let response = browser.client.get(next.clone()).send().await.unwrap();
        assert!(
            response.status().is_redirection(),
            "the provider signs her in silently: {next}"
        );
        next = next.join(&location(&response)).unwrap();
        if next.as_str().starts_with(&format!("{}/callback", app.origin)) {
            break next;
        }
    };
    let failed = location(&browser.get(callback.as_str()).await);
    assert!(
        failed.starts_with("/callback/failed?reason=invalid_response&step_up=1"),
        "{failed}"
    );
    assert_eq!(
        signed_in_as(&app, &browser).await.as_deref(),
        Some(ADA.2),
        "still signed in"
    );
    assert_eq!(orders(&app, &browser).await, 0);
    let page = browser.get(&app.url(&failed)).await;
    assert_eq!(page.status(), StatusCode::BAD_GATEWAY);
    let page = page.text().await.unwrap();
    assert!(
        page.contains("still signed in") && page.contains("href=\"/checkout\""),
        "{page}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn confirming_as_another_customer_signs_nobody_else_in() {
    let app = spawn_app().await;
    let browser = ada_an_hour_ago(&app).await;
    let provider = place(&app, &browser).await;
    // Grace types her password on Ada's step-up (in a browser where the
    // provider has no session: with one, the provider would end Ada's there
    // first, and its back-channel logout Ada's session here).
    let callback = app
        .log_in_at_provider(&Browser::new(), &provider, GRACE.0, GRACE.1)
        .await;
    let failed = location(&browser.get(&callback).await);
    assert!(
        failed.starts_with("/callback/failed?reason=not_the_same_customer&step_up=1"),
        "{failed}"
    );
    assert_eq!(browser.get(&app.url(&failed)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        signed_in_as(&app, &browser).await.as_deref(),
        Some(ADA.2),
        "Ada's session stays Ada's"
    );
    let orders: Vec<i64> = sqlx::query_scalar("SELECT id FROM orders")
        .fetch_all(&app.state.db)
        .await
        .unwrap();
    assert!(orders.is_empty(), "nothing ordered: {orders:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancelled_step_up_keeps_the_customer_signed_in_and_orders_nothing() {
    let app = spawn_app().await;
    let browser = ada_an_hour_ago(&app).await;
    let provider = place(&app, &browser).await;
    let callback = finish_at_provider(&browser, &app.origin, &provider, "abort", &[]).await;
    let failed = location(&browser.get(&callback).await);
    assert!(failed.starts_with("/callback/failed?reason=cancelled"), "{failed}");
    assert!(failed.contains("step_up=1&return_to=%2Fcheckout"), "{failed}");
    assert_eq!(signed_in_as(&app, &browser).await.as_deref(), Some(ADA.2));
    assert_eq!(orders(&app, &browser).await, 0);
    // Asked again, she can still confirm and order.
    let provider = place(&app, &browser).await;
    let callback = app.log_in_at_provider(&browser, &provider, ADA.0, ADA.1).await;
    browser.get(&callback).await;
    assert!(place(&app, &browser).await.starts_with("/orders/"));
}
