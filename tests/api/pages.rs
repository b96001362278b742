use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_is_complete_server_html_for_a_signed_out_visitor() {
    let app = spawn_app().await;
    let response = Browser::new().get(&app.url("/")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    let csp = headers["content-security-policy"].to_str().unwrap().to_string();
    let page = body(response).await;
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a script nonce");
    assert!(
        page.contains(&format!("<script nonce=\"{nonce}\">")),
        "inline scripts carry the policy's nonce"
    );
    assert!(csp.contains(&format!("form-action 'self' {}", app.idp.origin)), "{csp}");
    assert!(page.contains("You are not signed in."));
    assert!(page.contains(">Sign in</a>") && page.contains(">Create account</a>"));
    assert!(!page.contains("Checking sign-in"), "no loading fallback in server HTML");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_answer_404() {
    let app = spawn_app().await;
    let response = Browser::new().get(&app.url("/no-such-page")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(body(response).await.contains("We could not find that page"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_answers_503_while_the_provider_is_down() {
    let down = spawn_app_with(SpawnOptions {
        extra_env: vec![("LOGTO_ENDPOINT", "http://127.0.0.1:9".into())],
        ..Default::default()
    })
    .await;
    let response = Browser::new().get(&down.url("/sign-in")).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(body(response).await.contains("Sign-in is unavailable right now"));
    // The rest of the shop still works.
    assert_eq!(Browser::new().get(&down.url("/")).await.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_function_errors_carry_their_real_status() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let bad_arguments = client
        .post(app.url("/api/complete_sign_in"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("garbage=1")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_arguments.status(), StatusCode::BAD_REQUEST);
    assert!(bad_arguments.text().await.unwrap().contains("missing field"));
    let signed_out = client.post(app.url("/api/account_profile")).send().await.unwrap();
    assert_eq!(signed_out.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(signed_out.text().await.unwrap(), "\"Unauthorized\"");
}
