//! Compact JWS, once for every token Bookstore checks (ID tokens, logout
//! tokens, API access tokens): the header and claims segments, the allow-list
//! of signature algorithms, and the signature check against the provider's
//! keys (`kid`, key type, algorithm and use must match). Key rotation (one
//! rate-limited JWKS refetch on an unknown key) is
//! [`OidcProvider::check_with_rotation`](crate::oidc::discovery::OidcProvider::check_with_rotation).
//!
//! Signatures are always verified here (with aws-lc-rs, `oidc::signature`)
//! on the token as sent; openidconnect checks the ID token's claims with its
//! own signature check off. That also covers the tokens openidconnect refuses
//! to parse as sent although the provider's configuration accepts them:
//! `"true"`/`"false"` strings in `*_verified` claims
//! (`acceptStringTypedBooleanClaims`) and critical header parameters the
//! configuration lists as understood (`crit`), which it checks on a
//! rewritten copy ([`rewrite`]).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openidconnect::core::{CoreJsonWebKeySet, CoreJwsSigningAlgorithm};
use openidconnect::{JsonWebKey, JsonWebKeyAlgorithm, JsonWebKeyUse, JwsSigningAlgorithm};
use serde_json::{Map, Value};

/// A JWT's JSON object: its header or its claims.
pub type Object = Map<String, Value>;

/// Asymmetric algorithms openidconnect can verify. HMAC (`HS*`) is never
/// accepted: its key is the client secret, so anyone holding the secret could
/// mint tokens, and `none` means no signature at all.
pub const SUPPORTED_ALGS: [CoreJwsSigningAlgorithm; 9] = [
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// The algorithms to accept from a list (discovery's or configured), limited
/// to the ones we support. The token header's `alg` is only ever checked
/// against this list.
pub fn allowed_algs(listed: &[CoreJwsSigningAlgorithm]) -> Vec<CoreJwsSigningAlgorithm> {
    let mut algs: Vec<_> = listed
        .iter()
        .filter(|alg| SUPPORTED_ALGS.contains(alg))
        .cloned()
        .collect();
    algs.dedup();
    algs
}

#[derive(Debug, thiserror::Error)]
pub enum IdTokenError {
    #[error("the ID token is not a well-formed JWT")]
    Malformed,
    #[error("the ID token names a signing key the provider does not publish")]
    UnknownKey,
    #[error("{reason} ({detail})")]
    Rejected { reason: &'static str, detail: String },
}

impl IdTokenError {
    /// The part a visitor may read.
    pub fn reason(&self) -> &'static str {
        match self {
            IdTokenError::Malformed => "the ID token is not a well-formed JWT",
            IdTokenError::UnknownKey => "the ID token was signed with an unknown key",
            IdTokenError::Rejected { reason, .. } => reason,
        }
    }
}

/// The header and claims of a compact JWS, or `None` when `raw` is not
/// three dot-separated segments whose first two are base64url JSON objects.
pub fn parts(raw: &str) -> Option<(Object, Object)> {
    if raw.split('.').count() != 3 {
        return None;
    }
    Some((segment_json(raw, 0)?, segment_json(raw, 1)?))
}

/// The JSON object in segment `index` of a compact JWT (0 header, 1 claims).
pub fn segment_json(raw: &str, index: usize) -> Option<Object> {
    let segment = raw.split('.').nth(index)?;
    let bytes = URL_SAFE_NO_PAD.decode(segment).ok()?;
    serde_json::from_slice(&bytes).ok()
}

const BOOLEAN_CLAIMS: [&str; 3] = ["email_verified", "phone_number_verified", "phone_verified"];
const CRIT_REASON: &str = "the ID token needs a critical header Bookstore does not understand (crit)";

/// The copy openidconnect should check, or `None` when the token needs no
/// rewriting. Refuses a `crit` header naming anything not in `understood`
/// (RFC 7515 4.1.11), or naming a parameter the header does not have.
pub fn rewrite(
    raw: &str,
    header: &Object,
    claims: &Object,
    string_booleans: bool,
    understood: &[String],
) -> Result<Option<String>, IdTokenError> {
    let mut header = header.clone();
    let mut claims = claims.clone();
    let mut changed = false;
    if let Some(crit) = header.remove("crit") {
        let names = crit.as_array().filter(|names| !names.is_empty());
        let names = names.ok_or_else(|| rejected(CRIT_REASON, crit.to_string()))?;
        for name in names {
            let name = name.as_str().unwrap_or_default();
            if !understood.iter().any(|known| known == name) || !header.contains_key(name) {
                return Err(rejected(CRIT_REASON, name.to_string()));
            }
        }
        changed = true;
    }
    if string_booleans {
        for name in BOOLEAN_CLAIMS {
            if let Some(Value::String(text)) = claims.get(name) {
                let flag = text.eq_ignore_ascii_case("true");
                claims.insert(name.to_string(), Value::Bool(flag));
                changed = true;
            }
        }
    }
    if !changed {
        return Ok(None);
    }
    let signature = raw.rsplit('.').next().ok_or(IdTokenError::Malformed)?;
    let encode = |value: Map<String, Value>| URL_SAFE_NO_PAD.encode(Value::Object(value).to_string());
    Ok(Some(format!("{}.{}.{signature}", encode(header), encode(claims))))
}

fn rejected(reason: &'static str, detail: String) -> IdTokenError {
    IdTokenError::Rejected { reason, detail }
}

/// Verifies the compact JWS `raw` against `keys`, as openidconnect would:
/// the header's `alg` only if allowed, a key matching `kid`, type and use.
pub fn verify_signature(
    raw: &str,
    header: &Map<String, Value>,
    algorithms: &[CoreJwsSigningAlgorithm],
    keys: &CoreJsonWebKeySet,
) -> Result<(), IdTokenError> {
    let alg = header_alg(header).ok_or(IdTokenError::Malformed)?;
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
    if candidates.is_empty() {
        return Err(IdTokenError::UnknownKey);
    }
    let (message, signature) = raw.rsplit_once('.').ok_or(IdTokenError::Malformed)?;
    let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| IdTokenError::Malformed)?;
    // With a `kid`, its one key; without one (Core 10.1 allows that when the
    // set holds one key for the use), every key of the right type and
    // algorithm is tried, and the token is refused only if none verifies.
    let mut last_error = String::new();
    for key in candidates {
        match crate::oidc::signature::verify(&alg, key, message.as_bytes(), &signature) {
            Ok(()) => return Ok(()),
            Err(err) => last_error = err.to_string(),
        }
    }
    Err(rejected("the ID token signature is invalid", last_error))
}

