//! Every way a callback can be wrong: each answers a clear page with a 4xx/5xx
//! status and leaves the visitor signed out.

use reqwest::StatusCode;

use crate::helpers::*;

async fn expect_failure(app: &TestApp, browser: &Browser, url: &str, status: StatusCode, text: &str) {
    let response = browser.get_failure(url).await;
    assert_eq!(response.status(), status, "{url}");
    let page = body(response).await;
    assert!(page.contains(text), "expected {text:?} in the page for {url}");
    assert!(page.contains("href=\"/sign-in\""), "a way to try again");
    assert!(app.stored_sign_in(browser).await.is_none(), "never half signed in");
}

/// A callback the provider did not send: a pending attempt's state plus `pairs`.
async fn crafted_callback(app: &TestApp, browser: &Browser, pairs: &[(&str, &str)]) -> String {
    let auth_url = app.start_sign_in(browser, "/sign-in").await;
    let state = param(&auth_url, "state").unwrap();
    let issuer = format!("{}/oidc", app.idp.origin);
    let mut all = vec![("state", state.as_str()), ("iss", issuer.as_str())];
    all.extend_from_slice(pairs);
    reqwest::Url::parse_with_params(&app.url("/callback"), &all)
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_sign_in_says_so() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let url = crafted_callback(
        &app,
        &browser,
        &[("error", "access_denied"), ("error_description", "cancelled")],
    )
    .await;
    expect_failure(&app, &browser, &url, StatusCode::BAD_REQUEST, "Sign-in was cancelled").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_provider_errors_show_the_error_code() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let url = crafted_callback(&app, &browser, &[("error", "temporarily_unavailable")]).await;
    expect_failure(&app, &browser, &url, StatusCode::BAD_REQUEST, "temporarily_unavailable").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_without_code_is_refused() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let url = crafted_callback(&app, &browser, &[]).await;
    expect_failure(
        &app,
        &browser,
        &url,
        StatusCode::BAD_REQUEST,
        "missing part of the sign-in answer",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_state_is_refused() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let callback = app.provider_callback(&browser).await;
    let url = with_param(&callback, "state", None);
    expect_failure(
        &app,
        &browser,
        &url,
        StatusCode::BAD_REQUEST,
        "missing part of the sign-in answer",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_state_from_another_browser_is_refused() {
    let app = spawn_app().await;
    // Login CSRF: the attacker's own valid callback URL, opened in the victim's browser.
    let callback = app.provider_callback(&Browser::new()).await;
    let victim = Browser::new();
    expect_failure(
        &app,
        &victim,
        &callback,
        StatusCode::BAD_REQUEST,
        "expired or was already used",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_callback_is_refused() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let callback = app.provider_callback(&browser).await;
    assert_eq!(browser.get(&callback).await.status(), StatusCode::FOUND);
    let replay = browser.get_failure(&callback).await;
    assert_eq!(replay.status(), StatusCode::BAD_REQUEST);
    assert!(body(replay).await.contains("expired or was already used"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_from_another_issuer_is_refused() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let callback = app.provider_callback(&browser).await;
    let url = with_param(&callback, "iss", Some("https://evil.example/oidc"));
    expect_failure(&app, &browser, &url, StatusCode::BAD_REQUEST, "wrong service").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_iss_is_refused_because_the_provider_always_sends_it() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let callback = app.provider_callback(&browser).await;
    let url = with_param(&callback, "iss", None);
    expect_failure(&app, &browser, &url, StatusCode::BAD_REQUEST, "wrong service").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_the_provider_refuses_is_reported_with_its_error() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let callback = app.provider_callback(&browser).await;
    let url = with_param(&callback, "code", Some("not-a-real-code"));
    expect_failure(&app, &browser, &url, StatusCode::BAD_GATEWAY, "invalid_grant").await;
}

/// A callback whose query does not decode fails before the server function
/// can redirect: it goes to the failure page like any other failure, never
/// back to the `Referer`, which at the callback is the provider.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undecodable_callback_goes_to_the_failure_page_not_back_to_the_provider() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let response = browser
        .client
        .get(app.url("/callback?state[x]=1&code=c"))
        .header("referer", format!("{}/oidc/auth", app.idp.origin))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(response.headers()["location"], "/callback/failed?reason=malformed");
    let page = browser.get(&app.url("/callback/failed?reason=malformed")).await;
    assert_eq!(page.status(), StatusCode::BAD_REQUEST);
    assert!(body(page).await.contains("This sign-in link is not valid"));
    assert!(app.stored_sign_in(&browser).await.is_none());
}
