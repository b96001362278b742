//! The refresh-token grant (RFC 6749 6) as Logto's SDKs use it: with
//! `resource` for an API resource's token, with `organization_id` for an
//! organization token. A new ID token in the answer is verified like the
//! first one (signature, issuer, audience, times; same subject; nonce absent
//! or the sign-in's), and a rotated refresh token replaces the old one.

use std::sync::Arc;

use chrono::Utc;
use openidconnect::{Nonce, OAuth2TokenResponse, RefreshToken, RequestTokenError};
use serde::{Deserialize, Serialize};

use crate::error::Cause;
use crate::oidc::client::{FlowError, check_token_type, token_client, token_error};
use crate::oidc::code_flow::verify_with_rotation;
use crate::oidc::discovery::{Discovery, OidcProvider};
use crate::oidc::id_token::VerifiedIdToken;
use crate::oidc::provider_settings::ProviderSettings;

/// Which token: the default (userinfo) one, an API resource's, an organization's.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenKey {
    pub resource: Option<String>,
    pub organization: Option<String>,
}

impl TokenKey {
    /// The session cache key, as Logto's JS SDK builds it: `resource#org`.
    pub fn cache_key(&self) -> String {
        let resource = self.resource.as_deref().unwrap_or_default();
        match &self.organization {
            Some(org) => format!("{resource}#{org}"),
            None => resource.to_string(),
        }
    }

    pub fn is_default(&self) -> bool {
        self.resource.is_none() && self.organization.is_none()
    }
}

/// An access token kept in the session.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CachedToken {
    pub token: String,
    pub scope: Option<String>,
    /// Unix seconds; `None` when the provider did not say.
    pub expires_at: Option<i64>,
}

impl std::fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedToken")
            .field("scope", &self.scope)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl CachedToken {
    /// Usable for at least `margin` more seconds.
    pub fn fresh(&self, now: i64, margin: i64) -> bool {
        self.expires_at.is_none_or(|at| at - now > margin)
    }

    pub fn scopes(&self) -> Vec<String> {
        self.scope
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .map(String::from)
            .collect()
    }
}

/// A verified ID token from a refresh.
#[derive(Clone, Debug)]
pub struct RefreshedIdentity {
    pub id_token: String,
    pub verified: VerifiedIdToken,
}

/// What a refresh brought back.
#[derive(Clone, Debug)]
pub struct Refreshed {
    pub access: CachedToken,
    /// A rotated refresh token, when the provider issued one.
    pub refresh_token: Option<String>,
    pub identity: Option<RefreshedIdentity>,
}

#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    /// The grant is gone (expired, revoked, signed out elsewhere): sign in again.
    #[error("the refresh token was refused: {0}")]
    GrantGone(String),
    /// The provider refused this token for another reason (not a member of
    /// the organization, an unknown resource, a missing scope).
    #[error("the provider refused the token: {error}")]
    Refused { error: String, description: Option<String> },
    #[error("the identity provider could not be reached")]
    Unreachable(#[source] Cause),
    #[error("the refreshed tokens failed a check: {0}")]
    Invalid(String),
}

impl From<FlowError> for RefreshError {
    fn from(err: FlowError) -> Self {
        match err {
            FlowError::TokenRejected { error, description } => {
                if error == "invalid_grant" {
                    RefreshError::GrantGone(description.unwrap_or(error))
                } else {
                    RefreshError::Refused { error, description }
                }
            }
            FlowError::InvalidResponse(reason) => RefreshError::Invalid(reason),
            FlowError::Unreachable(cause) => RefreshError::Unreachable(cause),
            FlowError::Misconfigured(what) => RefreshError::Invalid(format!("the provider metadata lacks {what}")),
        }
    }
}

/// Exchanges `refresh_token` for the token `key` names.
pub async fn refresh(
    settings: &ProviderSettings,
    provider: &OidcProvider,
    discovery: Arc<Discovery>,
    refresh_token: &str,
    key: &TokenKey,
    subject: &str,
    sign_in_nonce: Option<&str>,
) -> Result<Refreshed, RefreshError> {
    let (client, assertion) = token_client(settings, &discovery)?;
    let refresh_token = RefreshToken::new(refresh_token.to_string());
    let mut request = client.exchange_refresh_token(&refresh_token);
    if let Some(resource) = &key.resource {
        request = request.add_extra_param("resource", resource.clone());
    }
    if let Some(organization) = &key.organization {
        request = request.add_extra_param("organization_id", organization.clone());
    }
    for (name, value) in assertion {
        request = request.add_extra_param(name, value);
    }
    let response = match request.request_async(provider.http()).await {
        Ok(response) => response,
        Err(RequestTokenError::Request(inner)) => {
            return Err(RefreshError::Unreachable(Box::new(inner)));
        }
        Err(err) => return Err(token_error(err).into()),
    };
    check_token_type(&response)?;
    let now = Utc::now().timestamp();
    let access = CachedToken {
        token: response.access_token().secret().clone(),
        scope: response
            .scopes()
            .map(|scopes| scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")),
        expires_at: response.expires_in().map(|ttl| now + ttl.as_secs() as i64),
    };
    let identity = match response.extra_fields().id_token() {
        None => None,
        Some(id_token) => {
            let raw = id_token.to_string();
            let nonce = Nonce::new(sign_in_nonce.unwrap_or_default().to_string());
            let access_token = response.access_token().secret();
            let verified =
                verify_with_rotation(settings, provider, discovery, &raw, &nonce, access_token, true).await?;
            if verified.claims.subject().as_str() != subject {
                return Err(RefreshError::Invalid(
                    "the refreshed ID token names another user".into(),
                ));
            }
            Some(RefreshedIdentity {
                id_token: raw,
                verified,
            })
        }
    };
    Ok(Refreshed {
        access,
        refresh_token: response.refresh_token().map(|t| t.secret().clone()),
        identity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_keys_follow_logtos_sdk() {
        let key = |resource: Option<&str>, org: Option<&str>| TokenKey {
            resource: resource.map(String::from),
            organization: org.map(String::from),
        };
        assert_eq!(key(None, None).cache_key(), "");
        assert!(key(None, None).is_default());
        assert_eq!(
            key(Some("https://api.bookstore.test"), None).cache_key(),
            "https://api.bookstore.test"
        );
        assert_eq!(key(None, Some("org1")).cache_key(), "#org1");
    }

    #[test]
    fn a_token_is_fresh_only_beyond_the_safety_margin() {
        let token = |expires_at| CachedToken {
            token: "t".into(),
            scope: Some("read:orders write:books".into()),
            expires_at,
        };
        assert!(token(Some(1000)).fresh(900, 60));
        assert!(!token(Some(1000)).fresh(940, 60), "60 s margin");
        assert!(!token(Some(1000)).fresh(1001, 60));
        assert!(token(None).fresh(i64::MAX, 60), "no expiry given: used until refused");
        assert_eq!(token(None).scopes(), ["read:orders", "write:books"]);
        assert!(!format!("{:?}", token(None)).contains("\"t\""), "never logged");
    }
}
