use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_revokes_deletes_the_session_and_ends_the_provider_session() {
    let app = spawn_app().await;
    let browser = Browser::new();
    app.sign_in(&browser, "/sign-in").await;
    let stored = app.stored_sign_in(&browser).await.expect("signed in");
    let refresh_token = stored.tokens.refresh_token.clone().expect("refresh token");
    assert_eq!(
        app.refresh_grant_status(&refresh_token).await,
        StatusCode::OK,
        "the token works before sign-out"
    );
    let copied = browser.with_copied_cookie(&app.origin);

    let response = browser.client.post(app.url("/sign-out")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let end_session = location(&response);
    assert!(
        end_session.starts_with(&format!("{}/oidc/session/end?", app.idp.origin)),
        "{end_session}"
    );
    assert_eq!(param(&end_session, "client_id").as_deref(), Some(CLIENT_ID));
    assert_eq!(param(&end_session, "post_logout_redirect_uri"), Some(app.url("/")));
    assert_eq!(
        param(&end_session, "id_token_hint"),
        Some(stored.tokens.id_token.clone())
    );

    assert_eq!(
        app.refresh_grant_status(&refresh_token).await,
        StatusCode::BAD_REQUEST,
        "refresh token revoked"
    );
    let home = body(copied.get(&app.url("/")).await).await;
    assert!(
        home.contains("You are not signed in."),
        "a copied cookie must not work after sign-out"
    );
    assert!(app.stored_sign_in(&copied).await.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_sign_out_only_shows_the_button() {
    let app = spawn_app().await;
    let browser = Browser::new();
    app.sign_in(&browser, "/sign-in").await;
    let page = body(browser.get(&app.url("/sign-out")).await).await;
    assert!(
        page.contains("<main id=\"main\" class=\"content\"><section class=\"panel\"><h1>Sign out</h1>")
            && page.contains(
                "<form action=\"/sign-out\" method=\"post\"><button type=\"submit\" class=\"button\">Sign out</button>"
            ),
        "{page}"
    );
    assert!(app.stored_sign_in(&browser).await.is_some(), "GET must not sign out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_while_signed_out_goes_home() {
    let app = spawn_app().await;
    let response = Browser::new().client.post(app.url("/sign-out")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(location(&response), "/");
}
