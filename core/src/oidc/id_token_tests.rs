//! One test per ID-token check: each builds a token that only that check
//! rejects, so removing the check makes its test fail.

use super::*;
use crate::oidc::test_support::{TestKey, key_set, sign_hs256, unsigned};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

const ISSUER: &str = "http://127.0.0.1:3001/oidc";
const CLIENT: &str = "bookstore-test";
const SECRET: &str = "a-client-secret-that-is-long-enough";
const NONCE: &str = "nonce-123";

const CLOCK_LEEWAY_SECS: i64 = 60;
const MAX_ISSUED_AGE_SECS: i64 = 300;

struct Fixture {
    key: TestKey,
    issuer: IssuerUrl,
    keys: CoreJsonWebKeySet,
    nonce: Nonce,
    now: DateTime<Utc>,
    string_booleans: bool,
    /// The access token issued with the ID token (for `at_hash`).
    access_token: Option<String>,
    /// An ID token from the refresh grant.
    refreshed: bool,
}

impl Fixture {
    fn new() -> Self {
        let key = TestKey::new("key-1");
        let keys = key_set(&[&key]);
        Self {
            key,
            issuer: IssuerUrl::new(ISSUER.into()).unwrap(),
            keys,
            nonce: Nonce::new(NONCE.into()),
            now: Utc::now(),
            string_booleans: false,
            access_token: None,
            refreshed: false,
        }
    }

    fn claims(&self) -> Value {
        let now = self.now.timestamp();
        json!({
            "iss": ISSUER, "sub": "user-1", "aud": CLIENT, "exp": now + 3600, "iat": now,
            "nonce": NONCE, "name": "Ada Lovelace", "username": "ada",
        })
    }

    fn with(&self, changes: Value) -> Value {
        let mut claims = self.claims();
        for (k, v) in changes.as_object().unwrap() {
            if v.is_null() {
                claims.as_object_mut().unwrap().remove(k);
            } else {
                claims[k] = v.clone();
            }
        }
        claims
    }

    fn verify_with(
        &self,
        token: &str,
        policy: &TokenPolicy,
        advertised: &[CoreJwsSigningAlgorithm],
    ) -> Result<VerifiedIdToken, IdTokenError> {
        verify_id_token(
            token,
            &IdTokenExpectations {
                client_id: CLIENT,
                client_secret: SECRET,
                discovery_issuer: &self.issuer,
                keys: &self.keys,
                advertised_algs: advertised,
                policy,
                accept_string_booleans: self.string_booleans,
                nonce: &self.nonce,
                access_token: self.access_token.as_deref(),
                refreshed: self.refreshed,
                now: self.now,
            },
        )
    }

    fn verify_with_algs(&self, token: &str, algs: &[CoreJwsSigningAlgorithm]) -> Result<VerifiedIdToken, IdTokenError> {
        self.verify_with(token, &TokenPolicy::default(), algs)
    }

    /// Discovery advertises ES384 and (to prove it is never trusted) HS256.
    fn verify(&self, token: &str) -> Result<VerifiedIdToken, IdTokenError> {
        self.verify_with_policy(token, &TokenPolicy::default())
    }

    fn verify_with_policy(&self, token: &str, policy: &TokenPolicy) -> Result<VerifiedIdToken, IdTokenError> {
        let advertised = [
            CoreJwsSigningAlgorithm::EcdsaP384Sha384,
            CoreJwsSigningAlgorithm::HmacSha256,
        ];
        self.verify_with(token, policy, &advertised)
    }

    fn reason(&self, token: &str) -> &'static str {
        match self.verify(token) {
            Ok(_) => panic!("token was accepted"),
            Err(err) => err.reason(),
        }
    }
}

#[test]
fn a_wrong_issuer_is_refused() {
    let f = Fixture::new();
    let token = f.key.sign(&f.with(json!({"iss": "http://127.0.0.1:3001/other"})));
    assert_eq!(f.reason(&token), "the ID token was issued by another service (iss)");
}

