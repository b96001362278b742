//! JWT client authentication (RFC 7523): the client proves it holds the
//! secret (`client_secret_jwt`, HS256/384/512) or its private key
//! (`private_key_jwt`, RS256) with a short-lived signed JWT, instead of
//! sending a secret.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use openidconnect::core::{CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey};
use openidconnect::{CsrfToken, JsonWebKeyId, PrivateSigningKey};
use serde_json::json;

use crate::oidc::provider_settings::HmacAlgorithm;

pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// The assertion is used at once; a minute covers clock differences.
const LIFETIME_SECS: i64 = 60;

/// A one-time `client_secret_jwt` assertion for `audience` (the endpoint being called).
pub fn client_secret_jwt(client_id: &str, secret: &str, algorithm: HmacAlgorithm, audience: &str) -> String {
    let input = signing_input(&json!({ "alg": algorithm.name(), "typ": "JWT" }), client_id, audience);
    let signature = match algorithm {
        HmacAlgorithm::Hs256 => mac::<Hmac<sha2::Sha256>>(secret, &input),
        HmacAlgorithm::Hs384 => mac::<Hmac<sha2::Sha384>>(secret, &input),
        HmacAlgorithm::Hs512 => mac::<Hmac<sha2::Sha512>>(secret, &input),
    };
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// A one-time `private_key_jwt` assertion (RS256) for `audience`.
pub fn private_key_jwt(client_id: &str, pem: &str, kid: Option<&str>, audience: &str) -> Result<String, String> {
    let key = CoreRsaPrivateSigningKey::from_pem(pem, kid.map(|kid| JsonWebKeyId::new(kid.to_string())))?;
    let mut header = json!({ "alg": "RS256", "typ": "JWT" });
    if let Some(kid) = kid {
        header["kid"] = json!(kid);
    }
    let input = signing_input(&header, client_id, audience);
    let signature = key
        .sign(&CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, input.as_bytes())
        .map_err(|err| err.to_string())?;
    Ok(format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature)))
}

fn signing_input(header: &serde_json::Value, client_id: &str, audience: &str) -> String {
    let now = Utc::now().timestamp();
    let claims = json!({
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        // A fresh jti each time, so the provider can refuse a replay.
        "jti": CsrfToken::new_random().into_secret(),
        "iat": now,
        "exp": now + LIFETIME_SECS,
    });
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

fn mac<M: Mac + KeyInit>(secret: &str, input: &str) -> Vec<u8> {
    let mut mac = <M as KeyInit>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(input.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(token: &str, index: usize) -> serde_json::Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(token.split('.').nth(index).unwrap()).unwrap()).unwrap()
    }

    #[test]
    fn the_assertion_names_the_client_and_the_endpoint_and_is_signed_with_the_secret() {
        let token = client_secret_jwt("shop", "s3cret", HmacAlgorithm::Hs256, "https://id.test/token");
        let (header, claims) = (part(&token, 0), part(&token, 1));
        assert_eq!(header["alg"], "HS256");
        assert_eq!(
            (claims["iss"].as_str(), claims["sub"].as_str()),
            (Some("shop"), Some("shop"))
        );
        assert_eq!(claims["aud"], "https://id.test/token");
        assert_eq!(
            claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
            LIFETIME_SECS
        );
        let (input, signature) = token.rsplit_once('.').unwrap();
        let expected = mac::<Hmac<sha2::Sha256>>("s3cret", input);
        assert_eq!(URL_SAFE_NO_PAD.decode(signature).unwrap(), expected);
        let other = client_secret_jwt("shop", "s3cret", HmacAlgorithm::Hs256, "https://id.test/token");
        assert_ne!(part(&other, 1)["jti"], claims["jti"], "jti is fresh");
    }

    #[test]
    fn a_private_key_assertion_verifies_with_the_public_key() {
        use openidconnect::JsonWebKey;
        let pem = include_str!("../../tests/fixtures/private-key-jwt-test-key.pem");
        let token = private_key_jwt("shop", pem, Some("k1"), "https://id.test/token").unwrap();
        assert_eq!(part(&token, 0)["kid"], "k1");
        let public = CoreRsaPrivateSigningKey::from_pem(pem, None)
            .unwrap()
            .as_verification_key();
        let (input, signature) = token.rsplit_once('.').unwrap();
        let signature = URL_SAFE_NO_PAD.decode(signature).unwrap();
        public
            .verify_signature(
                &CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
                input.as_bytes(),
                &signature,
            )
            .expect("signed with the private key");
        assert!(private_key_jwt("shop", "not a key", None, "aud").is_err());
    }

    #[test]
    fn each_algorithm_signs_with_its_own_hash() {
        for (algorithm, length) in [
            (HmacAlgorithm::Hs256, 32),
            (HmacAlgorithm::Hs384, 48),
            (HmacAlgorithm::Hs512, 64),
        ] {
            let token = client_secret_jwt("shop", "s3cret", algorithm, "aud");
            assert_eq!(part(&token, 0)["alg"], algorithm.name());
            assert_eq!(
                URL_SAFE_NO_PAD.decode(token.rsplit('.').next().unwrap()).unwrap().len(),
                length
            );
        }
    }
}
