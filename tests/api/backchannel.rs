//! Back-channel logout: a logout token from the provider ends the matching
//! sessions; bad and replayed tokens are refused with 400.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{ADA, Browser, CLIENT_ID, TestApp, body, spawn_app};

async fn post_logout(app: &TestApp, token: &str) -> (StatusCode, Value) {
    let response = Client::new()
        .post(app.url("/backchannel-logout"))
        .form(&[("logout_token", token)])
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn logout_claims(app: &TestApp, sid: &str, jti: &str) -> Value {
    json!({
        "_typ": "logout+jwt",
        "iss": format!("{}/oidc", app.idp.origin),
        "aud": CLIENT_ID,
        "iat": chrono::Utc::now().timestamp(),
        "jti": jti,
        "sid": sid,
        "events": { "http://schemas.openid.net/event/backchannel-logout": {} }
    })
}

/// `claims` with `changes` applied (a null removes the claim).
fn changed(mut claims: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            claims.as_object_mut().unwrap().remove(k);
        } else {
            claims[k] = v.clone();
        }
    }
    claims
}

/// The provider session id (`sid`) of the browser's Bookstore session.
async fn sid_of(app: &TestApp, browser: &Browser) -> String {
    let stored = app.stored_sign_in(browser).await.expect("signed in");
    stored.claims["sid"].as_str().expect("a sid claim").to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_logout_token_ends_the_matching_session_once() {
    let app = spawn_app().await;
    let ada = Browser::new();
    app.sign_in_as(&ada, "/sign-in", ADA).await;
    let other = Browser::new();
    app.sign_in_as(&other, "/sign-in", ADA).await;
    let sid = app.stored_sign_in(&ada).await.unwrap().claims["sid"]
        .as_str()
        .expect("a sid claim")
        .to_string();
    assert_ne!(
        app.stored_sign_in(&other).await.unwrap().claims["sid"]
            .as_str()
            .unwrap(),
        sid,
        "two browsers, two provider sessions"
    );

    // Her header is kept for page views: the logout must forget it at once.
    for _ in 0..2 {
        assert!(body(ada.get(&app.url("/")).await).await.contains(ADA.2));
    }
    let cookie = ada.session_cookie(&app.origin).unwrap();
    assert!(app.state.sessions.visitors.get(&cookie).is_some(), "kept");

    let token = app.mint(logout_claims(&app, &sid, "logout-1")).await;
    let (status, answer) = post_logout(&app, &token).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(app.stored_sign_in(&ada).await.is_none(), "that session ended");
    assert!(
        body(ada.get(&app.url("/")).await)
            .await
            .contains("You are not signed in.")
    );
    assert!(
        app.stored_sign_in(&other).await.is_some(),
        "the other provider session's is untouched"
    );

    // The same token again is a replay.
    let (status, answer) = post_logout(&app, &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer["error"], "invalid_request");

    // By subject: every session of the user ends.
    let sub = app.stored_sign_in(&other).await.unwrap().user.subject;
    let mut claims = logout_claims(&app, "", "logout-2");
    claims.as_object_mut().unwrap().remove("sid");
    claims["sub"] = json!(sub);
    let (status, _) = post_logout(&app, &app.mint(claims).await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(app.stored_sign_in(&other).await.is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_logout_tokens_are_refused() {
    let app = spawn_app().await;
    let ada = Browser::new();
    app.sign_in_as(&ada, "/sign-in", ADA).await;
    let sid = sid_of(&app, &ada).await;
    let with = |changes: Value, jti: &str| changed(logout_claims(&app, &sid, jti), changes);
    let cases = [
        ("another audience", with(json!({"aud": "someone-else"}), "b1")),
        ("no logout event", with(json!({"events": null}), "b2")),
        ("a nonce", with(json!({"nonce": "n"}), "b3")),
        ("no jti", with(json!({"jti": null}), "b4")),
        (
            "too old",
            with(json!({"iat": chrono::Utc::now().timestamp() - 3600}), "b5"),
        ),
        ("neither sid nor sub", with(json!({"sid": null}), "b6")),
        ("an access token's typ", with(json!({"_typ": "at+jwt"}), "b8")),
        (
            "another issuer",
            with(json!({"iss": "https://evil.example/oidc"}), "b9"),
        ),
    ];
    for (case, claims) in cases {
        let (status, answer) = post_logout(&app, &app.mint(claims).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{case}: {answer}");
    }
    // The control: the same minting, unchanged, is accepted (so each refusal above is its own check).
    let (status, answer) = post_logout(&app, &app.mint(with(json!({}), "b0")).await).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    app.sign_in_as(&ada, "/sign-in", ADA).await;
    let sid = sid_of(&app, &ada).await;
    let with = |changes: Value, jti: &str| changed(logout_claims(&app, &sid, jti), changes);
    // Signed by someone else: claims changed after signing.
    let token = app.mint(with(json!({}), "b7")).await;
    let parts: Vec<&str> = token.split('.').collect();
    use base64::Engine;
    let forged =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(with(json!({"sid": "another"}), "b7").to_string());
    let (status, _) = post_logout(&app, &format!("{}.{forged}.{}", parts[0], parts[2])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "bad signature");
    let (status, _) = post_logout(&app, "not-a-token").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        app.stored_sign_in(&ada).await.is_some(),
        "no bad token ended the session"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn health_and_readiness() {
    let app = spawn_app().await;
    let response = Client::new().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers().contains_key("x-request-id"),
        "every answer names its request"
    );
    // A proxy's plain id is kept; a long or odd one (log stuffing) is replaced.
    let echoed = |id: &'static str| {
        let url = app.url("/healthz");
        async move {
            let response = Client::new().get(url).header("x-request-id", id).send().await.unwrap();
            response.headers()["x-request-id"].to_str().unwrap().to_string()
        }
    };
    assert_eq!(echoed("lb-42").await, "lb-42");
    let stuffed = "x".repeat(300).leak();
    assert_ne!(echoed(stuffed).await, *stuffed);
    assert_ne!(echoed("a\" b").await, "a\" b");
    let ready: Value = Client::new()
        .get(app.url("/readyz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["status"], "ready", "{ready}");
    assert_eq!(ready["providers"]["logto"], "loaded");
}

#[tokio::test(flavor = "multi_thread")]
async fn ending_the_provider_session_elsewhere_signs_the_user_out_here() {
    let app = spawn_app().await;
    let ada = Browser::new();
    app.sign_in_as(&ada, "/sign-in", ADA).await;
    assert!(app.stored_sign_in(&ada).await.is_some());
    crate::helpers::end_session_at_provider(&ada, &app.idp.origin).await;
    // The provider has sent its logout token to /backchannel-logout by now.
    assert!(
        app.stored_sign_in(&ada).await.is_none(),
        "the Bookstore session ended too"
    );
}

/// A logout whose session could not be deleted answers 503, and the
/// provider's retry of the same token then ends the session (it is not
/// refused as a replay while the session lives on).
#[tokio::test(flavor = "multi_thread")]
async fn a_logout_that_failed_to_delete_is_honoured_when_retried() {
    let app = spawn_app().await;
    let ada = Browser::new();
    app.sign_in_as(&ada, "/sign-in", ADA).await;
    let sid = sid_of(&app, &ada).await;
    let token = app.mint(logout_claims(&app, &sid, "logout-retried")).await;

    let postgres = crate::helpers::on_postgres();
    let refuse_deletes = if postgres {
        vec![
            "CREATE FUNCTION refuse_delete() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'store down'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_delete BEFORE DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION refuse_delete()",
        ]
    } else {
        vec!["CREATE TRIGGER refuse_delete BEFORE DELETE ON sessions BEGIN SELECT RAISE(ABORT, 'store down'); END"]
    };
    for statement in refuse_deletes {
        sqlx::query(statement).execute(&app.state.db).await.unwrap();
    }
    let (status, _) = post_logout(&app, &token).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "the provider is told to retry");
    assert!(app.stored_sign_in(&ada).await.is_some(), "the session is still there");

    let drop = if postgres {
        "DROP TRIGGER refuse_delete ON sessions"
    } else {
        "DROP TRIGGER refuse_delete"
    };
    sqlx::query(drop).execute(&app.state.db).await.unwrap();
    let (status, answer) = post_logout(&app, &token).await;
    assert_eq!(status, StatusCode::OK, "the retry is honoured: {answer}");
    assert!(app.stored_sign_in(&ada).await.is_none(), "and the session ended");
    let (status, _) = post_logout(&app, &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "after that, a replay");
}
