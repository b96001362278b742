//! The authorization request.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::Digest;

use super::*;
use crate::oidc::sign_in_options::FirstScreen;
use crate::oidc::test_support::{TestKey, discovery, key_set, settings};

fn param(url: &Url, name: &str) -> Vec<String> {
    url.query_pairs()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .collect()
}

fn request(first_screen: Option<FirstScreen>) -> AuthorizationRequest {
    let key = TestKey::new("k");
    let discovery = discovery("http://127.0.0.1:3001/oidc", key_set(&[&key]));
    let options = SignInOptions {
        first_screen,
        ..SignInOptions::default()
    };
    authorization_request(&settings(), &discovery, &options, "en")
}

#[test]
fn the_url_carries_what_the_session_remembers() {
    let req = request(None);
    assert_eq!(
        req.url.as_str().split('?').next(),
        Some("http://127.0.0.1:3001/oidc/auth")
    );
    assert_eq!(param(&req.url, "state"), std::slice::from_ref(&req.state));
    assert_eq!(param(&req.url, "nonce"), std::slice::from_ref(&req.nonce));
    // The dev defaults: roles, organizations, the API permission Bookstore uses, sessions.
    assert_eq!(
        param(&req.url, "scope"),
        [
            "openid offline_access profile email roles urn:logto:scope:organizations urn:logto:scope:organization_roles read:orders urn:logto:scope:sessions"
        ]
    );
    // One `resource` each; the organizations resource added as Logto's SDKs do.
    assert_eq!(
        param(&req.url, "resource"),
        ["https://api.bookstore.test", "urn:logto:resource:organizations"]
    );
    assert_eq!(param(&req.url, "prompt"), ["consent"]);
    assert_eq!(param(&req.url, "redirect_uri"), ["http://localhost:3000/callback"]);
    assert!(param(&req.url, "first_screen").is_empty());
}

#[test]
fn the_visitors_language_is_sent_as_ui_locales() {
    let key = TestKey::new("k");
    let discovery = discovery("http://127.0.0.1:3001/oidc", key_set(&[&key]));
    let req = authorization_request(&settings(), &discovery, &SignInOptions::default(), "ja");
    assert_eq!(param(&req.url, "ui_locales"), ["ja"]);
}

#[test]
fn the_pkce_challenge_is_the_s256_of_the_stored_verifier() {
    let req = request(None);
    let expected = URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(req.pkce_verifier.as_bytes()));
    assert_eq!(param(&req.url, "code_challenge"), [expected]);
    assert_eq!(param(&req.url, "code_challenge_method"), ["S256"]);
    assert!(req.pkce_verifier.len() >= 43, "RFC 7636: at least 43 characters");
}

#[test]
fn sign_up_asks_for_the_register_screen_in_both_dialects() {
    let req = request(Some(FirstScreen::Register));
    assert_eq!(param(&req.url, "first_screen"), ["register"]);
    assert_eq!(param(&req.url, "interaction_mode"), ["signUp"]);
}

#[test]
fn optional_and_custom_parameters_are_sent() {
    let key = TestKey::new("k");
    let discovery = discovery("http://127.0.0.1:3001/oidc", key_set(&[&key]));
    let mut settings = settings();
    settings.extra_params = vec![
        ("ui_locales".into(), "de".into()),
        ("access_type".into(), "offline".into()),
    ];
    let req = authorization_request(&settings, &discovery, &SignInOptions::default(), "ja");
    assert_eq!(
        param(&req.url, "ui_locales"),
        ["de"],
        "the configured language wins, once"
    );
    assert_eq!(param(&req.url, "access_type"), ["offline"]);
}

#[test]
fn a_links_option_replaces_the_providers_fixed_value() {
    let key = TestKey::new("k");
    let discovery = discovery("http://127.0.0.1:3001/oidc", key_set(&[&key]));
    let mut settings = settings();
    settings.extra_params = vec![
        ("first_screen".into(), "sign_in".into()),
        ("login_hint".into(), "fixed@example.com".into()),
    ];
    let options = SignInOptions {
        first_screen: Some(FirstScreen::ResetPassword),
        ..SignInOptions::default()
    };
    let req = authorization_request(&settings, &discovery, &options, "en");
    assert_eq!(param(&req.url, "first_screen"), ["reset_password"]);
    assert_eq!(
        param(&req.url, "login_hint"),
        ["fixed@example.com"],
        "kept where the link says nothing"
    );
}
