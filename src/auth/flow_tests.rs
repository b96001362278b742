//! The authorization request and the profile mapping.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::Digest;

use super::*;
use crate::auth::test_support::{TestKey, discovery, key_set, settings};

fn param(url: &Url, name: &str) -> Vec<String> {
    url.query_pairs()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .collect()
}

fn request(screen: FirstScreen) -> AuthorizationRequest {
    let key = TestKey::new("k");
    let discovery = discovery("http://127.0.0.1:3001/oidc", key_set(&[&key]));
    authorization_request(&settings(), &discovery, screen, "/account".into())
}

#[test]
fn the_url_carries_what_the_session_remembers() {
    let req = request(FirstScreen::SignIn);
    assert_eq!(
        req.url.as_str().split('?').next(),
        Some("http://127.0.0.1:3001/oidc/auth")
    );
    assert_eq!(param(&req.url, "state"), std::slice::from_ref(&req.state));
    assert_eq!(param(&req.url, "nonce"), std::slice::from_ref(&req.pending.nonce));
    assert_eq!(req.pending.return_to, "/account");
    // The dev defaults: roles, organizations and the API permission Bookstore uses.
    assert_eq!(
        param(&req.url, "scope"),
        [
            "openid offline_access profile email roles urn:logto:scope:organizations urn:logto:scope:organization_roles read:orders"
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
fn the_pkce_challenge_is_the_s256_of_the_stored_verifier() {
    let req = request(FirstScreen::SignIn);
    let expected = URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(req.pending.pkce_verifier.as_bytes()));
    assert_eq!(param(&req.url, "code_challenge"), [expected]);
    assert_eq!(param(&req.url, "code_challenge_method"), ["S256"]);
    assert!(
        req.pending.pkce_verifier.len() >= 43,
        "RFC 7636: at least 43 characters"
    );
}

#[test]
fn sign_up_asks_for_the_register_screen_in_both_dialects() {
    let req = request(FirstScreen::SignUp);
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
    let req = authorization_request(&settings, &discovery, FirstScreen::SignIn, "/".into());
    assert_eq!(param(&req.url, "ui_locales"), ["de"]);
    assert_eq!(param(&req.url, "access_type"), ["offline"]);
}

/// Maps `claims` (the raw payload) for a token whose standard claims are minimal.
fn mapped(claims: serde_json::Value, rules: ClaimRules) -> CurrentUser {
    let key = TestKey::new("k");
    let base =
        serde_json::json!({"sub": "user-1", "iss": "https://i.test", "aud": "a", "exp": 2_000_000_000, "iat": 1});
    let token: openidconnect::core::CoreIdToken = key.sign(&base).parse().unwrap();
    let verifier = openidconnect::core::CoreIdTokenVerifier::new_insecure_without_verification();
    let verified = VerifiedIdToken {
        claims: token.into_claims(&verifier, |_: Option<&Nonce>| Ok(())).unwrap(),
        raw_claims: claims.as_object().unwrap().clone(),
    };
    user_from_claims(&verified, rules)
}

#[test]
fn claims_are_mapped_like_logtos_connector() {
    use serde_json::json;
    let strict = ClaimRules::default();
    let trusting = ClaimRules {
        accept_string_booleans: true,
        trust_unverified_email: true,
    };
    let cases = [
        (
            json!({"email": "a@x", "email_verified": true}),
            strict,
            Some("a@x"),
            None,
        ),
        (json!({"email": "a@x", "email_verified": false}), trusting, None, None),
        (json!({"email": "a@x"}), strict, None, None),
        (json!({"email": "a@x"}), trusting, Some("a@x"), None),
        (json!({"email": "a@x", "email_verified": "true"}), strict, None, None),
        (
            json!({"email": "a@x", "email_verified": "true"}),
            trusting,
            Some("a@x"),
            None,
        ),
        (
            json!({"phone_number": "+1", "phone_number_verified": true}),
            strict,
            None,
            Some("+1"),
        ),
        (json!({"phone": "+2", "phone_verified": true}), strict, None, Some("+2")),
        (json!({"phone": "+2"}), strict, None, None),
    ];
    for (claims, rules, email, phone) in cases {
        let user = mapped(claims.clone(), rules);
        assert_eq!(
            (user.email.as_deref(), user.phone.as_deref()),
            (email, phone),
            "{claims} with {rules:?}"
        );
    }
}