#[test]
fn a_wrong_audience_is_refused() {
    let f = Fixture::new();
    let token = f.key.sign(&f.with(json!({"aud": "someone-else"})));
    assert_eq!(
        f.reason(&token),
        "the ID token was issued for another application (aud)"
    );
}

#[test]
fn several_audiences_need_an_azp() {
    let f = Fixture::new();
    let policy = TokenPolicy {
        audiences: vec![CLIENT.into(), "api".into()],
        ..TokenPolicy::default()
    };
    let without = f.key.sign(&f.with(json!({"aud": [CLIENT, "api"]})));
    let err = f.verify_with_policy(&without, &policy).unwrap_err();
    assert_eq!(err.reason(), "the ID token was issued to another application (azp)");
    let with = f.key.sign(&f.with(json!({"aud": [CLIENT, "api"], "azp": CLIENT})));
    assert!(f.verify_with_policy(&with, &policy).is_ok());
}

#[test]
fn an_extra_untrusted_audience_is_refused() {
    let f = Fixture::new();
    let token = f
        .key
        .sign(&f.with(json!({"aud": [CLIENT, "someone-else"], "azp": CLIENT})));
    assert_eq!(
        f.reason(&token),
        "the ID token was issued for another application (aud)"
    );
}

#[test]
fn another_authorized_party_is_refused() {
    let f = Fixture::new();
    let token = f.key.sign(&f.with(json!({"azp": "someone-else"})));
    assert_eq!(f.reason(&token), "the ID token was issued to another application (azp)");
    let ok = f.key.sign(&f.with(json!({"azp": CLIENT})));
    assert!(f.verify(&ok).is_ok());
}

#[test]
fn an_expired_token_is_refused_but_small_skew_is_tolerated() {
    let f = Fixture::new();
    let now = f.now.timestamp();
    let expired = f
        .key
        .sign(&f.with(json!({"exp": now - CLOCK_LEEWAY_SECS - 5, "iat": now - 200})));
    assert_eq!(
        f.reason(&expired),
        "the ID token is expired or was issued at an unexpected time (exp/iat)"
    );
    let skewed = f
        .key
        .sign(&f.with(json!({"exp": now - CLOCK_LEEWAY_SECS + 5, "iat": now - 200})));
    assert!(f.verify(&skewed).is_ok());
}

#[test]
fn a_token_without_exp_or_iat_is_refused() {
    let f = Fixture::new();
    assert!(f.verify(&f.key.sign(&f.with(json!({"exp": null})))).is_err());
    assert!(f.verify(&f.key.sign(&f.with(json!({"iat": null})))).is_err());
}

#[test]
fn a_token_issued_in_the_future_is_refused() {
    let f = Fixture::new();
    let token = f
        .key
        .sign(&f.with(json!({"iat": f.now.timestamp() + CLOCK_LEEWAY_SECS + 30})));
    assert_eq!(
        f.reason(&token),
        "the ID token is expired or was issued at an unexpected time (exp/iat)"
    );
}

#[test]
fn a_token_issued_long_ago_is_refused() {
    let f = Fixture::new();
    let token = f
        .key
        .sign(&f.with(json!({"iat": f.now.timestamp() - MAX_ISSUED_AGE_SECS - CLOCK_LEEWAY_SECS - 30})));
    assert_eq!(
        f.reason(&token),
        "the ID token is expired or was issued at an unexpected time (exp/iat)"
    );
}

#[test]
fn a_wrong_or_missing_nonce_is_refused() {
    let f = Fixture::new();
    let wrong = f.key.sign(&f.with(json!({"nonce": "another-attempt"})));
    assert_eq!(
        f.reason(&wrong),
        "the ID token does not belong to this sign-in attempt (nonce)"
    );
    let missing = f.key.sign(&f.with(json!({"nonce": null})));
    assert_eq!(
        f.reason(&missing),
        "the ID token does not belong to this sign-in attempt (nonce)"
    );
}

#[path = "id_token_signature_tests.rs"]
mod signatures;

#[path = "id_token_claim_rules_tests.rs"]
mod claim_rules;

#[path = "id_token_policy_tests.rs"]
mod policy;
