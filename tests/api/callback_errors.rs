//! Every way a callback can be wrong: each answers a clear page with a 4xx/5xx
//! status and leaves the visitor signed out.

use reqwest::StatusCode;

use crate::helpers::*;

async fn expect_failure(
    app: &TestApp,
    browser: &Browser,
    url: &str,
    status: StatusCode,
    text: &str,
) {
    let response = browser.get(url).await;
    assert_eq!(response.status(), status, "{url}");
    let page = body(response).await;
    assert!(
        page.contains(text),
        "expected {text:?} in the page for {url}"
    );
    assert!(page.contains("href=\"/sign-in\""), "a way to try again");
    assert!(
        app.stored_sign_in(browser).await.is_none(),
        "never half signed in"
    );
}

fn issuer(app: &TestApp) -> String {
    format!("{}/oidc", app.idp.origin)
}

#[tokio::test]
async fn a_cancelled_sign_in_says_so() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let auth_url = app.start_sign_in(&browser, "/sign-in").await;
    let state = param(&auth_url, "state").unwrap();
    let url = reqwest::Url::parse_with_params(
        &app.url("/callback"),
        &[
            ("error", "access_denied"),
            ("error_description", "The user cancelled"),
            ("state", &state),
            ("iss", &issuer(&app)),
        ],
    )
    .unwrap();
    expect_failure(
        &app,
        &browser,
        url.as_str(),
        StatusCode::BAD_REQUEST,
        "Sign-in was cancelled",
    )
    .await;
}

#[tokio::test]
async fn other_provider_errors_show_the_error_code() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let auth_url = app.start_sign_in(&browser, "/sign-in").await;
    let state = param(&auth_url, "state").unwrap();
    let url = reqwest::Url::parse_with_params(
        &app.url("/callback"),
        &[
            ("error", "temporarily_unavailable"),
            ("state", &state),
            ("iss", &issuer(&app)),
        ],
    )
    .unwrap();
    expect_failure(
        &app,
        &browser,
        url.as_str(),
        StatusCode::BAD_REQUEST,
        "temporarily_unavailable",
    )
    .await;
}

#[tokio::test]
async fn a_missing_state_is_refused() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let auth_url = app.start_sign_in(&browser, "/sign-in").await;
    let callback = app
        .log_in_at_provider(&browser, &auth_url, ADA.0, ADA.1)
        .await;
    let without_state: Vec<(String, String)> = query(&callback)
        .into_iter()
        .filter(|(k, _)| k != "state")
        .collect();
    let url = reqwest::Url::parse_with_params(&app.url("/callback"), &without_state).unwrap();
    expect_failure(
        &app,
        &browser,
        url.as_str(),
        StatusCode::BAD_REQUEST,
        "missing part of the sign-in answer",
    )
    .await;
}

#[tokio::test]
async fn a_state_from_another_browser_is_refused() {
    let app = spawn_app().await;
    let victim = Browser::new();
    let auth_url = app.start_sign_in(&victim, "/sign-in").await;
    let callback = app
        .log_in_at_provider(&victim, &auth_url, ADA.0, ADA.1)
        .await;
    // Login CSRF: the attacker's own valid callback URL, opened in the victim's browser.
    let attacker = Browser::new();
    expect_failure(
        &app,
        &attacker,
        &callback,
        StatusCode::BAD_REQUEST,
        "expired or was already used",
    )
    .await;
}

#[tokio::test]
async fn a_replayed_callback_is_refused() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let auth_url = app.start_sign_in(&browser, "/sign-in").await;
    let callback = app
        .log_in_at_provider(&browser, &auth_url, ADA.0, ADA.1)
        .await;
    assert_eq!(browser.get(&callback).await.status(), StatusCode::FOUND);
    let replay = browser.get(&callback).await;
    assert_eq!(replay.status(), StatusCode::BAD_REQUEST);
    assert!(body(replay).await.contains("expired or was already used"));
}

#[tokio::test]
async fn an_answer_from_another_issuer_is_refused() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let auth_url = app.start_sign_in(&browser, "/sign-in").await;
    let callback = app
        .log_in_at_provider(&browser, &auth_url, ADA.0, ADA.1)
        .await;
    let mixed_up: Vec<(String, String)> = query(&callback)
        .into_iter()
        .map(|(k, v)| {
            if k == "iss" {
                (k, "https://evil.example/oidc".to_string())
            } else {
                (k, v)
            }
        })
        .collect();
    let url = reqwest::Url::parse_with_params(&app.url("/callback"), &mixed_up).unwrap();
    expect_failure(
        &app,
        &browser,
        url.as_str(),
        StatusCode::BAD_REQUEST,
        "wrong service",
    )
    .await;
}

#[tokio::test]
async fn a_missing_iss_is_refused_because_the_provider_always_sends_it() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let auth_url = app.start_sign_in(&browser, "/sign-in").await;
    let callback = app
        .log_in_at_provider(&browser, &auth_url, ADA.0, ADA.1)
        .await;
    let without_iss: Vec<(String, String)> = query(&callback)
        .into_iter()
        .filter(|(k, _)| k != "iss")
        .collect();
    let url = reqwest::Url::parse_with_params(&app.url("/callback"), &without_iss).unwrap();
    expect_failure(
        &app,
        &browser,
        url.as_str(),
        StatusCode::BAD_REQUEST,
        "wrong service",
    )
    .await;
}

#[tokio::test]
async fn a_code_the_provider_refuses_is_reported_with_its_error() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let auth_url = app.start_sign_in(&browser, "/sign-in").await;
    let callback = app
        .log_in_at_provider(&browser, &auth_url, ADA.0, ADA.1)
        .await;
    let forged: Vec<(String, String)> = query(&callback)
        .into_iter()
        .map(|(k, v)| {
            if k == "code" {
                (k, "not-a-real-code".to_string())
            } else {
                (k, v)
            }
        })
        .collect();
    let url = reqwest::Url::parse_with_params(&app.url("/callback"), &forged).unwrap();
    expect_failure(
        &app,
        &browser,
        url.as_str(),
        StatusCode::BAD_GATEWAY,
        "invalid_grant",
    )
    .await;
}

#[tokio::test]
async fn a_callback_without_code_is_refused() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let auth_url = app.start_sign_in(&browser, "/sign-in").await;
    let state = param(&auth_url, "state").unwrap();
    let url = reqwest::Url::parse_with_params(
        &app.url("/callback"),
        &[("state", state), ("iss", issuer(&app))],
    )
    .unwrap();
    expect_failure(
        &app,
        &browser,
        url.as_str(),
        StatusCode::BAD_REQUEST,
        "missing part of the sign-in answer",
    )
    .await;
}
