//! The checkout page's order key, tied to the session it was issued to. A
//! key makes a double submit place one order; tying it to the session means
//! only the page this browser was shown can place an order with it.

use tower_sessions::Session;

const ISSUED_KEY: &str = "shop.order_keys";
/// Keys kept per session (a few checkout tabs); the oldest goes first.
const KEEP: usize = 8;

/// A fresh key, remembered in `session`.
pub async fn issue(session: &Session) -> Result<String, tower_sessions::session::Error> {
    let key = openidconnect::CsrfToken::new_random().into_secret();
    let mut issued: Vec<String> = session.get(ISSUED_KEY).await?.unwrap_or_default();
    issued.push(key.clone());
    if issued.len() > KEEP {
        issued.remove(0);
    }
    session.insert(ISSUED_KEY, issued).await?;
    Ok(key)
}

/// Whether `key` was issued to `session` (it stays valid after use, so a
/// repeated submit finds its first order).
pub async fn was_issued(session: &Session, key: &str) -> Result<bool, tower_sessions::session::Error> {
    let issued: Vec<String> = session.get(ISSUED_KEY).await?.unwrap_or_default();
    Ok(issued.iter().any(|issued| issued == key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tower_sessions::MemoryStore;

    #[tokio::test]
    async fn keys_belong_to_their_session_and_are_bounded() {
        let store = Arc::new(MemoryStore::default());
        let mine = Session::new(None, store.clone(), None);
        let theirs = Session::new(None, store, None);
        let key = issue(&mine).await.unwrap();
        assert!(was_issued(&mine, &key).await.unwrap());
        assert!(!was_issued(&theirs, &key).await.unwrap(), "another session's key");
        for _ in 0..KEEP {
            issue(&mine).await.unwrap();
        }
        assert!(
            !was_issued(&mine, &key).await.unwrap(),
            "the oldest of too many was dropped"
        );
    }
}
