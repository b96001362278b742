//! What Bookstore does when a customer's account changes at the provider
//! (its webhooks) or is deleted from the shop: their sessions end on every
//! instance, then the listeners (the shop) are told.

use crate::auth::events::{Account, AuthEvent};
use crate::auth::state::AuthState;

/// Deleted: every session ends, then the shop erases what it kept.
pub async fn deleted(state: &AuthState, account: Account<'_>) -> Result<(), String> {
    state.end_sessions.end_all(account.provider, account.subject).await?;
    state.listeners.announce(AuthEvent::Deleted { account }).await
}

/// Suspended (every session ends) or reinstated.
pub async fn suspended(state: &AuthState, account: Account<'_>, suspended: bool) -> Result<(), String> {
    if suspended {
        state.end_sessions.end_all(account.provider, account.subject).await?;
    }
    state
        .listeners
        .announce(AuthEvent::Suspended { account, suspended })
        .await
}
