//! JWT client authentication (RFC 7523): the client proves it holds the
//! secret (`client_secret_jwt`, HS256/384/512) or its private key
//! (`private_key_jwt`, RS256) with a short-lived signed JWT, instead of
//! sending a secret. Signed with `jsonwebtoken` (aws-lc-rs).

use chrono::Utc;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use openidconnect::CsrfToken;
use serde::Serialize;

use crate::oidc::provider_settings::HmacAlgorithm;

pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// The assertion is used at once; a minute covers clock differences.
const LIFETIME_SECS: i64 = 60;

/// A key or secret that cannot sign (checked at start-up, so in practice a
/// bug or a key file changed underneath).
#[derive(Debug, thiserror::Error)]
#[error("cannot sign the client assertion")]
pub struct AssertionError(#[from] jsonwebtoken::errors::Error);

/// RFC 7523 3: the client is issuer and subject, the endpoint the audience.
#[derive(Serialize)]
struct AssertionClaims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    /// Fresh each time, so the provider can refuse a replay.
    jti: String,
    iat: i64,
    exp: i64,
}

fn claims<'a>(client_id: &'a str, audience: &'a str) -> AssertionClaims<'a> {
    let now = Utc::now().timestamp();
    AssertionClaims {
        iss: client_id,
        sub: client_id,
        aud: audience,
        jti: CsrfToken::new_random().into_secret(),
        iat: now,
        exp: now + LIFETIME_SECS,
    }
}

/// A one-time `client_secret_jwt` assertion for `audience` (the endpoint being called).
pub fn client_secret_jwt(
    client_id: &str,
    secret: &str,
    algorithm: HmacAlgorithm,
    audience: &str,
) -> Result<String, AssertionError> {
    let algorithm = match algorithm {
        HmacAlgorithm::Hs256 => Algorithm::HS256,
        HmacAlgorithm::Hs384 => Algorithm::HS384,
        HmacAlgorithm::Hs512 => Algorithm::HS512,
    };
    let key = EncodingKey::from_secret(secret.as_bytes())?;
    Ok(encode(&Header::new(algorithm), &claims(client_id, audience), &key)?)
}

/// A one-time `private_key_jwt` assertion (RS256) for `audience`, signed by
/// aws-lc-rs (constant-time RSA; see docs/security.md on RUSTSEC-2023-0071).
pub fn private_key_jwt(
    client_id: &str,
    pem: &str,
    kid: Option<&str>,
    audience: &str,
) -> Result<String, AssertionError> {
    let key = EncodingKey::from_rsa_pem(pem.as_bytes())?;
    let mut header = Header::new(Algorithm::RS256);
    header.kid = kid.map(String::from);
    Ok(encode(&header, &claims(client_id, audience), &key)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use hmac::digest::KeyInit;
    use hmac::{Hmac, Mac};
    use openidconnect::PrivateSigningKey;
    use openidconnect::core::{CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey};

    fn mac<M: Mac + KeyInit>(secret: &str, input: &str) -> Vec<u8> {
        let mut mac = <M as KeyInit>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
        mac.update(input.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    fn part(token: &str, index: usize) -> serde_json::Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(token.split('.').nth(index).unwrap()).unwrap()).unwrap()
    }

    #[test]
    fn the_assertion_names_the_client_and_the_endpoint_and_is_signed_with_the_secret() {
        let token = client_secret_jwt("shop", "s3cret", HmacAlgorithm::Hs256, "https://id.test/token").unwrap();
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
        let other = client_secret_jwt("shop", "s3cret", HmacAlgorithm::Hs256, "https://id.test/token").unwrap();
        assert_ne!(part(&other, 1)["jti"], claims["jti"], "jti is fresh");
    }

    #[test]
    fn a_private_key_assertion_verifies_with_the_public_key() {
        use openidconnect::JsonWebKey;
        let pem = include_str!("../../../tests/fixtures/private-key-jwt-test-key.pem");
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
            let token = client_secret_jwt("shop", "s3cret", algorithm, "aud").unwrap();
            assert_eq!(part(&token, 0)["alg"], algorithm.name());
            assert_eq!(
                URL_SAFE_NO_PAD.decode(token.rsplit('.').next().unwrap()).unwrap().len(),
                length
            );
        }
    }
}
