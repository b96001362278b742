//! Ending a user's sessions on every instance from the provider's word (a
//! back-channel logout, a deletion or suspension webhook), and marking
//! sessions whose roles or organization tokens are out of date.

use std::str::FromStr;

use tower_sessions::SessionStore;
use tower_sessions::session::Id;

use crate::auth::session::SIGNED_IN_KEY;
use crate::auth::session_index;
use crate::server::session_store::Sessions;
use crate::server::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum EndingError {
    #[error("the session index could not be read: {0}")]
    Index(#[from] sqlx::Error),
    #[error("a session could not be changed: {0}")]
    Store(#[from] tower_sessions::session_store::Error),
}

/// Deletes the stored sessions of `provider`'s `subject` and/or provider
/// session `sid`; how many. A failure leaves the rest for the provider's
/// retry (ending a session twice is harmless).
pub async fn end_sessions(
    state: &AppState,
    provider: &str,
    sid: Option<&str>,
    subject: Option<&str>,
) -> Result<usize, EndingError> {
    end_in(&state.db, &state.sessions, provider, sid, subject).await
}

async fn end_in(
    db: &sqlx::AnyPool,
    sessions: &Sessions,
    provider: &str,
    sid: Option<&str>,
    subject: Option<&str>,
) -> Result<usize, EndingError> {
    let ids = session_index::matching_sessions(db, provider, sid, subject).await?;
    for id in &ids {
        if let Ok(id) = Id::from_str(id) {
            sessions.delete(&id).await?;
        }
    }
    if let Err(err) = session_index::forget_sessions(db, &ids).await {
        tracing::warn!(error = %err, "stale session index rows left");
    }
    Ok(ids.len())
}

/// Every signed-in session of `provider`: cached organization and resource
/// tokens dropped, roles cleared (nobody is staff on an old word) and read
/// again from a refreshed ID token at the session's next request.
pub async fn mark_roles_stale(state: &AppState, provider: &str) -> Result<usize, EndingError> {
    let ids = session_index::matching_sessions(&state.db, provider, None, None).await?;
    let mut marked = 0;
    for id in ids.iter().filter_map(|id| Id::from_str(id).ok()) {
        let Some(mut record) = state.sessions.load(&id).await? else {
            continue;
        };
        let Some(signed_in) = record.data.get_mut(SIGNED_IN_KEY) else {
            continue;
        };
        if let Some(tokens) = signed_in.get_mut("tokens") {
            tokens["resource_tokens"] = serde_json::json!({});
            // The next use refreshes it, and with it the ID token's roles.
            tokens["access_token_expires_at"] = serde_json::json!(0);
        }
        if let Some(user) = signed_in.get_mut("user") {
            user["roles"] = serde_json::json!([]);
            user["is_admin"] = serde_json::json!(false);
        }
        signed_in["roles_stale"] = serde_json::json!(true);
        state.sessions.save(&record).await?;
        marked += 1;
    }
    Ok(marked)
}

/// How `auth` ends a customer's sessions on every instance (deleting their
/// account from the shop), without knowing the session store.
pub struct EndEverywhere {
    pub db: sqlx::AnyPool,
    pub sessions: Sessions,
}

#[async_trait::async_trait]
impl crate::auth::events::EndSessions for EndEverywhere {
    async fn end_all(&self, provider: &str, subject: &str) -> Result<usize, String> {
        end_in(&self.db, &self.sessions, provider, None, Some(subject))
            .await
            .map_err(|err| err.to_string())
    }

    async fn end_provider_session(&self, provider: &str, subject: &str, sid: &str) -> Result<usize, String> {
        end_in(&self.db, &self.sessions, provider, Some(sid), Some(subject))
            .await
            .map_err(|err| err.to_string())
    }
}
