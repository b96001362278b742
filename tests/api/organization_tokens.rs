//! The organization token decides, not the token response: a token for
//! another organization (by audience or `organization_id`), for another
//! user, or with a broken signature is refused with 403, even when it sits
//! in the session's token cache as if the provider had sent it.

use std::str::FromStr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tower_sessions::SessionStore;
use tower_sessions::session::Id;

use crate::helpers::{ALAN, Browser, TestApp, spawn_app};

const ORG: &str = "org-bletchley";

async fn organization(app: &TestApp, browser: &Browser) -> StatusCode {
    app.call(browser, "/api/organization", &[("id", ORG)]).await.status()
}

/// Replaces the cached organization token in the browser's stored session;
/// returns the token that was there.
async fn plant(app: &TestApp, browser: &Browser, token: &str) -> String {
    let id = Id::from_str(&browser.session_cookie(&app.origin).unwrap()).unwrap();
    let mut record = app.state.sessions.load(&id).await.unwrap().unwrap();
    let cached = record.data.get_mut("auth.signed_in").unwrap()["tokens"]["resource_tokens"]
        .as_object_mut()
        .unwrap()
        .iter_mut()
        .find(|(key, _)| key.contains(ORG))
        .map(|(_, cached)| cached)
        .expect("an organization token in the cache");
    let before = cached["token"].as_str().unwrap().to_string();
    cached["token"] = json!(token);
    app.state.sessions.save(&record).await.unwrap();
    before
}

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn organization_tokens_that_do_not_fit_are_refused() {
    let app = spawn_app().await;
    let alan = Browser::new();
    app.sign_in_as(&alan, "/sign-in", ALAN).await;
    assert_eq!(organization(&app, &alan).await, StatusCode::OK, "the real token");
    let real = plant(&app, &alan, "placeholder").await;
    let claims = claims_of(&real);
    assert_eq!(claims["aud"], format!("urn:logto:organization:{ORG}"), "{claims}");

    // A genuine signature over the real claims passes: the planting works.
    assert_eq!(plant(&app, &alan, &app.mint(claims.clone()).await).await, "placeholder");
    assert_eq!(organization(&app, &alan).await, StatusCode::OK);

    let variant = |changes: Value| {
        let mut claims = claims.clone();
        for (name, value) in changes.as_object().unwrap() {
            claims[name] = value.clone();
        }
        claims
    };
    for (what, claims) in [
        (
            "another organization's audience",
            variant(json!({"aud": "urn:logto:organization:org-other"})),
        ),
        (
            "another organization_id",
            variant(json!({"organization_id": "org-other"})),
        ),
        ("another user", variant(json!({"sub": "someone-else"}))),
    ] {
        plant(&app, &alan, &app.mint(claims).await).await;
        assert_eq!(organization(&app, &alan).await, StatusCode::FORBIDDEN, "{what}");
    }
    let (signed, signature) = real.rsplit_once('.').unwrap();
    let mut forged = signature.as_bytes().to_vec();
    forged[10] = if forged[10] == b'A' { b'B' } else { b'A' };
    plant(&app, &alan, &format!("{signed}.{}", String::from_utf8(forged).unwrap())).await;
    assert_eq!(
        organization(&app, &alan).await,
        StatusCode::FORBIDDEN,
        "a bad signature"
    );
}
