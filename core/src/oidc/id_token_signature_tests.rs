//! ID-token signatures: the algorithm allow-list, keys, `kid` and malformed tokens.

use super::*;

#[test]
fn a_good_es384_token_passes_and_keeps_extra_claims() {
    let f = Fixture::new();
    let verified = f.verify(&f.key.sign(&f.claims())).expect("valid token");
    assert_eq!(verified.claims.subject().as_str(), "user-1");
    assert_eq!(verified.raw_claims["username"], "ada");
}

#[test]
fn a_tampered_payload_fails_the_signature() {
    let f = Fixture::new();
    let token = f.key.sign(&f.claims());
    let forged_payload = URL_SAFE_NO_PAD.encode(f.with(json!({"sub": "admin"})).to_string());
    let parts: Vec<&str> = token.split('.').collect();
    let forged = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    assert_eq!(f.reason(&forged), "the ID token signature is invalid");
}

#[test]
fn another_keys_signature_is_refused() {
    let f = Fixture::new();
    let impostor = TestKey::new("key-1");
    assert_eq!(
        f.reason(&impostor.sign(&f.claims())),
        "the ID token signature is invalid"
    );
}

#[test]
fn hmac_signed_with_the_client_secret_is_refused_even_if_advertised() {
    let f = Fixture::new();
    // The verifier knows the secret, so only the algorithm allow-list stops this.
    let token = sign_hs256(SECRET, "key-1", &f.claims());
    assert_eq!(
        f.reason(&token),
        "the ID token uses a signature algorithm Bookstore does not accept"
    );
}

#[test]
fn alg_none_is_refused() {
    let f = Fixture::new();
    assert!(f.verify(&unsigned(&f.claims())).is_err());
}

#[test]
fn an_algorithm_discovery_does_not_advertise_is_refused() {
    let f = Fixture::new();
    let token = f.key.sign(&f.claims());
    let err = f
        .verify_with_algs(&token, &[CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256])
        .unwrap_err();
    assert_eq!(
        err.reason(),
        "the ID token uses a signature algorithm Bookstore does not accept"
    );
}

#[test]
fn an_unknown_kid_is_reported_as_such_for_a_key_refetch() {
    let f = Fixture::new();
    let rotated = TestKey::new("key-2");
    assert!(matches!(
        f.verify(&rotated.sign(&f.claims())),
        Err(IdTokenError::UnknownKey)
    ));
}

#[test]
fn garbage_is_malformed() {
    let f = Fixture::new();
    assert!(matches!(f.verify("not-a-jwt"), Err(IdTokenError::Malformed)));
}

#[test]
fn allow_list_never_contains_hmac_or_none() {
    let advertised = [
        CoreJwsSigningAlgorithm::HmacSha256,
        CoreJwsSigningAlgorithm::None,
        CoreJwsSigningAlgorithm::EcdsaP384Sha384,
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    ];
    assert_eq!(
        allowed_algs(&advertised),
        [
            CoreJwsSigningAlgorithm::EcdsaP384Sha384,
            CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256
        ]
    );
}
