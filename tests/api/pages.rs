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
    // Kept for every visitor without a session: no per-response nonce; each
    // inline script is allowed by its hash, and nothing else inline is.
    assert!(!csp.contains("'nonce-"), "{csp}");
    let scripts = inline_scripts(&page);
    assert!(!scripts.is_empty(), "the hydration loader is inline");
    for script in scripts {
        assert!(
            csp.contains(&script_hash(&script)),
            "{script:?} is not allowed by {csp}"
        );
    }
    assert!(csp.contains(&format!("form-action 'self' {}", app.idp.origin)), "{csp}");
    assert!(page.contains("You are not signed in."));
    assert!(page.contains(">Sign in</a>") && page.contains(">Create account</a>"));
    assert!(!page.contains("Checking sign-in"), "no loading fallback in server HTML");
}

/// The contents of the page's inline scripts.
fn inline_scripts(page: &str) -> Vec<String> {
    page.split("<script")
        .skip(1)
        .filter_map(|rest| {
            let (tag, after) = rest.split_once('>')?;
            (!tag.contains(" src=")).then(|| after.split("</script>").next().unwrap_or("").to_string())
        })
        .collect()
}

fn script_hash(script: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(script.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_pages_are_rendered_once_for_visitors_without_a_session() {
    let app = spawn_app().await;
    let id = app.book_id("Pride and Prejudice").await;
    let url = app.url(&format!("/books/{id}"));
    let first = Browser::new().get(&url).await;
    let csp = first.headers()["content-security-policy"].clone();
    let first = body(first).await;
    let second = Browser::new().get(&url).await;
    assert_eq!(second.headers()["content-security-policy"], csp);
    assert_eq!(body(second).await, first, "the same bytes for the next visitor");
    // Compressed once, served as the client asks.
    let brotli = Browser::new()
        .client
        .get(&url)
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(brotli.headers()["content-encoding"], "br");
    assert_eq!(brotli.headers()["cache-control"], "no-store");

    // A signed-in visitor gets a render of their own, with a nonce.
    let ada = Browser::new();
    app.sign_in_as(&ada, "/sign-in", ADA).await;
    let own = ada.get(&url).await;
    let own_csp = own.headers()["content-security-policy"].to_str().unwrap().to_string();
    let own_page = body(own).await;
    assert!(own_csp.contains("'nonce-"), "{own_csp}");
    assert!(own_page.contains("Sign out"));

    // A staff edit shows at once to the next visitor without a session.
    let response = app
        .call(&ada, "/api/admin/set_stock", &[("id", &id.to_string()), ("stock", "0")])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let after = body(Browser::new().get(&url).await).await;
    assert_ne!(after, first);
    assert!(after.contains("Sold out"), "the kept page was replaced");
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
    let response = Browser::new().get_failure(&down.url("/sign-in")).await;
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
        .post(app.url("/api/admin/set_stock"))
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
