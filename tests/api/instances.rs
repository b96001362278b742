//! Several Bookstore instances behind one load balancer: one public URL,
//! one identity provider, one database (PostgreSQL under scripts/test, else a
//! shared SQLite file), sessions in the database or in Redis. The browser's
//! requests land on whichever instance; the cookie (host-scoped, not
//! port-scoped) goes to both, as it would through a load balancer.

use reqwest::StatusCode;

use crate::helpers::*;

async fn two_instances(extra_env: Vec<(&'static str, String)>) -> (TestApp, TestApp) {
    let first = spawn_app_with(SpawnOptions {
        extra_env: extra_env.clone(),
        ..Default::default()
    })
    .await;
    let second = spawn_app_with(SpawnOptions {
        instance_of: Some(first.instance()),
        extra_env,
        ..Default::default()
    })
    .await;
    (first, second)
}

/// Sessions in Redis (`SESSION_STORE_URL` from `BOOKSTORE_TEST_REDIS`).
fn redis_env() -> Option<Vec<(&'static str, String)>> {
    required_service("BOOKSTORE_TEST_REDIS").map(|url| vec![("SESSION_STORE_URL", url)])
}

/// Signs `user` in starting on `second`; the provider sends the browser back
/// to the public URL (`first`).
async fn sign_in_through(first: &TestApp, second: &TestApp, browser: &Browser, user: (&str, &str, &str)) {
    let auth_url = second.start_sign_in(browser, "/sign-in").await;
    let callback = first.log_in_at_provider(browser, &auth_url, user.0, user.1).await;
    let response = browser.get(&callback).await;
    assert_eq!(
        response.status(),
        StatusCode::FOUND,
        "the callback completes the sign-in"
    );
    assert_eq!(location(&response), "/");
}

fn signed_in_as_ada(page: &str) -> bool {
    page.contains("Ada Lovelace") && !page.contains("You are not signed in.")
}

/// A sign-in started on one instance completes on the other; the user is
/// then signed in on both; signing out on one ends the session on both.
async fn sign_in_and_out_across(first: &TestApp, second: &TestApp) {
    let browser = Browser::new();
    // Started on the second instance (its state, nonce and PKCE verifier go
    // to the shared store), the provider's redirect lands on the first.
    sign_in_through(first, second, &browser, ADA).await;

    for app in [first, second] {
        let page = body(browser.get(&app.url("/")).await).await;
        assert!(signed_in_as_ada(&page), "signed in on {}: {page}", app.origin);
        assert!(app.stored_sign_in(&browser).await.is_some());
    }

    let response = browser.client.post(second.url("/sign-out")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    for app in [first, second] {
        let page = body(browser.get(&app.url("/")).await).await;
        assert!(page.contains("You are not signed in."), "signed out on {}", app.origin);
        assert!(app.stored_sign_in(&browser).await.is_none());
    }
}

/// The provider's back-channel logout reaches one instance (the public URL)
/// and ends the session wherever it was made; other sessions stay.
async fn back_channel_logout_across(first: &TestApp, second: &TestApp) {
    let leaving = Browser::new();
    sign_in_through(first, second, &leaving, ADA).await;
    let staying = Browser::new();
    sign_in_through(first, second, &staying, GRACE).await;
    assert!(first.stored_sign_in(&leaving).await.is_some(), "one store");

    // Ada signs out at the provider itself; it posts a logout token to
    // /backchannel-logout at the public URL (the first instance).
    end_session_at_provider(&leaving, &first.idp.origin).await;

    for app in [first, second] {
        assert!(app.stored_sign_in(&leaving).await.is_none(), "ended for {}", app.origin);
        let page = body(leaving.get(&app.url("/")).await).await;
        assert!(page.contains("You are not signed in."));
        let page = body(staying.get(&app.url("/")).await).await;
        assert!(page.contains("Grace Hopper"), "Grace's session is untouched");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_share_sign_in_and_sign_out() {
    let (first, second) = two_instances(Vec::new()).await;
    sign_in_and_out_across(&first, &second).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn back_channel_logout_ends_sessions_on_every_instance() {
    let (first, second) = two_instances(Vec::new()).await;
    back_channel_logout_across(&first, &second).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_share_sessions_in_redis() {
    let Some(env) = redis_env() else { return };
    let (first, second) = two_instances(env).await;
    assert!(
        matches!(
            first.state.sessions.store,
            bookstore::server::session_store::Store::Redis(..)
        ),
        "sessions are in Redis"
    );
    sign_in_and_out_across(&first, &second).await;
    back_channel_logout_across(&first, &second).await;
}

/// Orders placed through either instance land in the one database: the
/// customer sees both on each, and the stock is taken once per order.
#[tokio::test(flavor = "multi_thread")]
async fn orders_through_either_instance_share_one_database() {
    let (first, second) = two_instances(Vec::new()).await;
    let browser = Browser::new();
    first.sign_in_as(&browser, "/sign-in", ADA).await;
    first.add_to_cart(&browser, "Emma").await;
    let response = first.place_order(&browser, None).await;
    assert!(response.status().is_success() || response.status().is_redirection());
    second.add_to_cart(&browser, "Dracula").await;
    let response = second.place_order(&browser, None).await;
    assert!(response.status().is_success() || response.status().is_redirection());
    for app in [&first, &second] {
        let page = body(browser.get(&app.url("/orders")).await).await;
        assert_eq!(
            page.matches("href=\"/orders/").count(),
            2,
            "both orders on {}",
            app.origin
        );
    }
}
