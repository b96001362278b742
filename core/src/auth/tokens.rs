//! `access_token(resource, organization)`: the signed-in user's access token
//! for the provider (userinfo), an API resource or an organization. A cached
//! token is returned while it has more than a minute left; otherwise the
//! refresh token gets a new one (concurrent requests share one refresh), the
//! session keeps any rotated refresh token and new ID token, and a grant that
//! is gone ends the session.

use chrono::Utc;
use sha2::{Digest, Sha256};

use crate::auth::profile::user_from_claims;
use crate::auth::providers::Provider;
use crate::auth::session::{AuthSession, SignedIn};
use crate::auth::state::AuthState;
use crate::error::AppError;
use crate::error::error_chain;
use crate::oidc::refresh::{self, CachedToken, RefreshError, Refreshed, TokenKey};

/// Tokens with less than this left are refreshed first (Logto's Python SDK uses 60 s).
pub const SAFETY_MARGIN_SECS: i64 = 60;

/// The cached token for `key`, if any.
pub fn cached(signed_in: &SignedIn, key: &TokenKey) -> Option<CachedToken> {
    if key.is_default() {
        return Some(CachedToken {
            token: signed_in.tokens.access_token.clone(),
            scope: None,
            expires_at: signed_in.tokens.access_token_expires_at,
        });
    }
    signed_in.tokens.resource_tokens.get(&key.cache_key()).cloned()
}

/// Folds a refresh into the signed-in state.
pub fn apply(signed_in: &mut SignedIn, key: &TokenKey, refreshed: &Refreshed, provider: &Provider, state: &AuthState) {
    if key.is_default() {
        signed_in.tokens.access_token = refreshed.access.token.clone();
        signed_in.tokens.access_token_expires_at = refreshed.access.expires_at;
    } else {
        signed_in
            .tokens
            .resource_tokens
            .insert(key.cache_key(), refreshed.access.clone());
    }
    if let Some(rotated) = &refreshed.refresh_token {
        signed_in.tokens.refresh_token = Some(rotated.clone());
    }
    if let Some(identity) = &refreshed.identity {
        let nonce = signed_in.claims.get("nonce").cloned();
        signed_in.tokens.id_token = identity.id_token.clone();
        signed_in.claims = identity.verified.raw_claims.clone();
        if let (Some(nonce), false) = (nonce, signed_in.claims.contains_key("nonce")) {
            // Keep the sign-in's nonce: later refreshed ID tokens are checked against it.
            signed_in.claims.insert("nonce".into(), nonce);
        }
        let mut user = user_from_claims(&identity.verified, provider.settings.claim_rules);
        crate::auth::roles::apply_roles(&mut user, &signed_in.claims, &state.authz, &provider.settings.id);
        signed_in.user = user;
        signed_in.roles_stale = false;
    }
}

/// The flight key: the refresh token (hashed, never kept in clear) and the token asked for.
fn flight_key(refresh_token: &str, key: &TokenKey) -> String {
    let digest = Sha256::digest(refresh_token.as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{hex}|{}", key.cache_key())
}

/// The access token for `resource` and/or `organization` (both `None`: the
/// default token, for userinfo).
pub async fn access_token(
    state: &AuthState,
    session: &AuthSession,
    resource: Option<&str>,
    organization: Option<&str>,
) -> Result<CachedToken, AppError> {
    let key = TokenKey {
        resource: resource.map(String::from),
        organization: organization.map(String::from),
    };
    let mut signed_in = session.signed_in().await?.ok_or(AppError::Unauthorized)?;
    let now = Utc::now().timestamp();
    if let Some(token) = cached(&signed_in, &key).filter(|t| t.fresh(now, SAFETY_MARGIN_SECS)) {
        return Ok(token);
    }
    let Some(refresh_token) = signed_in.tokens.refresh_token.clone() else {
        tracing::info!("access token expired and no refresh token; the user must sign in again");
        session.destroy().await?;
        return Err(AppError::SessionExpired);
    };
    let provider = state.providers.get(&signed_in.provider).ok_or_else(|| {
        tracing::warn!(provider = %signed_in.provider, "the session's provider is no longer configured");
        AppError::SessionExpired
    })?;
    let discovery = provider.discovery().await?;
    let subject = signed_in.user.subject.clone();
    let nonce = signed_in.claims.get("nonce").and_then(|n| n.as_str()).map(String::from);
    let refreshed = state
        .flights
        .run(&flight_key(&refresh_token, &key), || {
            refresh::refresh(
                &provider.settings,
                &provider.oidc,
                discovery,
                &refresh_token,
                &key,
                &subject,
                nonce.as_deref(),
            )
        })
        .await;
    match refreshed {
        Ok(refreshed) => {
            apply(&mut signed_in, &key, &refreshed, provider, state);
            session.update_signed_in(signed_in).await?;
            tracing::info!(token = %key.cache_key(), "access token refreshed");
            Ok(refreshed.access)
        }
        Err(RefreshError::GrantGone(reason)) => {
            tracing::info!(%reason, "refresh token refused; ending the session");
            session.destroy().await?;
            Err(AppError::SessionExpired)
        }
        Err(RefreshError::Refused { error, description }) => {
            tracing::warn!(%error, ?description, token = %key.cache_key(), "token refused by the provider");
            Err(match key.organization {
                Some(_) => crate::auth::app_errors::not_granted(),
                None => AppError::Forbidden(
                    crate::i18n::td_string!(crate::language::context::current(), errors.resource_not_granted)
                        .to_string(),
                ),
            })
        }
        Err(RefreshError::Unreachable(cause)) => {
            tracing::error!(error = %error_chain(cause.as_ref()), "identity provider unreachable during a token refresh");
            Err(AppError::ProviderUnavailable)
        }
        Err(RefreshError::Invalid(reason)) => {
            tracing::error!(%reason, "refreshed tokens rejected; ending the session");
            session.destroy().await?;
            Err(AppError::SessionExpired)
        }
    }
}
