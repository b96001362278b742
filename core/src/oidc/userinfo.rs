//! The provider's userinfo endpoint, for the account page.

use crate::error::Cause;
use crate::oidc::discovery::{Discovery, OidcProvider};

/// Why userinfo could not be used. The messages are shown on the account page.
#[derive(Debug, thiserror::Error)]
pub enum UserinfoError {
    #[error("the provider has no userinfo endpoint")]
    NoEndpoint,
    #[error("the userinfo endpoint could not be reached")]
    Unreachable(#[source] Cause),
    #[error("the userinfo endpoint answered {0}")]
    Status(reqwest::StatusCode),
    #[error("the userinfo endpoint did not answer JSON")]
    NotJson(#[source] Cause),
    /// OIDC Core 5.3.2: a userinfo answer for another subject must not be used.
    #[error("the userinfo answer is for another user")]
    OtherSubject,
}

/// The userinfo endpoint's claims for this access token; `sub` must match.
pub async fn fetch_userinfo(
    provider: &OidcProvider,
    discovery: &Discovery,
    access_token: &str,
    subject: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, UserinfoError> {
    let endpoint = discovery
        .metadata
        .userinfo_endpoint()
        .ok_or(UserinfoError::NoEndpoint)?;
    let response = provider
        .http()
        .get(endpoint.url().clone())
        .bearer_auth(access_token)
        .send()
        .await
        .map_err(|err| UserinfoError::Unreachable(Box::new(err)))?;
    if !response.status().is_success() {
        return Err(UserinfoError::Status(response.status()));
    }
    let claims: serde_json::Map<String, serde_json::Value> = response
        .json()
        .await
        .map_err(|err| UserinfoError::NotJson(Box::new(err)))?;
    if claims.get("sub").and_then(|v| v.as_str()) != Some(subject) {
        return Err(UserinfoError::OtherSubject);
    }
    Ok(claims)
}
