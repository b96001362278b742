//! Several identity providers side by side: the choice page, a discovery
//! provider with client_secret_post, and the mix-up defence between them.

use reqwest::StatusCode;

use crate::helpers::*;

async fn spawn_with_acme() -> TestApp {
    spawn_app_with(SpawnOptions {
        with_acme: true,
        ..Default::default()
    })
    .await
}

/// Signs in through Acme ID, whose client authenticates with `auth_method`,
/// and checks that the callback sends the visitor home.
async fn signed_in_with_acme_using(auth_method: &'static str) -> (TestApp, Browser) {
    let app = spawn_app_with(SpawnOptions {
        with_acme: true,
        acme_auth_method: Some(auth_method),
        ..Default::default()
    })
    .await;
    let browser = Browser::new();
    let callback = app.provider_callback_from(&browser, "/sign-in?provider=acme").await;
    let response = browser.get(&callback).await;
    assert_eq!(
        (response.status(), location(&response)),
        (StatusCode::FOUND, "/".into())
    );
    (app, browser)
}

fn acme(app: &TestApp) -> &TestIdp {
    app.acme.as_ref().expect("spawned with Acme ID")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_without_a_provider_lists_every_provider() {
    let app = spawn_with_acme().await;
    // No provider chosen: a redirect to the choice page, which lists them.
    let browser = Browser::new();
    let response = browser.get(&app.url("/sign-in?return_to=/account")).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(response.headers()["location"], "/sign-in/choose?return_to=/account");
    let response = browser.get(&app.url("/sign-in/choose?return_to=/account")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = body(response).await;
    assert!(page.contains(">Continue with Logto</a>"), "{page}");
    assert!(page.contains(">Continue with Acme ID</a>"));
    assert!(
        page.contains("href=\"/sign-in?return_to=/account&amp;provider=acme\""),
        "{page}"
    );
    let signup = Browser::new().get(&app.url("/sign-up")).await;
    assert_eq!(signup.headers()["location"], "/sign-up/choose");
    let signup = body(Browser::new().get(&app.url("/sign-up/choose")).await).await;
    assert!(signup.contains("href=\"/sign-up?provider=logto\""), "{signup}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_discovery_provider_with_client_secret_post_signs_people_in_and_out() {
    let app = spawn_with_acme().await;
    let browser = Browser::new();
    let auth_url = app.start_sign_in(&browser, "/sign-in?provider=acme").await;
    assert!(
        auth_url.starts_with(&format!("{}/oidc/auth?", acme(&app).origin)),
        "{auth_url}"
    );
    assert_eq!(param(&auth_url, "client_id").as_deref(), Some(ACME_CLIENT.id));
    assert_eq!(param(&auth_url, "scope").as_deref(), Some("openid profile email"));
    assert_eq!(
        param(&auth_url, "prompt"),
        None,
        "no Logto defaults for a plain OpenID provider"
    );
    let callback = app.log_in_at_provider(&browser, &auth_url, ADA.0, ADA.1).await;
    let response = browser.get(&callback).await;
    assert_eq!(
        (response.status(), location(&response)),
        (StatusCode::FOUND, "/".into())
    );
    let stored = app.stored_sign_in(&browser).await.expect("signed in");
    assert_eq!(stored.provider, "acme");
    assert_eq!(stored.user.email.as_deref(), Some("ada@bookstore.test"));

    let response = browser.client.post(app.url("/sign-out")).send().await.unwrap();
    let end_session = location(&response);
    assert!(
        end_session.starts_with(&format!("{}/oidc/session/end?", acme(&app).origin)),
        "{end_session}"
    );
    assert_eq!(param(&end_session, "client_id").as_deref(), Some(ACME_CLIENT.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_from_the_other_provider_is_refused() {
    let app = spawn_with_acme().await;
    let browser = Browser::new();
    // The attempt went to Acme; the answer claims to come from Logto.
    let callback = app.provider_callback_from(&browser, "/sign-in?provider=acme").await;
    let mixed_up = with_param(&callback, "iss", Some(&format!("{}/oidc", app.idp.origin)));
    let response = browser.get_failure(&mixed_up).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(body(response).await.contains("wrong service"));
    assert!(app.stored_sign_in(&browser).await.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_provider_is_a_clear_400() {
    let app = spawn_with_acme().await;
    let response = Browser::new().get_failure(&app.url("/sign-in?provider=nope")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(body(response).await.contains("There is no such sign-in option"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_is_cached_per_provider() {
    let app = spawn_with_acme().await;
    for path in [
        "/sign-in?provider=acme",
        "/sign-in?provider=acme",
        "/sign-in?provider=logto",
    ] {
        app.start_sign_in(&Browser::new(), path).await;
    }
    let fetches = |id: &str| app.state.auth.providers.get(id).unwrap().oidc.fetch_count();
    assert_eq!((fetches("acme"), fetches("logto")), (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logto_connector_configuration_without_discovery_works_unchanged() {
    let app = spawn_app_with(SpawnOptions {
        with_acme: true,
        acme_explicit: true,
        ..Default::default()
    })
    .await;
    let browser = Browser::new();
    let auth_url = app.start_sign_in(&browser, "/sign-in?provider=acme").await;
    assert_eq!(param(&auth_url, "ui_locales").as_deref(), Some("en"));
    assert_eq!(param(&auth_url, "login_hint_source").as_deref(), Some("bookstore"));
    let callback = app.log_in_at_provider(&browser, &auth_url, ADA.0, ADA.1).await;
    let response = browser.get(&callback).await;
    assert_eq!(
        (response.status(), location(&response)),
        (StatusCode::FOUND, "/".into())
    );
    assert_eq!(app.stored_sign_in(&browser).await.expect("signed in").provider, "acme");
    let account = body(browser.get(&app.url("/account")).await).await;
    assert!(
        account.contains("ada@bookstore.test"),
        "userinfo from the configured endpoint"
    );

    let response = browser.client.post(app.url("/sign-out")).send().await.unwrap();
    assert!(location(&response).starts_with(&format!("{}/oidc/session/end?", acme(&app).origin)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_secret_jwt_authenticates_without_sending_the_secret() {
    let (app, browser) = signed_in_with_acme_using("client_secret_jwt").await;
    let stored = app.stored_sign_in(&browser).await.expect("signed in");
    let refresh_token = stored.tokens.refresh_token.clone();
    // Sign-out revokes with the same authentication.
    browser.client.post(app.url("/sign-out")).send().await.unwrap();
    if let Some(token) = refresh_token {
        let status = reqwest::Client::new()
            .post(format!("{}/oidc/token", acme(&app).origin))
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", token.as_str()),
                ("client_id", ACME_CLIENT.id),
            ])
            .send()
            .await
            .unwrap()
            .status();
        assert_ne!(status, StatusCode::OK);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_key_jwt_authenticates_with_the_configured_key() {
    let (app, browser) = signed_in_with_acme_using("private_key_jwt").await;
    assert_eq!(app.stored_sign_in(&browser).await.expect("signed in").provider, "acme");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn form_post_answers_are_relayed_so_the_lax_session_cookie_comes_along() {
    let app = spawn_app_with(SpawnOptions {
        with_acme: true,
        acme_form_post: true,
        ..Default::default()
    })
    .await;
    let browser = Browser::new();
    let auth_url = app
        .start_sign_in(&browser, "/sign-in?provider=acme&return_to=/account")
        .await;
    assert_eq!(param(&auth_url, "response_mode").as_deref(), Some("form_post"));
    let answer = app.log_in_for_form_post(&browser, &auth_url).await;
    assert!(answer.iter().any(|(name, _)| name == "code"), "{answer:?}");

    // The provider's page posts cross-site: a SameSite=Lax cookie is not sent.
    let relay = reqwest::Client::new()
        .post(app.url("/callback"))
        .form(&answer)
        .send()
        .await
        .unwrap();
    assert_eq!(relay.status(), StatusCode::OK);
    let page = relay.text().await.unwrap();
    assert!(page.contains("action=\"/api/complete_form_post\""), "{page}");
    let fields = hidden_inputs(&page);
    assert_eq!(fields, answer, "the relay re-posts exactly what the provider sent");

    // The relay page posts same-site: now the session cookie comes along.
    let done = browser
        .client
        .post(app.url("/api/complete_form_post"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!((done.status(), location(&done)), (StatusCode::FOUND, "/account".into()));
    assert_eq!(app.stored_sign_in(&browser).await.expect("signed in").provider, "acme");

    // Replayed: refused, and shown on the failure page with its status.
    let replay = browser
        .client
        .post(app.url("/api/complete_form_post"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    let failed = location(&replay);
    assert_eq!(failed, "/callback/failed?reason=unknown_state");
    let response = browser.get(&app.url(&failed)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(body(response).await.contains("expired or was already used"));
    // A link cannot put its own words on the failure page.
    let crafted = browser
        .get(&app.url("/callback/failed?reason=Call%20us&error=%7B%22BadRequest%22%3A%22Call%20555%22%7D"))
        .await;
    assert_eq!(crafted.status(), StatusCode::BAD_REQUEST);
    let page = body(crafted).await;
    assert!(!page.contains("Call 555") && !page.contains("Call us"), "{page}");
}

/// Organizations come from Logto only: a user of a plain OpenID provider is
/// refused before any token request, whatever that provider would answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organizations_are_offered_only_for_logto_providers() {
    let (app, browser) = signed_in_with_acme_using("client_secret_post").await;
    let before = app.state.auth.flights.started();
    let response = app
        .call(&browser, "/api/organization", &[("id", "org-bletchley")])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(body(response).await.contains("Logto"));
    assert_eq!(
        app.state.auth.flights.started(),
        before,
        "no organization token was asked for"
    );
}

/// Staff come from one provider: Ada, admin at Acme ID too, signs in there
/// with an `admin` role claim and is still refused the admin pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_role_from_another_provider_does_not_count() {
    let app = spawn_app_with(SpawnOptions {
        with_acme: true,
        acme_scope: Some("openid profile email roles"),
        ..Default::default()
    })
    .await;
    let browser = Browser::new();
    let callback = app.provider_callback_from(&browser, "/sign-in?provider=acme").await;
    assert_eq!(browser.get(&callback).await.status(), StatusCode::FOUND);
    let user: serde_json::Value = app.call(&browser, "/api/current_user", &[]).await.json().await.unwrap();
    assert!(
        user["roles"].as_array().unwrap().iter().any(|r| r == "admin"),
        "Acme ID sent the admin role: {user}"
    );
    assert_eq!(user["is_admin"], false);
    assert_eq!(
        app.call(&browser, "/api/admin/check", &[]).await.status(),
        StatusCode::FORBIDDEN
    );
}
