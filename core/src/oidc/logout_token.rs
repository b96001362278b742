//! OpenID Connect Back-Channel Logout 1.0, the token: the provider POSTs a
//! logout token when a user's provider session ends; it is verified here
//! (signature with the provider's keys, `typ`, `iss`, `aud`, `iat`, the
//! logout event, `sid` and/or `sub`, no `nonce`, a `jti`). Replays and the
//! sessions it ends are the app's business (`auth::session_index`).

use chrono::Utc;
use serde_json::{Map, Value};

use crate::oidc::discovery::{Discovery, OidcProvider};
use crate::oidc::jwt::{allowed_algs, parts, verify_signature};
use crate::oidc::provider_settings::ProviderSettings;

pub const LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";
/// How old a logout token may be (its `iat`), and the clock tolerance.
const MAX_AGE_SECS: i64 = 300;
const LEEWAY_SECS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogoutError {
    #[error("{0}")]
    Invalid(&'static str),
    #[error("the identity provider's keys are unavailable")]
    Unavailable,
}

/// Who is to be signed out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoutTarget {
    pub provider: String,
    pub sid: Option<String>,
    pub subject: Option<String>,
    pub jti: String,
}

/// The claims checks (pure, for unit tests); the signature is checked by [`verify`].
pub fn check_claims(
    claims: &Map<String, Value>,
    issuer: &str,
    client_id: &str,
    now: i64,
) -> Result<(Option<String>, Option<String>, String), LogoutError> {
    use LogoutError::Invalid;
    if claims.get("iss").and_then(Value::as_str) != Some(issuer) {
        return Err(Invalid("the logout token comes from another issuer"));
    }
    let audience_ok = match claims.get("aud") {
        Some(Value::String(aud)) => aud == client_id,
        Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(client_id)),
        _ => false,
    };
    if !audience_ok {
        return Err(Invalid("the logout token is for another client"));
    }
    let iat = claims
        .get("iat")
        .and_then(Value::as_i64)
        .ok_or(Invalid("the logout token has no iat"))?;
    if iat > now + LEEWAY_SECS || iat < now - MAX_AGE_SECS - LEEWAY_SECS {
        return Err(Invalid("the logout token was not issued just now"));
    }
    if let Some(exp) = claims.get("exp") {
        let exp = exp.as_i64().ok_or(Invalid("the logout token's exp is not a number"))?;
        if exp + LEEWAY_SECS < now {
            return Err(Invalid("the logout token has expired"));
        }
    }
    let has_event = claims
        .get("events")
        .and_then(Value::as_object)
        .and_then(|events| events.get(LOGOUT_EVENT))
        .is_some_and(Value::is_object);
    if !has_event {
        return Err(Invalid("the token is not a logout token (events)"));
    }
    if claims.contains_key("nonce") {
        return Err(Invalid("a logout token must not carry a nonce"));
    }
    let text = |name: &str| {
        claims
            .get(name)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .map(String::from)
    };
    let (sid, sub) = (text("sid"), text("sub"));
    if sid.is_none() && sub.is_none() {
        return Err(Invalid(
            "the logout token names neither a session (sid) nor a user (sub)",
        ));
    }
    let jti = text("jti").ok_or(Invalid("the logout token has no jti"))?;
    Ok((sid, sub, jti))
}

/// Verifies a logout token from the provider `settings` describes.
pub async fn verify(settings: &ProviderSettings, oidc: &OidcProvider, raw: &str) -> Result<LogoutTarget, LogoutError> {
    let (header, claims) = parts(raw).ok_or(LogoutError::Invalid("the logout token is not a JWT"))?;
    if header
        .get("typ")
        .and_then(Value::as_str)
        .is_some_and(|t| !t.eq_ignore_ascii_case("logout+jwt") && !t.eq_ignore_ascii_case("jwt"))
    {
        return Err(LogoutError::Invalid("the token is not a logout token (typ)"));
    }
    let discovery = oidc.discovery().await.map_err(|_| LogoutError::Unavailable)?;
    let attempt = |discovery: &Discovery| {
        let algs = allowed_algs(discovery.metadata.id_token_signing_alg_values_supported());
        verify_signature(raw, &header, &algs, discovery.metadata.jwks())
    };
    oidc.check_with_rotation(&discovery, attempt)
        .await
        .map_err(|_| LogoutError::Unavailable)?
        .map_err(|_| LogoutError::Invalid("the logout token signature is invalid"))?;
    let now = Utc::now().timestamp();
    let (sid, subject, jti) = check_claims(&claims, discovery.metadata.issuer().as_str(), &settings.client_id, now)?;
    Ok(LogoutTarget {
        provider: settings.id.clone(),
        sid,
        subject,
        jti,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ISS: &str = "http://127.0.0.1:3001/oidc";

    fn claims(changes: Value) -> Map<String, Value> {
        let mut base = json!({
            "iss": ISS, "aud": "bookstore-dev", "iat": 1000, "jti": "j1", "sid": "s1", "sub": "u1",
            "events": { LOGOUT_EVENT: {} }
        })
        .as_object()
        .unwrap()
        .clone();
        for (k, v) in changes.as_object().unwrap() {
            if v.is_null() {
                base.remove(k);
            } else {
                base.insert(k.clone(), v.clone());
            }
        }
        base
    }

    fn check(changes: Value) -> Result<(Option<String>, Option<String>, String), LogoutError> {
        check_claims(&claims(changes), ISS, "bookstore-dev", 1010)
    }

    #[test]
    fn a_good_logout_token_names_the_session_and_user() {
        assert_eq!(
            check(json!({})),
            Ok((Some("s1".into()), Some("u1".into()), "j1".into()))
        );
        assert!(check(json!({"sid": null})).is_ok(), "sub alone");
        assert!(check(json!({"sub": null})).is_ok(), "sid alone");
    }

    #[test]
    fn every_required_property_is_checked() {
        let refused = |changes| matches!(check(changes), Err(LogoutError::Invalid(_)));
        assert!(refused(json!({"iss": "https://evil.example/oidc"})), "issuer");
        assert!(refused(json!({"aud": "another-client"})), "audience");
        assert!(refused(json!({"iat": null})), "no iat");
        assert!(refused(json!({"iat": 100})), "too old");
        assert!(refused(json!({"iat": 2000})), "from the future");
        assert!(refused(json!({"exp": 900})), "expired");
        assert!(refused(json!({"events": null})), "no event");
        assert!(refused(json!({"events": {"other": {}}})), "another event");
        assert!(refused(json!({"nonce": "n"})), "nonce present");
        assert!(refused(json!({"sid": null, "sub": null})), "neither sid nor sub");
        assert!(refused(json!({"jti": null})), "no jti");
    }
}
