//! Bearer access tokens for the Bookstore API (RFC 6750, RFC 9068): a JWT
//! from the configured provider, checked for signature (the provider's JWKS,
//! asymmetric algorithms only), `typ`, issuer, audience equal to the API
//! resource, expiry, not-before, issue time, subject and scope.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::error::error_chain;
use crate::oidc::discovery::{Discovery, OidcProvider};
use crate::oidc::jwt::{allowed_algs, parts, verify_signature};

/// Clock tolerance on every time check.
const LEEWAY_SECS: i64 = 30;

/// A verified token's caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub subject: String,
    pub scopes: Vec<String>,
    /// Logto's `organization_id` claim, when the token carries one.
    pub organization: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BearerError {
    #[error("no bearer token")]
    Missing,
    #[error("{0}")]
    Invalid(&'static str),
    #[error("the access token lacks the scope {0}")]
    InsufficientScope(String),
    #[error("the identity provider's keys are unavailable")]
    Unavailable,
}

/// Verifies `raw` as an access token for `resource` (its audience), carrying
/// `scope` when one is required. Also serves Logto's organization tokens
/// (audience `urn:logto:organization:<id>`).
pub async fn verify(
    oidc: &OidcProvider,
    raw: &str,
    resource: &str,
    scope: Option<&str>,
    now: i64,
) -> Result<Caller, BearerError> {
    let (header, claims) = parts(raw).ok_or(BearerError::Invalid("the access token is not a JWT"))?;
    let discovery = oidc.discovery().await.map_err(|err| {
        tracing::error!(error = %error_chain(&err), "API token check: provider metadata unavailable");
        BearerError::Unavailable
    })?;
    check_signature(oidc, &discovery, raw, &header).await?;
    check_claims(
        &header,
        &claims,
        discovery.metadata.issuer().as_str(),
        resource,
        scope,
        now,
    )
}

async fn check_signature(
    oidc: &OidcProvider,
    discovery: &Arc<Discovery>,
    raw: &str,
    header: &Map<String, Value>,
) -> Result<(), BearerError> {
    let attempt = |discovery: &Discovery| {
        let algs = allowed_algs(discovery.metadata.id_token_signing_alg_values_supported());
        verify_signature(raw, header, &algs, discovery.metadata.jwks())
    };
    let result = oidc
        .check_with_rotation(discovery, attempt)
        .await
        .map_err(|_| BearerError::Unavailable)?;
    result.map_err(|err| {
        tracing::warn!(error = %err, "API token signature rejected");
        BearerError::Invalid("the access token signature is invalid")
    })
}

/// Everything but the signature (pure, for unit tests).
pub fn check_claims(
    header: &Map<String, Value>,
    claims: &Map<String, Value>,
    issuer: &str,
    resource: &str,
    scope: Option<&str>,
    now: i64,
) -> Result<Caller, BearerError> {
    if let Some(typ) = header.get("typ") {
        let typ = typ.as_str().unwrap_or_default().to_ascii_lowercase();
        if !matches!(typ.as_str(), "at+jwt" | "application/at+jwt" | "jwt") {
            return Err(BearerError::Invalid("the token is not an access token (typ)"));
        }
    }
    if claims.get("iss").and_then(Value::as_str) != Some(issuer) {
        return Err(BearerError::Invalid("the access token comes from another issuer"));
    }
    let audience_ok = match claims.get("aud") {
        Some(Value::String(aud)) => aud == resource,
        Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(resource)),
        _ => false,
    };
    if !audience_ok {
        return Err(BearerError::Invalid("the access token is for another audience"));
    }
    let time = |name: &str| {
        claims
            .get(name)
            .map(|v| v.as_i64().ok_or(BearerError::Invalid("a time claim is not a number")))
    };
    let exp = time("exp")
        .transpose()?
        .ok_or(BearerError::Invalid("the access token has no expiry"))?;
    if exp + LEEWAY_SECS < now {
        return Err(BearerError::Invalid("the access token has expired"));
    }
    if let Some(nbf) = time("nbf").transpose()?
        && nbf - LEEWAY_SECS > now
    {
        return Err(BearerError::Invalid("the access token is not valid yet"));
    }
    if let Some(iat) = time("iat").transpose()?
        && iat - LEEWAY_SECS > now
    {
        return Err(BearerError::Invalid("the access token was issued in the future"));
    }
    let subject = claims
        .get("sub")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or(BearerError::Invalid("the access token names no user"))?;
    let scopes: Vec<String> = match claims.get("scope").or_else(|| claims.get("scp")) {
        Some(Value::String(text)) => text.split_whitespace().map(String::from).collect(),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(String::from).collect(),
        _ => Vec::new(),
    };
    if let Some(scope) = scope
        && !scopes.iter().any(|s| s == scope)
    {
        return Err(BearerError::InsufficientScope(scope.to_string()));
    }
    Ok(Caller {
        subject: subject.to_string(),
        scopes,
        organization: claims.get("organization_id").and_then(Value::as_str).map(String::from),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ISS: &str = "https://tenant.logto.app/oidc";
    const API: &str = "https://api.bookstore.test";

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    fn claims(overrides: Value) -> Map<String, Value> {
        let mut base =
            map(json!({"iss": ISS, "aud": API, "sub": "u1", "exp": 2000, "iat": 1000, "scope": "read:orders"}));
        for (k, v) in map(overrides) {
            if v.is_null() {
                base.remove(&k);
            } else {
                base.insert(k, v);
            }
        }
        base
    }

    fn check(header: Value, overrides: Value) -> Result<Caller, BearerError> {
        check_claims(&map(header), &claims(overrides), ISS, API, Some("read:orders"), 1500)
    }

    #[test]
    fn a_good_token_names_its_caller() {
        let caller = check(json!({"typ": "at+jwt"}), json!({})).unwrap();
        assert_eq!(caller.subject, "u1");
        assert!(check(json!({}), json!({"aud": ["other", API]})).is_ok());
    }

    #[test]
    fn each_claim_is_checked() {
        let invalid = |header, overrides| matches!(check(header, overrides), Err(BearerError::Invalid(_)));
        assert!(
            invalid(json!({"typ": "JWT"}), json!({"iss": "https://evil.example/oidc"})),
            "issuer"
        );
        assert!(
            invalid(json!({}), json!({"aud": "bookstore-dev"})),
            "audience: an ID token's aud is the client"
        );
        assert!(invalid(json!({}), json!({"aud": null})), "no audience");
        assert!(invalid(json!({}), json!({"exp": 1400})), "expired beyond the leeway");
        assert!(!invalid(json!({}), json!({"exp": 1480})), "within the leeway");
        assert!(invalid(json!({}), json!({"exp": null})), "no expiry");
        assert!(invalid(json!({}), json!({"exp": "2000"})), "expiry as text");
        assert!(invalid(json!({}), json!({"nbf": 1600})), "not yet valid");
        assert!(invalid(json!({}), json!({"iat": 1600})), "issued in the future");
        assert!(invalid(json!({}), json!({"sub": null})), "no subject");
        assert!(invalid(json!({"typ": "id_token+jwt"}), json!({})), "typ");
    }

    #[test]
    fn a_missing_scope_is_its_own_error() {
        assert_eq!(
            check(json!({}), json!({"scope": "write:books"})),
            Err(BearerError::InsufficientScope("read:orders".into()))
        );
        assert!(check(json!({}), json!({"scope": null, "scp": ["read:orders"]})).is_ok());
    }
}
