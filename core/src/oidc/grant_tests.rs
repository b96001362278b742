//! The token endpoint's answer, checked the same way for the code exchange
//! and the refresh grant: each test serves one answer from a fake token
//! endpoint that only the check under test rejects.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::State;
use axum::routing::post;
use serde_json::{Value, json};

use crate::oidc::client::FlowError;
use crate::oidc::code_flow::exchange_code;
use crate::oidc::discovery::OidcProvider;
use crate::oidc::jwt::half_hash;
use crate::oidc::provider_settings::HttpTimeouts;
use crate::oidc::refresh::{RefreshError, TokenKey, refresh};
use crate::oidc::test_support::{TestKey, discovery, key_set, settings};

const NONCE: &str = "nonce-1";
const SUB: &str = "user-1";

struct FakeTokenEndpoint {
    issuer: String,
    answer: Arc<Mutex<Value>>,
}

async fn fake_token_endpoint() -> FakeTokenEndpoint {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}/oidc", listener.local_addr().unwrap());
    let answer = Arc::new(Mutex::new(Value::Null));
    let app = axum::Router::new()
        .route(
            "/oidc/token",
            post(|State(answer): State<Arc<Mutex<Value>>>| async move { Json(answer.lock().unwrap().clone()) }),
        )
        .with_state(answer.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    FakeTokenEndpoint { issuer, answer }
}

fn id_claims(issuer: &str, changes: Value) -> Value {
    let now = chrono::Utc::now().timestamp();
    let mut claims = json!({
        "iss": issuer, "aud": "bookstore-dev", "sub": SUB, "exp": now + 600, "iat": now, "nonce": NONCE,
    });
    for (name, value) in changes.as_object().unwrap() {
        claims[name] = value.clone();
    }
    claims
}

/// The outcome of the code exchange and of the refresh grant when the token
/// endpoint answers `answer` (built from the issuer), as `Ok` or the reason.
async fn both_grants(key: &TestKey, answer: impl Fn(&str) -> Value) -> [Result<(), String>; 2] {
    let fake = fake_token_endpoint().await;
    *fake.answer.lock().unwrap() = answer(&fake.issuer);
    let discovery = Arc::new(discovery(&fake.issuer, key_set(&[key])));
    let provider = OidcProvider::new(&fake.issuer, HttpTimeouts::default()).unwrap();
    let settings = settings();
    let exchanged = exchange_code(
        &settings,
        &provider,
        discovery.clone(),
        "code".into(),
        "verifier",
        NONCE,
    )
    .await
    .map(|_| ())
    .map_err(|err| match err {
        FlowError::InvalidResponse(reason) => reason,
        other => panic!("unexpected {other:?}"),
    });
    let key = TokenKey {
        resource: None,
        organization: None,
    };
    let refreshed = refresh(&settings, &provider, discovery, "refresh-token", &key, SUB, Some(NONCE))
        .await
        .map(|_| ())
        .map_err(|err| match err {
            RefreshError::Invalid(reason) => reason,
            other => panic!("unexpected {other:?}"),
        });
    [exchanged, refreshed]
}

fn answer(id_token: String, token_type: &str) -> Value {
    json!({
        "access_token": "access-token-1", "token_type": token_type, "expires_in": 3600,
        "refresh_token": "refresh-token-2", "id_token": id_token,
    })
}

#[tokio::test]
async fn a_bearer_answer_is_accepted_whatever_the_case() {
    let key = TestKey::new("k1");
    for token_type in ["Bearer", "bearer", "BEARER"] {
        let outcome = both_grants(&key, |issuer| {
            answer(key.sign(&id_claims(issuer, json!({}))), token_type)
        })
        .await;
        assert_eq!(outcome, [Ok(()), Ok(())], "{token_type}");
    }
}

#[tokio::test]
async fn a_token_type_other_than_bearer_is_refused() {
    let key = TestKey::new("k1");
    for token_type in ["mac", "DPoP", "N_A"] {
        let outcome = both_grants(&key, |issuer| {
            answer(key.sign(&id_claims(issuer, json!({}))), token_type)
        })
        .await;
        for result in outcome {
            assert!(
                result.as_ref().is_err_and(|reason| reason.contains("token_type")),
                "{token_type}: {result:?}"
            );
        }
    }
}

#[tokio::test]
async fn an_at_hash_for_another_access_token_is_refused() {
    let key = TestKey::new("k1");
    let alg = openidconnect::core::CoreJwsSigningAlgorithm::EcdsaP384Sha384;
    let wrong = half_hash(&alg, "another-access-token").unwrap();
    let outcome = both_grants(&key, |issuer| {
        answer(key.sign(&id_claims(issuer, json!({"at_hash": wrong}))), "Bearer")
    })
    .await;
    for result in outcome {
        assert!(
            result.as_ref().is_err_and(|reason| reason.contains("at_hash")),
            "{result:?}"
        );
    }
    let right = half_hash(&alg, "access-token-1").unwrap();
    let outcome = both_grants(&key, |issuer| {
        answer(key.sign(&id_claims(issuer, json!({"at_hash": right}))), "Bearer")
    })
    .await;
    assert_eq!(outcome, [Ok(()), Ok(())]);
}

#[tokio::test]
async fn an_empty_subject_is_refused() {
    let key = TestKey::new("k1");
    let outcome = both_grants(&key, |issuer| {
        answer(key.sign(&id_claims(issuer, json!({"sub": ""}))), "Bearer")
    })
    .await;
    for result in outcome {
        assert!(
            result.as_ref().is_err_and(|reason| reason.contains("(sub)")),
            "{result:?}"
        );
    }
}

#[tokio::test]
async fn an_id_token_without_kid_signed_with_the_only_key_is_accepted() {
    let key = TestKey::new("k1");
    let outcome = both_grants(&key, |issuer| {
        answer(
            key.sign_with_header(&json!({"kid": null}), &id_claims(issuer, json!({}))),
            "Bearer",
        )
    })
    .await;
    assert_eq!(outcome, [Ok(()), Ok(())]);
}
