//! The provider's userinfo endpoint, for the account page.

use crate::error::error_chain;
use crate::oidc::discovery::{Discovery, OidcProvider};

/// The userinfo endpoint's claims for this access token; `sub` must match.
pub async fn fetch_userinfo(
    provider: &OidcProvider,
    discovery: &Discovery,
    access_token: &str,
    subject: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let endpoint = discovery
        .metadata
        .userinfo_endpoint()
        .ok_or("the provider has no userinfo endpoint")?;
    let response = provider
        .http()
        .get(endpoint.url().clone())
        .bearer_auth(access_token)
        .send()
        .await
        .map_err(|err| format!("the userinfo endpoint could not be reached ({})", error_chain(&err)))?;
    if !response.status().is_success() {
        return Err(format!("the userinfo endpoint answered {}", response.status()));
    }
    let claims: serde_json::Map<String, serde_json::Value> = response
        .json()
        .await
        .map_err(|_| "the userinfo endpoint did not answer JSON".to_string())?;
    // OIDC Core 5.3.2: a userinfo answer for another subject must not be used.
    if claims.get("sub").and_then(|v| v.as_str()) != Some(subject) {
        return Err("the userinfo answer is for another user".into());
    }
    Ok(claims)
}
