//! `acceptStringTypedBooleanClaims`: some providers send `"true"`/`"false"`
//! strings in `*_verified` claims, and openidconnect refuses such a token
//! when it parses the claims. With the option on, the signature is verified
//! here (same algorithm allow-list, same keys), then the claims get real
//! booleans and openidconnect checks everything else on that copy.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openidconnect::core::{CoreJsonWebKeySet, CoreJwsSigningAlgorithm};
use openidconnect::{JsonWebKey, JsonWebKeyAlgorithm, JsonWebKeyUse, JwsSigningAlgorithm};
use serde_json::{Map, Value};

use crate::auth::verify::IdTokenError;

const BOOLEAN_CLAIMS: [&str; 3] = ["email_verified", "phone_number_verified", "phone_verified"];

/// The token with its string booleans made real booleans, or `None` when it has none.
pub fn normalized(raw: &str, claims: &Map<String, Value>) -> Option<String> {
    let mut claims = claims.clone();
    let mut changed = false;
    for name in BOOLEAN_CLAIMS {
        if let Some(Value::String(text)) = claims.get(name) {
            let flag = text.eq_ignore_ascii_case("true");
            claims.insert(name.to_string(), Value::Bool(flag));
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    let mut parts = raw.split('.');
    let (header, _, signature) = (parts.next()?, parts.next()?, parts.next()?);
    let payload = URL_SAFE_NO_PAD.encode(Value::Object(claims).to_string());
    Some(format!("{header}.{payload}.{signature}"))
}

/// Verifies the compact JWS `raw` against `keys`, as openidconnect would:
/// the header's `alg` only if allowed, a key matching `kid`, type and use.
pub fn verify_signature(
    raw: &str,
    header: &Map<String, Value>,
    algorithms: &[CoreJwsSigningAlgorithm],
    keys: &CoreJsonWebKeySet,
) -> Result<(), IdTokenError> {
    let rejected = |reason: &'static str, detail: String| IdTokenError::Rejected { reason, detail };
    let alg: CoreJwsSigningAlgorithm = header
        .get("alg")
        .and_then(|alg| serde_json::from_value(alg.clone()).ok())
        .ok_or(IdTokenError::Malformed)?;
    if !algorithms.contains(&alg) {
        return Err(rejected(
            "the ID token uses a signature algorithm Bookstore does not accept",
            format!("{alg:?}"),
        ));
    }
    let kid = header.get("kid").and_then(Value::as_str);
    let candidates: Vec<_> = keys
        .keys()
        .iter()
        .filter(|key| kid.is_none_or(|kid| key.key_id().map(|id| id.as_str()) == Some(kid)))
        .filter(|key| alg.key_type().is_some_and(|kty| *key.key_type() == kty))
        .filter(|key| match key.signing_alg() {
            JsonWebKeyAlgorithm::Algorithm(key_alg) => *key_alg == alg,
            JsonWebKeyAlgorithm::Unspecified => true,
            JsonWebKeyAlgorithm::Unsupported => false,
        })
        .filter(|key| key.key_use().is_none_or(|key_use| key_use.allows_signature()))
        .collect();
    let key = match candidates.as_slice() {
        [] => return Err(IdTokenError::UnknownKey),
        [key] => *key,
        _ => {
            return Err(rejected(
                "the ID token signature is invalid",
                "several keys match".into(),
            ));
        }
    };
    let (message, signature) = raw.rsplit_once('.').ok_or(IdTokenError::Malformed)?;
    let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| IdTokenError::Malformed)?;
    key.verify_signature(&alg, message.as_bytes(), &signature)
        .map_err(|err| rejected("the ID token signature is invalid", err.to_string()))
}
