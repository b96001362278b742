//! Typed access to the server-side session: the signed-in visitor with their
//! tokens. The browser holds only the session id (and, while signing in,
//! its sealed attempts: [`crate::auth::attempts`]).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::oidc::refresh::CachedToken;

/// Where the signed-in visitor lives; a session without it is a visitor's.
pub const SIGNED_IN_KEY: &str = "auth.signed_in";

#[derive(Debug, thiserror::Error)]
#[error("session store: {0}")]
pub struct SessionError(#[from] tower_sessions::session::Error);

/// One sign-in attempt waiting for the provider's answer, keyed by `state`
/// (kept sealed in the browser: [`crate::auth::attempts`]).
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PendingSignIn {
    /// The provider this attempt was sent to; its answer must come from it.
    pub provider: String,
    pub pkce_verifier: String,
    pub nonce: String,
    pub return_to: String,
    pub created_at: i64,
    /// A step-up: who must sign in again (`sub`), and the `acr` values one of
    /// which the answer must carry. `None` for an ordinary sign-in.
    #[serde(default)]
    pub step_up: Option<StepUpCheck>,
}

impl PendingSignIn {
    /// The attempt `request` starts at `provider`, remembered until its answer.
    pub fn new(
        provider: &str,
        request: &crate::oidc::code_flow::AuthorizationRequest,
        return_to: String,
        step_up: Option<StepUpCheck>,
    ) -> Self {
        PendingSignIn {
            provider: provider.to_string(),
            pkce_verifier: request.pkce_verifier.clone(),
            nonce: request.nonce.clone(),
            return_to,
            created_at: chrono::Utc::now().timestamp(),
            step_up,
        }
    }
}

/// What the answer to a step-up must show besides a fresh `auth_time`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StepUpCheck {
    pub subject: String,
    #[serde(default)]
    pub acr_values: Vec<String>,
}

impl fmt::Debug for PendingSignIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingSignIn")
            .field("return_to", &self.return_to)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

/// Tokens kept server-side for a signed-in visitor.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Tokens {
    pub id_token: String,
    pub access_token: String,
    pub access_token_expires_at: Option<i64>,
    pub refresh_token: Option<String>,
    /// Access tokens for API resources and organizations, by `resource#org`.
    #[serde(default)]
    pub resource_tokens: BTreeMap<String, CachedToken>,
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Tokens([redacted])")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SignedIn {
    /// The provider that signed the visitor in (for sign-out and userinfo).
    pub provider: String,
    pub user: CurrentUser,
    /// The verified ID token's claims, for the account page.
    pub claims: serde_json::Map<String, serde_json::Value>,
    pub tokens: Tokens,
    pub signed_in_at: i64,
    /// When the customer last authenticated at the provider (the ID token's
    /// `auth_time`), if it said. Step-up asks again when this is old or unknown.
    #[serde(default)]
    pub authenticated_at: Option<i64>,
    /// The provider said roles or memberships changed (a webhook): roles are
    /// cleared until a refreshed ID token brings them again.
    #[serde(default)]
    pub roles_stale: bool,
    /// The absolute end of this sign-in (Unix seconds), however active the
    /// session: after it the visitor is signed out and signs in again.
    /// Sessions from before the setting end [`DEFAULT_LIFETIME_SECS`] after sign-in.
    #[serde(default)]
    pub ends_at: Option<i64>,
}

#[cfg(test)]
impl SignedIn {
    /// `subject` signed in at Logto at `at` (tests), with placeholder tokens.
    pub fn for_tests(subject: &str, at: i64) -> Self {
        SignedIn {
            provider: "logto".into(),
            user: crate::auth::model::CurrentUser::with_subject(subject),
            claims: Default::default(),
            tokens: Tokens {
                id_token: "idt".into(),
                access_token: "at".into(),
                access_token_expires_at: None,
                refresh_token: None,
                resource_tokens: BTreeMap::new(),
            },
            signed_in_at: at,
            authenticated_at: Some(at),
            roles_stale: false,
            ends_at: None,
        }
    }
}

/// The absolute lifetime of sessions that did not record their own end.
pub const DEFAULT_LIFETIME_SECS: i64 = 30 * 24 * 3600;

impl SignedIn {
    /// Whether this sign-in is past its absolute lifetime at `now`.
    pub fn has_ended(&self, now: i64) -> bool {
        now >= self.ends_at.unwrap_or(self.signed_in_at + DEFAULT_LIFETIME_SECS)
    }
}

/// The session, seen through the auth keys.
#[derive(Clone)]
pub struct AuthSession(pub Session);

impl AuthSession {
    /// The session of the request a server function serves.
    pub async fn from_request() -> Result<Self, AppError> {
        let session: Session = leptos_axum::extract().await.map_err(|err| {
            tracing::error!(error = %err, "no session on the request: is the session layer installed?");
            AppError::Internal
        })?;
        // A visitor whose cookie named a session gets a page of their own:
        // whatever this render shows from it is not for anyone else.
        if session.id().is_some() {
            crate::request::shared_page::not_for_everyone(crate::request::shared_page::NotShared::Personal);
        }
        Ok(AuthSession(session))
    }

    /// The signed-in visitor; a sign-in past its absolute lifetime ends
    /// here (the session is deleted) and reads as signed out.
    pub async fn signed_in(&self) -> Result<Option<SignedIn>, SessionError> {
        let signed_in: Option<SignedIn> = self.0.get(SIGNED_IN_KEY).await?;
        match signed_in {
            Some(signed_in) if signed_in.has_ended(chrono::Utc::now().timestamp()) => {
                tracing::info!(provider = %signed_in.provider, "sign-in reached its absolute lifetime; signed out");
                self.destroy().await?;
                Ok(None)
            }
            other => Ok(other),
        }
    }

    /// Signs the visitor in: a new session id first (no fixation), then the user.
    pub async fn complete_sign_in(&self, signed_in: SignedIn) -> Result<(), SessionError> {
        self.0.cycle_id().await?;
        self.0.insert(SIGNED_IN_KEY, signed_in).await?;
        Ok(())
    }

    /// Replaces the signed-in state (after a token refresh), keeping the session id.
    pub async fn update_signed_in(&self, signed_in: SignedIn) -> Result<(), SessionError> {
        self.0.insert(SIGNED_IN_KEY, signed_in).await?;
        Ok(())
    }

    /// Deletes the whole session from the store, so a copied cookie is worthless.
    pub async fn destroy(&self) -> Result<(), SessionError> {
        self.0.flush().await?;
        Ok(())
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
