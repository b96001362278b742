//! What a signed-in user may do in one of their organizations. Nothing from
//! the request is trusted: the id must be short and plain and among the
//! organizations the verified ID token lists (before any call to the
//! provider), the provider must be Logto (a plain OpenID provider has no
//! organization tokens and might echo any scope), and the permissions come
//! from the organization token itself, verified like any access token
//! (signature, issuer, audience `urn:logto:organization:<id>`, expiry, the
//! same user, and `organization_id` when present).

use crate::auth::app_errors::not_granted;
use crate::auth::model::Membership;
use crate::auth::session::{AuthSession, SignedIn};
use crate::auth::state::AuthState;
use crate::error::{AppError, error_chain};
use crate::oidc::access_token::{self, BearerError};

/// Logto's audience for organization tokens.
pub const ORGANIZATION_AUDIENCE_PREFIX: &str = "urn:logto:organization:";
/// Organization ids are Logto's short identifiers; anything longer or
/// fancier is refused before it reaches a cache key, a log line or the provider.
const MAX_ID_LEN: usize = 64;

/// The organization as the user may use it.
pub struct OrganizationAccess {
    /// The provider the organization belongs to (orders are keyed by it too).
    pub provider: String,
    pub membership: Membership,
    /// The organization token's permissions.
    pub scopes: Vec<String>,
}

/// Whether `id` can be an organization id at all.
pub fn is_plain_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_LEN && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The user's organizations, when their provider has organizations (Logto).
pub fn offered(state: &AuthState, signed_in: &SignedIn) -> Vec<Membership> {
    match state.providers.get(&signed_in.provider) {
        Some(provider) if provider.settings.logto => crate::auth::roles::memberships(&signed_in.claims, None),
        _ => Vec::new(),
    }
}

/// Checks membership, fetches and verifies the organization token, and
/// returns what the user may do in organization `id`.
pub async fn access(state: &AuthState, session: &AuthSession, id: &str) -> Result<OrganizationAccess, AppError> {
    if !is_plain_id(id) {
        return Err(AppError::NotFound);
    }
    let signed_in = session.signed_in().await?.ok_or(AppError::Unauthorized)?;
    let provider = state
        .providers
        .get(&signed_in.provider)
        .ok_or(AppError::SessionExpired)?;
    if !provider.settings.logto {
        return Err(AppError::Forbidden(
            crate::i18n::td_string!(crate::language::context::current(), errors.organizations_need_logto).to_string(),
        ));
    }
    let membership = offered(state, &signed_in)
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(not_granted)?;
    let token = crate::auth::tokens::access_token(state, session, None, Some(id)).await?;
    let audience = format!("{ORGANIZATION_AUDIENCE_PREFIX}{id}");
    let now = chrono::Utc::now().timestamp();
    let caller = access_token::verify(&provider.oidc, &token.token, &audience, None, now)
        .await
        .map_err(|err| match err {
            BearerError::Unavailable => AppError::ProviderUnavailable,
            other => {
                tracing::warn!(error = %error_chain(&other), "organization token refused");
                not_granted()
            }
        })?;
    if caller.subject != signed_in.user.subject || caller.organization.as_deref().is_some_and(|org| org != id) {
        tracing::warn!("organization token for another user or organization refused");
        return Err(not_granted());
    }
    Ok(OrganizationAccess {
        provider: signed_in.provider,
        membership,
        scopes: caller.scopes,
    })
}

#[cfg(test)]
mod tests {
    use super::is_plain_id;

    #[test]
    fn only_short_plain_ids_are_organization_ids() {
        for ok in ["org-bletchley", "a", "O_1", &"x".repeat(64)] {
            assert!(is_plain_id(ok), "{ok}");
        }
        for bad in ["", &"x".repeat(65), "org 1", "org/1", "org%0a", "örg", "a\nb", "a.b"] {
            assert!(!is_plain_id(bad), "{bad:?}");
        }
    }
}
