//! Test-only helpers: token minting with an ES384 key like Logto's default
//! (and HMAC for forgery attempts), and a discovery document like Logto's.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use openidconnect::core::CoreJsonWebKeySet;
use p384::ecdsa::signature::Signer;
use p384::ecdsa::{Signature, SigningKey};
use serde_json::{Value, json};

use crate::config::Settings;
use crate::oidc::discovery::Discovery;
use crate::oidc::metadata::LogtoProviderMetadata;
use crate::oidc::provider_settings::ProviderSettings;

pub struct TestKey {
    pub kid: String,
    key: SigningKey,
}

impl TestKey {
    pub fn new(kid: &str) -> Self {
        Self {
            kid: kid.to_string(),
            key: SigningKey::random(&mut p384::elliptic_curve::rand_core::OsRng),
        }
    }

    /// The public key as a JWK, as a provider publishes it.
    pub fn jwk(&self) -> Value {
        let point = self.key.verifying_key().to_encoded_point(false);
        json!({
            "kty": "EC", "crv": "P-384", "use": "sig", "alg": "ES384", "kid": self.kid,
            "x": URL_SAFE_NO_PAD.encode(point.x().expect("uncompressed point")),
            "y": URL_SAFE_NO_PAD.encode(point.y().expect("uncompressed point")),
        })
    }

    /// Signs `claims` with ES384 and this key's `kid`.
    pub fn sign(&self, claims: &Value) -> String {
        self.sign_with_header(&json!({"typ": "JWT"}), claims)
    }

    /// The same, with `header` fields (typ, crit, …) besides `alg` and
    /// `kid`; a `null` field is left out (`"kid": null`: no kid at all).
    pub fn sign_with_header(&self, header: &Value, claims: &Value) -> String {
        let mut full = json!({"alg": "ES384", "kid": self.kid});
        for (name, value) in header.as_object().expect("a header object") {
            if value.is_null() {
                full.as_object_mut().expect("an object").remove(name);
            } else {
                full[name] = value.clone();
            }
        }
        let input = signing_input(&full, claims);
        let signature: Signature = self.key.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }
}

pub fn key_set(keys: &[&TestKey]) -> CoreJsonWebKeySet {
    serde_json::from_value(json!({ "keys": keys.iter().map(|k| k.jwk()).collect::<Vec<_>>() })).expect("valid JWKS")
}

/// An HS256 token keyed with `secret`: what an attacker who knows the client
/// secret (or a confused verifier) would produce.
pub fn sign_hs256(secret: &str, kid: &str, claims: &Value) -> String {
    let input = signing_input(&json!({"alg": "HS256", "typ": "JWT", "kid": kid}), claims);
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

/// An unsigned token (`alg: none`).
pub fn unsigned(claims: &Value) -> String {
    format!("{}.", signing_input(&json!({"alg": "none"}), claims))
}

fn signing_input(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// Logto's discovery document for `issuer`, with `keys` as its JWKS.
pub fn discovery(issuer: &str, keys: CoreJsonWebKeySet) -> Discovery {
    let metadata: LogtoProviderMetadata = serde_json::from_value(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/auth"),
        "token_endpoint": format!("{issuer}/token"),
        "userinfo_endpoint": format!("{issuer}/me"),
        "jwks_uri": format!("{issuer}/jwks"),
        "end_session_endpoint": format!("{issuer}/session/end"),
        "revocation_endpoint": format!("{issuer}/token/revocation"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES384"],
        "authorization_response_iss_parameter_supported": true,
    }))
    .expect("valid discovery document");
    Discovery {
        metadata: metadata.set_jwks(keys),
        fetched_at: std::time::Instant::now(),
    }
}

/// The default (dev provider) settings.
pub fn settings() -> ProviderSettings {
    Settings::from_lookup(|_| None)
        .expect("defaults are valid")
        .providers
        .remove(0)
}
