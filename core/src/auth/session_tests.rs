//! The session's typed keys: the signed-in visitor, and the page-cache
//! verdict when a session is read. (Sign-in attempts: `auth::attempts`.)

use super::*;
use std::sync::Arc;
use tower_sessions::MemoryStore;

fn session() -> AuthSession {
    AuthSession(Session::new(None, Arc::new(MemoryStore::default()), None))
}

fn pending(created_at: i64) -> PendingSignIn {
    PendingSignIn {
        provider: "logto".into(),
        pkce_verifier: "v".into(),
        nonce: "n".into(),
        return_to: "/".into(),
        created_at,
        step_up: None,
    }
}

fn signed_in(signed_in_at: i64, ends_at: Option<i64>) -> SignedIn {
    SignedIn {
        ends_at,
        ..SignedIn::for_tests("ada", signed_in_at)
    }
}

#[tokio::test]
async fn a_sign_in_ends_at_its_absolute_lifetime_however_active() {
    let now = chrono::Utc::now().timestamp();
    let s = session();
    s.complete_sign_in(signed_in(now - 10, Some(now + 60))).await.unwrap();
    assert!(s.signed_in().await.unwrap().is_some(), "still within its lifetime");
    s.update_signed_in(signed_in(now - 10, Some(now - 1))).await.unwrap();
    assert!(s.signed_in().await.unwrap().is_none(), "past its end: signed out");
    assert!(s.0.is_empty().await, "and the session is gone");
    // A session from before the setting: 30 days after its sign-in.
    let old = session();
    old.complete_sign_in(signed_in(now - DEFAULT_LIFETIME_SECS - 1, None))
        .await
        .unwrap();
    assert!(old.signed_in().await.unwrap().is_none());
}

#[test]
fn debug_never_prints_secrets() {
    let tokens = Tokens {
        id_token: "idt".into(),
        access_token: "at".into(),
        access_token_expires_at: None,
        refresh_token: Some("rt".into()),
        resource_tokens: BTreeMap::new(),
    };
    assert_eq!(format!("{tokens:?}"), "Tokens([redacted])");
    assert!(!format!("{:?}", pending(1)).contains("\"v\""));
}

/// The session accessor as a render calls it, on a request whose session
/// layer found `cookie_id`; returns whether the page cache may keep it.
async fn keepable_after_reading(cookie_id: Option<tower_sessions::session::Id>) -> bool {
    use crate::request::shared_page::SharedPage;
    let verdict = SharedPage::default();
    let mut parts = axum::http::Request::new(()).into_parts().0;
    parts.extensions.insert(verdict.clone());
    parts
        .extensions
        .insert(Session::new(cookie_id, Arc::new(MemoryStore::default()), None));
    let owner = leptos::prelude::Owner::new();
    owner.set();
    leptos::prelude::provide_context(parts);
    AuthSession::from_request().await.unwrap();
    verdict.is_for_everyone()
}

#[tokio::test]
async fn reading_a_visitors_session_makes_the_page_theirs_alone() {
    assert!(!keepable_after_reading(Some(tower_sessions::session::Id::default())).await);
    assert!(
        keepable_after_reading(None).await,
        "no session: the same page for everyone"
    );
}
