//! The metadata cache: single flight, rate-limited refetch on unknown keys.

use std::sync::Mutex as StdMutex;

use axum::Json;
use axum::extract::State;
use axum::routing::get;
use serde_json::{Value, json};

use openidconnect::JsonWebKey;

use super::*;
use crate::oidc::test_support::TestKey;

/// A provider that serves discovery and a swappable JWKS, counting discovery hits.
#[derive(Clone)]
struct FakeProvider {
    issuer: String,
    jwks: Arc<StdMutex<Value>>,
    hits: Arc<AtomicU64>,
    /// When set, discovery answers 500.
    down: Arc<std::sync::atomic::AtomicBool>,
}

async fn fake_provider(keys: &[&TestKey]) -> FakeProvider {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}/oidc", listener.local_addr().unwrap());
    let fake = FakeProvider {
        issuer,
        jwks: Arc::new(StdMutex::new(
            json!({ "keys": keys.iter().map(|k| k.jwk()).collect::<Vec<_>>() }),
        )),
        hits: Arc::new(AtomicU64::new(0)),
        down: Arc::default(),
    };
    let app = axum::Router::new()
        .route(
            "/oidc/.well-known/openid-configuration",
            get(|State(f): State<FakeProvider>| async move {
                f.hits.fetch_add(1, Ordering::SeqCst);
                // Slow enough that concurrent callers overlap.
                tokio::time::sleep(Duration::from_millis(50)).await;
                if f.down.load(Ordering::SeqCst) {
                    return Err(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
                }
                Ok(Json(json!({
                    "issuer": f.issuer,
                    "authorization_endpoint": format!("{}/auth", f.issuer),
                    "token_endpoint": format!("{}/token", f.issuer),
                    "jwks_uri": format!("{}/jwks", f.issuer),
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["ES384"],
                })))
            }),
        )
        .route(
            "/oidc/jwks",
            get(|State(f): State<FakeProvider>| async move { Json(f.jwks.lock().unwrap().clone()) }),
        )
        .with_state(fake.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    fake
}

fn kids(discovery: &Discovery) -> Vec<String> {
    discovery
        .metadata
        .jwks()
        .keys()
        .iter()
        .filter_map(|k| k.key_id().map(|id| id.to_string()))
        .collect()
}

#[tokio::test]
async fn concurrent_first_requests_share_one_fetch_and_later_ones_use_the_cache() {
    let fake = fake_provider(&[&TestKey::new("k1")]).await;
    let provider = Arc::new(OidcProvider::new(&fake.issuer, HttpTimeouts::default()).unwrap());
    let calls = (0..10).map(|_| {
        let provider = provider.clone();
        tokio::spawn(async move { provider.discovery().await.map(|_| ()) })
    });
    for call in calls {
        call.await.unwrap().unwrap();
    }
    provider.discovery().await.unwrap();
    assert_eq!(fake.hits.load(Ordering::SeqCst), 1);
    assert_eq!(provider.fetch_count(), 1);
}

#[tokio::test]
async fn an_unknown_key_refetches_at_most_once_per_gap_and_finds_rotated_keys() {
    let fake = fake_provider(&[&TestKey::new("k1")]).await;
    let provider = OidcProvider::new(&fake.issuer, HttpTimeouts::default()).unwrap();
    let first = provider.discovery().await.unwrap();
    *fake.jwks.lock().unwrap() = json!({ "keys": [TestKey::new("k2").jwk()] });

    // Right after a fetch: no refetch, whatever a token claims.
    assert!(provider.refresh_for_unknown_key(&first).await.unwrap().is_none());
    assert_eq!(fake.hits.load(Ordering::SeqCst), 1);

    // Once the gap has passed, one refetch picks up the rotated key...
    let aged = Arc::new(Discovery {
        metadata: first.metadata.clone(),
        fetched_at: Instant::now() - UNKNOWN_KEY_REFETCH_GAP - Duration::from_secs(1),
    });
    *provider.current.write().unwrap() = Some(aged.clone());
    let fresh = provider
        .refresh_for_unknown_key(&aged)
        .await
        .unwrap()
        .expect("refetched");
    assert_eq!(kids(&fresh), ["k2"]);
    // ...and a second caller holding the same stale copy reuses it.
    let again = provider.refresh_for_unknown_key(&aged).await.unwrap().expect("shared");
    assert_eq!(kids(&again), ["k2"]);
    assert_eq!(fake.hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn an_unreachable_provider_is_an_error_not_a_panic() {
    let provider = OidcProvider::new(
        "http://127.0.0.1:9/oidc",
        HttpTimeouts {
            connect: Duration::from_secs(1),
            total: Duration::from_secs(2),
        },
    )
    .unwrap();
    let err = provider.discovery().await.unwrap_err();
    assert!(err.to_string().contains("http://127.0.0.1:9/oidc"), "{err}");
}

#[tokio::test]
async fn while_the_provider_is_down_the_last_good_copy_keeps_serving() {
    let fake = fake_provider(&[&TestKey::new("k1")]).await;
    let provider = OidcProvider::new(&fake.issuer, HttpTimeouts::default())
        .unwrap()
        .with_ttl(Duration::from_millis(100));
    let first = provider.discovery().await.unwrap();
    fake.down.store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(150)).await;
    // The copy has expired and the provider fails: the copy still serves.
    let stale = provider.discovery().await.expect("the last good copy");
    assert!(Arc::ptr_eq(&first, &stale));
    assert_eq!(fake.hits.load(Ordering::SeqCst), 2, "one refetch was tried");
    // And it is not retried on every request while the provider is down.
    for _ in 0..5 {
        provider.discovery().await.unwrap();
    }
    assert_eq!(fake.hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_copy_older_than_the_stale_limit_is_not_trusted() {
    let fake = fake_provider(&[&TestKey::new("k1")]).await;
    let provider = OidcProvider::new(&fake.issuer, HttpTimeouts::default())
        .unwrap()
        .with_ttl(Duration::from_millis(100))
        .with_max_stale(Duration::from_millis(300));
    provider.discovery().await.unwrap();
    fake.down.store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert!(provider.discovery().await.is_ok(), "stale, within the limit");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        provider.discovery().await.is_err(),
        "past the limit the provider's keys must be fetched again"
    );
}

#[tokio::test]
async fn callers_waiting_on_a_failing_fetch_share_its_failure() {
    let fake = fake_provider(&[&TestKey::new("k1")]).await;
    fake.down.store(true, Ordering::SeqCst);
    let provider = Arc::new(OidcProvider::new(&fake.issuer, HttpTimeouts::default()).unwrap());
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let provider = provider.clone();
            tokio::spawn(async move { provider.discovery().await.is_err() })
        })
        .collect();
    for call in calls {
        assert!(call.await.unwrap(), "the provider is down");
    }
    assert_eq!(fake.hits.load(Ordering::SeqCst), 1, "asked once, not once per waiter");
    // A later request tries again, so recovery needs no restart.
    fake.down.store(false, Ordering::SeqCst);
    provider.discovery().await.expect("back");
}

#[tokio::test]
async fn readiness_probes_do_not_hammer_a_provider_that_is_down() {
    let fake = fake_provider(&[&TestKey::new("k1")]).await;
    fake.down.store(true, Ordering::SeqCst);
    let provider = OidcProvider::new(&fake.issuer, HttpTimeouts::default()).unwrap();
    assert!(!provider.ready().await);
    for _ in 0..20 {
        assert!(!provider.ready().await);
    }
    assert_eq!(fake.hits.load(Ordering::SeqCst), 1, "one fetch for 21 probes");
}
