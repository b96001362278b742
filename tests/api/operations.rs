//! Operations: metrics, and the provider being down or hung.

use reqwest::{Client, StatusCode};

use crate::helpers::{Browser, GRACE, SpawnOptions, body, spawn_app, spawn_app_with};

async fn metrics(url: &str, token: Option<&str>) -> (StatusCode, String) {
    let mut request = Client::new().get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_count_sign_ins_requests_and_sessions() {
    let app = spawn_app_with(SpawnOptions {
        extra_env: vec![("BOOKSTORE_METRICS_TOKEN", "scrape-secret".into())],
        ..SpawnOptions::default()
    })
    .await;
    let browser = Browser::new();
    app.sign_in(&browser, "/sign-in").await;
    // A callback nobody started: a failure by reason.
    browser.get(&app.url("/callback?code=x&state=forged")).await;
    browser.get(&app.url("/books/999999")).await;
    let (status, text) = metrics(&app.url("/metrics"), Some("scrape-secret")).await;
    assert_eq!(status, StatusCode::OK);
    for line in [
        "bookstore_sign_ins_started_total 1",
        "bookstore_sign_ins_completed_total 1",
        "bookstore_sign_ins_failed_total{reason=\"unknown_state\"} 1",
        "bookstore_callback_duration_seconds_count 2",
        "bookstore_http_requests_total{route=\"/books/{id}\",status=\"404\"} 1",
        "bookstore_provider_metadata_fetches_total{provider=\"logto\"} 1",
        "bookstore_sessions 1",
        "bookstore_mail_pending 0",
        "bookstore_mail_failed 0",
    ] {
        assert!(text.lines().any(|l| l == line), "missing {line} in\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_are_closed_without_a_token() {
    let app = spawn_app().await;
    let (status, text) = metrics(&app.url("/metrics"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!text.contains("bookstore_"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_can_require_a_token() {
    let app = spawn_app_with(SpawnOptions {
        extra_env: vec![("BOOKSTORE_METRICS_TOKEN", "scrape-secret".into())],
        ..SpawnOptions::default()
    })
    .await;
    assert_eq!(metrics(&app.url("/metrics"), None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        metrics(&app.url("/metrics"), Some("wrong")).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        metrics(&app.url("/metrics"), Some("scrape-secret")).await.0,
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_shop_works_while_the_provider_is_down_and_sign_in_recovers_by_itself() {
    let mut app = spawn_app_with(SpawnOptions {
        provider_down: true,
        ..SpawnOptions::default()
    })
    .await;
    let browser = Browser::new();
    assert_eq!(
        browser.get(&app.url("/books?q=whale")).await.status(),
        StatusCode::OK,
        "the catalog works"
    );
    let page = browser.get_failure(&app.url("/sign-in")).await;
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        body(page)
            .await
            .contains("Sign-in is unavailable right now. Please try again shortly.")
    );
    let ready = Client::new().get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(ready.text().await.unwrap().contains("\"logto\":\"unavailable\""));

    app.idp.restart().await;
    let response = app.sign_in(&browser, "/sign-in").await;
    assert_eq!(
        response.status(),
        StatusCode::FOUND,
        "signed in once the provider is back"
    );
    assert!(app.stored_sign_in(&browser).await.is_some());
    assert_eq!(
        Client::new().get(app.url("/readyz")).send().await.unwrap().status(),
        StatusCode::OK
    );
}

/// A provider that hangs (accepts connections, never answers): every call
/// gives up after the configured timeout, the callback answers 503 without
/// signing anyone in, sign-out still ends the local session, the shop keeps
/// working, and sign-in works again once the provider answers.
#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_provider_times_out_cleanly_and_sign_in_recovers() {
    let app = spawn_app_with(SpawnOptions {
        extra_env: vec![
            ("BOOKSTORE_HTTP_CONNECT_TIMEOUT_SECS", "1".into()),
            ("BOOKSTORE_HTTP_TIMEOUT_SECS", "2".into()),
        ],
        ..SpawnOptions::default()
    })
    .await;
    let signed_in = Browser::new();
    app.sign_in_as(&signed_in, "/sign-in", GRACE).await;
    let browser = Browser::new();
    let callback = app.provider_callback(&browser).await;

    app.idp.pause();
    let started = std::time::Instant::now();
    let response = browser.get_failure(&callback).await;
    let waited = started.elapsed();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        body(response)
            .await
            .contains("Sign-in is unavailable right now. Please try again shortly.")
    );
    assert!(waited < std::time::Duration::from_secs(6), "gave up after {waited:?}");
    assert!(app.stored_sign_in(&browser).await.is_none(), "nobody half signed in");
    assert_eq!(
        browser.get(&app.url("/books?q=whale")).await.status(),
        StatusCode::OK,
        "the catalog works"
    );
    let started = std::time::Instant::now();
    let response = signed_in.client.post(app.url("/sign-out")).send().await.unwrap();
    assert_eq!(
        response.status(),
        StatusCode::FOUND,
        "sign-out does not wait for the provider"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(6));
    assert!(app.stored_sign_in(&signed_in).await.is_none(), "signed out here");

    app.idp.resume();
    let response = app.sign_in(&browser, "/sign-in").await;
    assert_eq!(
        response.status(),
        StatusCode::FOUND,
        "signed in once the provider answers"
    );
    assert!(app.stored_sign_in(&browser).await.is_some());
}
