//! JWS signature verification with aws-lc-rs, for every token Bookstore
//! checks (ID, logout and access tokens): ECDSA P-256 and P-384, RSA
//! PKCS#1 v1.5 and PSS with SHA-256/384/512, Ed25519. openidconnect's own
//! check uses pure-Rust curve code, several times slower for P-384 (what
//! Logto signs with). Which key and algorithm may be used is decided in
//! [`crate::oidc::jwt::verify_signature`]; this only does the arithmetic.

use aws_lc_rs::signature::{self, RsaParameters, RsaPublicKeyComponents, UnparsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openidconnect::core::{CoreJsonWebKey, CoreJwsSigningAlgorithm};
use serde_json::Value;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("the algorithm {0} is not supported")]
    UnsupportedAlgorithm(String),
    #[error("the key cannot be used: {0}")]
    UnusableKey(&'static str),
    #[error("the signature does not verify")]
    Invalid,
}

/// Verifies `signature` over `message` with `key` and `alg`.
pub fn verify(
    alg: &CoreJwsSigningAlgorithm,
    key: &CoreJsonWebKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    use CoreJwsSigningAlgorithm as A;
    // The key's parameters are not public in openidconnect; its JSON form is.
    let jwk = serde_json::to_value(key).map_err(|_| SignatureError::UnusableKey("unreadable"))?;
    let param = |name: &'static str| -> Result<Vec<u8>, SignatureError> {
        let text = jwk
            .get(name)
            .and_then(Value::as_str)
            .ok_or(SignatureError::UnusableKey(name))?;
        URL_SAFE_NO_PAD
            .decode(text.trim_end_matches('='))
            .map_err(|_| SignatureError::UnusableKey(name))
    };
    let curve = || jwk.get("crv").and_then(Value::as_str).unwrap_or("");
    let ec = |algorithm: &'static signature::EcdsaVerificationAlgorithm, crv: &str, size: usize| {
        if curve() != crv {
            return Err(SignatureError::UnusableKey("crv"));
        }
        let (x, y) = (param("x")?, param("y")?);
        if x.len() != size || y.len() != size {
            return Err(SignatureError::UnusableKey("coordinates"));
        }
        let point: Vec<u8> = [&[0x04][..], &x, &y].concat();
        UnparsedPublicKey::new(algorithm, point)
            .verify(message, signature)
            .map_err(|_| SignatureError::Invalid)
    };
    let rsa = |parameters: &'static RsaParameters| {
        let (n, e) = (param("n")?, param("e")?);
        RsaPublicKeyComponents { n: &n, e: &e }
            .verify(parameters, message, signature)
            .map_err(|_| SignatureError::Invalid)
    };
    match alg {
        A::EcdsaP256Sha256 => ec(&signature::ECDSA_P256_SHA256_FIXED, "P-256", 32),
        A::EcdsaP384Sha384 => ec(&signature::ECDSA_P384_SHA384_FIXED, "P-384", 48),
        A::RsaSsaPkcs1V15Sha256 => rsa(&signature::RSA_PKCS1_2048_8192_SHA256),
        A::RsaSsaPkcs1V15Sha384 => rsa(&signature::RSA_PKCS1_2048_8192_SHA384),
        A::RsaSsaPkcs1V15Sha512 => rsa(&signature::RSA_PKCS1_2048_8192_SHA512),
        A::RsaSsaPssSha256 => rsa(&signature::RSA_PSS_2048_8192_SHA256),
        A::RsaSsaPssSha384 => rsa(&signature::RSA_PSS_2048_8192_SHA384),
        A::RsaSsaPssSha512 => rsa(&signature::RSA_PSS_2048_8192_SHA512),
        A::EdDsa => {
            if curve() != "Ed25519" {
                return Err(SignatureError::UnusableKey("crv"));
            }
            UnparsedPublicKey::new(&signature::ED25519, param("x")?)
                .verify(message, signature)
                .map_err(|_| SignatureError::Invalid)
        }
        other => Err(SignatureError::UnsupportedAlgorithm(format!("{other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::signature::{EcdsaKeyPair, Ed25519KeyPair, KeyPair};

    fn ec_jwk(public: &[u8], crv: &str, size: usize) -> CoreJsonWebKey {
        let (x, y) = public[1..].split_at(size);
        serde_json::from_value(serde_json::json!({
            "kty": "EC", "crv": crv, "x": URL_SAFE_NO_PAD.encode(x), "y": URL_SAFE_NO_PAD.encode(y)
        }))
        .unwrap()
    }

    #[test]
    fn es384_and_es256_signatures_verify_and_tampering_does_not() {
        let rng = SystemRandom::new();
        for (signing, alg, crv, size) in [
            (
                &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
                CoreJwsSigningAlgorithm::EcdsaP384Sha384,
                "P-384",
                48,
            ),
            (
                &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                CoreJwsSigningAlgorithm::EcdsaP256Sha256,
                "P-256",
                32,
            ),
        ] {
            let pkcs8 = EcdsaKeyPair::generate_pkcs8(signing, &rng).unwrap();
            let pair = EcdsaKeyPair::from_pkcs8(signing, pkcs8.as_ref()).unwrap();
            let jwk = ec_jwk(pair.public_key().as_ref(), crv, size);
            let signed = pair.sign(&rng, b"header.claims").unwrap();
            assert_eq!(verify(&alg, &jwk, b"header.claims", signed.as_ref()), Ok(()));
            assert_eq!(
                verify(&alg, &jwk, b"header.claimz", signed.as_ref()),
                Err(SignatureError::Invalid)
            );
        }
    }

    #[test]
    fn a_key_of_another_curve_is_unusable() {
        let rng = SystemRandom::new();
        let signing = &signature::ECDSA_P256_SHA256_FIXED_SIGNING;
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(signing, &rng).unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(signing, pkcs8.as_ref()).unwrap();
        let jwk = ec_jwk(pair.public_key().as_ref(), "P-256", 32);
        let signed = pair.sign(&rng, b"m").unwrap();
        assert_eq!(
            verify(&CoreJwsSigningAlgorithm::EcdsaP384Sha384, &jwk, b"m", signed.as_ref()),
            Err(SignatureError::UnusableKey("crv"))
        );
    }

    #[test]
    fn ed25519_signatures_verify() {
        let rng = SystemRandom::new();
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
        let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
        let jwk: CoreJsonWebKey = serde_json::from_value(serde_json::json!({
            "kty": "OKP", "crv": "Ed25519", "x": URL_SAFE_NO_PAD.encode(pair.public_key().as_ref())
        }))
        .unwrap();
        let signed = pair.sign(b"m");
        assert_eq!(
            verify(&CoreJwsSigningAlgorithm::EdDsa, &jwk, b"m", signed.as_ref()),
            Ok(())
        );
        assert_eq!(
            verify(&CoreJwsSigningAlgorithm::EdDsa, &jwk, b"n", signed.as_ref()),
            Err(SignatureError::Invalid)
        );
    }

    #[test]
    fn hmac_is_never_verified_here() {
        let jwk: CoreJsonWebKey = serde_json::from_value(serde_json::json!({"kty": "oct", "k": "c2VjcmV0"})).unwrap();
        assert!(matches!(
            verify(&CoreJwsSigningAlgorithm::HmacSha256, &jwk, b"m", b"s"),
            Err(SignatureError::UnsupportedAlgorithm(_))
        ));
    }
}