/// The left half of the hash `alg` uses, over `value`, base64url: an ID
/// token's `at_hash` for its access token (OIDC Core 3.1.3.6, 3.2.2.9).
/// EdDSA is Ed25519 here, whose hash is SHA-512.
pub fn half_hash(alg: &CoreJwsSigningAlgorithm, value: &str) -> Option<String> {
    use CoreJwsSigningAlgorithm as A;
    use sha2::Digest;
    let digest: Vec<u8> = match alg {
        A::EcdsaP256Sha256 | A::RsaSsaPkcs1V15Sha256 | A::RsaSsaPssSha256 | A::HmacSha256 => {
            sha2::Sha256::digest(value.as_bytes()).to_vec()
        }
        A::EcdsaP384Sha384 | A::RsaSsaPkcs1V15Sha384 | A::RsaSsaPssSha384 | A::HmacSha384 => {
            sha2::Sha384::digest(value.as_bytes()).to_vec()
        }
        A::EcdsaP521Sha512 | A::RsaSsaPkcs1V15Sha512 | A::RsaSsaPssSha512 | A::HmacSha512 | A::EdDsa => {
            sha2::Sha512::digest(value.as_bytes()).to_vec()
        }
        _ => return None,
    };
    Some(URL_SAFE_NO_PAD.encode(&digest[..digest.len() / 2]))
}

/// The header's `alg`, if it is one openidconnect knows.
pub fn header_alg(header: &Object) -> Option<CoreJwsSigningAlgorithm> {
    header
        .get("alg")
        .and_then(|alg| serde_json::from_value(alg.clone()).ok())
}
