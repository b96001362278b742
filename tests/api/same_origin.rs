//! State changes only from the app's own pages: a sibling site (another
//! subdomain or port, which browsers treat as same-site) is refused.

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, ORIGIN};

use crate::helpers::{Browser, TestApp, body, spawn_app};

async fn post_from(
    app: &TestApp,
    browser: &Browser,
    path: &str,
    form: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = browser
        .client
        .post(app.url(path))
        .header(ACCEPT, "application/json")
        .form(form);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn cross_origin_state_changes_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let browser = Browser::new();
    app.sign_in(&browser, "/sign-in").await;
    let book = app.book_id("Emma").await.to_string();
    let add = [("book_id", book.as_str())];
    let sibling = format!("http://shop.localhost:{}", app.origin.rsplit(':').next().unwrap());
    for headers in [
        vec![(ORIGIN.as_str(), "https://evil.example")],
        vec![(ORIGIN.as_str(), sibling.as_str())],
        vec![(ORIGIN.as_str(), "null")],
        vec![("sec-fetch-site", "same-site")],
        vec![("referer", "https://evil.example/page")],
    ] {
        let refused = post_from(&app, &browser, "/api/add_to_cart", &add, &headers).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{headers:?}");
        assert!(body(refused).await.contains("did not come from the bookstore"));
        // A forced sign-out from a sibling site is refused too.
        let sign_out = post_from(&app, &browser, "/sign-out", &[], &headers).await;
        assert_eq!(sign_out.status(), StatusCode::FORBIDDEN, "{headers:?}");
        // So is a language switch forced from a sibling site.
        let switch = post_from(
            &app,
            &browser,
            "/language",
            &[("to", "ja"), ("return_to", "/")],
            &headers,
        )
        .await;
        assert_eq!(switch.status(), StatusCode::FORBIDDEN, "{headers:?}");
        assert!(
            switch.headers().get(reqwest::header::SET_COOKIE).is_none(),
            "no choice was kept"
        );
    }
    let cart: serde_json::Value = app.call(&browser, "/api/cart", &[]).await.json().await.unwrap();
    assert_eq!(cart["lines"], serde_json::json!([]), "nothing was added");
    let user: serde_json::Value = app.call(&browser, "/api/current_user", &[]).await.json().await.unwrap();
    assert!(user.is_object(), "still signed in: {user}");

    // The app's own pages, and callers with no browser context, go through.
    let own = post_from(
        &app,
        &browser,
        "/api/add_to_cart",
        &add,
        &[(ORIGIN.as_str(), app.origin.as_str())],
    )
    .await;
    assert_eq!(own.status(), StatusCode::OK);
    let same = post_from(
        &app,
        &browser,
        "/api/add_to_cart",
        &add,
        &[("sec-fetch-site", "same-origin")],
    )
    .await;
    assert_eq!(same.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_provider_facing_endpoints_stay_open_to_the_provider() {
    let app = spawn_app().await;
    let provider = app.idp.origin.as_str();
    let client = reqwest::Client::new();
    // The back-channel logout endpoint answers the provider (here: a bad token, 400, not 403).
    let response = client
        .post(app.url("/backchannel-logout"))
        .header(ORIGIN, provider)
        .form(&[("logout_token", "x.y.z")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    // The form_post answer is relayed, not refused.
    let response = client
        .post(app.url("/callback"))
        .header(ORIGIN, provider)
        .form(&[("code", "c"), ("state", "s")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}
