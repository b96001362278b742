use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_redirects_with_pkce_state_nonce_and_logto_parameters() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let response = browser.get(&app.url("/sign-in")).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    // The attempt waits in the browser, sealed; nothing is stored here.
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    let cookie = &cookies[0];
    assert!(cookie.starts_with("bookstore.attempt."), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain http must not set Secure: {cookie}");
    assert!(
        cookie.contains("Max-Age=900"),
        "as long as an attempt may take: {cookie}"
    );
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(stored, 0, "starting a sign-in stores no session");

    let auth_url = location(&response);
    assert!(
        auth_url.starts_with(&format!("{}/oidc/auth?", app.idp.origin)),
        "{auth_url}"
    );
    assert_eq!(param(&auth_url, "response_type").as_deref(), Some("code"));
    assert_eq!(param(&auth_url, "client_id").as_deref(), Some(CLIENT_ID));
    assert_eq!(param(&auth_url, "redirect_uri"), Some(app.url("/callback")));
    assert_eq!(
        param(&auth_url, "scope").as_deref(),
        Some(&*format!(
            "openid offline_access profile {}",
            bookstore::config::DEV_SCOPES
        ))
    );
    let resources: Vec<String> = query(&auth_url)
        .into_iter()
        .filter(|(k, _)| k == "resource")
        .map(|(_, v)| v)
        .collect();
    assert_eq!(
        resources,
        ["https://api.bookstore.test", "urn:logto:resource:organizations"]
    );
    assert_eq!(param(&auth_url, "prompt").as_deref(), Some("consent"));
    assert_eq!(param(&auth_url, "code_challenge_method").as_deref(), Some("S256"));
    assert_eq!(param(&auth_url, "code_challenge").map(|c| c.len()), Some(43));
    assert!(param(&auth_url, "state").is_some_and(|s| s.len() >= 16));
    assert!(param(&auth_url, "nonce").is_some_and(|s| s.len() >= 16));
    assert_eq!(param(&auth_url, "first_screen"), None);
    assert_eq!(query(&auth_url).iter().filter(|(k, _)| k == "scope").count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_provider_is_asked_to_speak_the_visitors_language() {
    let app = spawn_app().await;
    let browser = Browser::new();
    assert_eq!(
        param(&app.start_sign_in(&browser, "/sign-in").await, "ui_locales").as_deref(),
        Some("en"),
        "English without a preference"
    );
    let response = browser
        .client
        .get(app.url("/sign-in"))
        .header("accept-language", "ja-JP,ja;q=0.9,en;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(param(&location(&response), "ui_locales").as_deref(), Some("ja"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_attempt_gets_its_own_state_nonce_and_verifier() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let first = app.start_sign_in(&browser, "/sign-in").await;
    let second = app.start_sign_in(&browser, "/sign-in").await;
    for name in ["state", "nonce", "code_challenge"] {
        assert_ne!(param(&first, name), param(&second, name), "{name} reused");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_asks_for_the_registration_screen_first() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let auth_url = app.start_sign_in(&browser, "/sign-up").await;
    assert_eq!(param(&auth_url, "first_screen").as_deref(), Some("register"));
    assert_eq!(param(&auth_url, "interaction_mode").as_deref(), Some("signUp"));
    // The new reader registers and comes back signed in with their new account.
    let callback = app.register_at_provider(&browser, &auth_url, "new_reader").await;
    assert_eq!(browser.get(&callback).await.status(), StatusCode::FOUND);
    let home = body(browser.get(&app.url("/")).await).await;
    assert!(home.contains("new_reader"), "{home}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configured_scopes_resources_and_prompt_are_sent() {
    let app = spawn_app_with(SpawnOptions {
        extra_env: vec![
            ("LOGTO_SCOPES", "email openid".into()),
            ("LOGTO_RESOURCES", "https://api.bookstore.test".into()),
            ("LOGTO_PROMPT", "login consent".into()),
        ],
        ..Default::default()
    })
    .await;
    let auth_url = app.start_sign_in(&Browser::new(), "/sign-in").await;
    assert_eq!(
        param(&auth_url, "scope").as_deref(),
        Some("openid offline_access profile email")
    );
    assert_eq!(
        param(&auth_url, "resource").as_deref(),
        Some("https://api.bookstore.test")
    );
    assert_eq!(param(&auth_url, "prompt").as_deref(), Some("login consent"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_sign_in_renews_the_session_and_keeps_tokens_on_the_server() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let auth_url = app.start_sign_in(&browser, "/sign-in?return_to=/account").await;
    // A visitor with a cart has a session before signing in; it is renewed.
    app.add_to_cart(&browser, "Pride and Prejudice").await;
    let before = browser.session_cookie(&app.origin).expect("the visitor's session");
    let callback = app.log_in_at_provider(&browser, &auth_url, ADA.0, ADA.1).await;
    assert_eq!(param(&callback, "iss"), Some(format!("{}/oidc", app.idp.origin)));

    let response = browser.get(&callback).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(location(&response), "/account");
    let set: Vec<&str> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    let session = set
        .iter()
        .find(|c| c.starts_with("bookstore.sid="))
        .expect("the new session's cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );
    assert!(session.contains("Max-Age=1209600"), "a 14-day idle expiry: {session}");
    assert!(
        set.iter()
            .any(|c| c.starts_with("bookstore.attempt.") && c.contains("Max-Age=0")),
        "the used attempt is deleted: {set:?}"
    );
    let after = browser.session_cookie(&app.origin).unwrap();
    assert_ne!(before, after, "the session id must change at sign-in");

    let home = body(browser.get(&app.url("/")).await).await;
    assert!(
        home.contains("Signed in as <strong data-testid=\"user-name\">Ada Lovelace</strong>"),
        "{home}"
    );
    let account = body(browser.get(&app.url("/account")).await).await;
    assert!(account.contains("Ada Lovelace"));

    let stored = app.stored_sign_in(&browser).await.expect("tokens stored server-side");
    assert_eq!(stored.user.subject, "user-0001");
    assert!(
        stored.tokens.refresh_token.is_some(),
        "offline_access + consent gives a refresh token"
    );
    for page in [&home, &account] {
        assert!(!page.contains(&stored.tokens.id_token), "ID token leaked into a page");
        assert!(
            !page.contains(&stored.tokens.access_token),
            "access token leaked into a page"
        );
        assert!(
            !page.contains(stored.tokens.refresh_token.as_deref().unwrap()),
            "refresh token leaked"
        );
    }
    let api = browser
        .client
        .post(app.url("/api/current_user"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    let json = api.text().await.unwrap();
    assert!(
        json.contains("Ada Lovelace") && !json.contains(&stored.tokens.id_token),
        "{json}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rs256_providers_work_too() {
    let app = spawn_app_with(SpawnOptions {
        signing_alg: Some("RS256"),
        ..Default::default()
    })
    .await;
    let browser = Browser::new();
    let response = app.sign_in(&browser, "/sign-in").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert!(app.stored_sign_in(&browser).await.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_and_keys_are_fetched_once_for_many_sign_ins() {
    let app = spawn_app().await;
    for _ in 0..3 {
        let response = app.sign_in(&Browser::new(), "/sign-in").await;
        assert_eq!(response.status(), StatusCode::FOUND);
    }
    assert_eq!(app.state.auth.providers.get("logto").unwrap().oidc.fetch_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_return_to_is_replaced_by_the_home_page() {
    let app = spawn_app().await;
    let response = app
        .sign_in(&Browser::new(), "/sign-in?return_to=https://evil.example/")
        .await;
    assert_eq!(location(&response), "/");
    let response = app.sign_in(&Browser::new(), "/sign-in?return_to=//evil.example/").await;
    assert_eq!(location(&response), "/");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_signing_in_at_once_both_succeed() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let tab_a = app.start_sign_in(&browser, "/sign-in?return_to=/account").await;
    let tab_b = app.start_sign_in(&browser, "/sign-in").await;
    let callback_a = app.log_in_at_provider(&browser, &tab_a, ADA.0, ADA.1).await;
    let callback_b = app.log_in_at_provider(&browser, &tab_b, ADA.0, ADA.1).await;
    let a = browser.get(&callback_a).await;
    assert_eq!((a.status(), location(&a)), (StatusCode::FOUND, "/account".into()));
    let b = browser.get(&callback_b).await;
    assert_eq!((b.status(), location(&b)), (StatusCode::FOUND, "/".into()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_keeps_people_signed_in() {
    let app = spawn_app().await;
    let browser = Browser::new();
    app.sign_in(&browser, "/sign-in").await;
    // A second server on the same database: cookies are per host, not per port.
    let restarted = spawn_app_with(SpawnOptions {
        dir: Some(app.dir.clone()),
        ..Default::default()
    })
    .await;
    let home = body(browser.get(&restarted.url("/")).await).await;
    assert!(home.contains("Signed in as"), "{home}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_sends_signed_out_visitors_to_sign_in_and_back() {
    let app = spawn_app().await;
    let response = Browser::new().get(&app.url("/account")).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(location(&response), "/sign-in?return_to=/account");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_public_urls_make_the_cookie_secure() {
    let app = spawn_app_with(SpawnOptions {
        public_scheme_https: true,
        ..Default::default()
    })
    .await;
    // The server itself speaks http here; only the cookie attributes matter.
    let set_cookie = |response: &reqwest::Response| -> String {
        response
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string()
    };
    // `__Host-`: only this host, over https, for the whole site.
    let attempt = set_cookie(
        &Browser::new()
            .get(&app.url("/sign-in").replace("https://", "http://"))
            .await,
    );
    assert!(attempt.starts_with("__Host-bookstore.attempt."), "{attempt}");
    assert!(
        attempt.contains("Secure") && attempt.contains("Path=/") && !attempt.contains("Domain"),
        "{attempt}"
    );
    // A visitor's first session (a cart).
    let id = app.book_id("Pride and Prejudice").await.to_string();
    let cart = Browser::new()
        .client
        .post(app.url("/api/add_to_cart").replace("https://", "http://"))
        .header("accept", "application/json")
        .form(&[("book_id", id.as_str())])
        .send()
        .await
        .unwrap();
    let cookie = set_cookie(&cart);
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(cookie.starts_with("__Host-bookstore.sid="), "{cookie}");
    assert!(cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
}
