//! The provider's `TokenPolicy`, field by field, and the tokens openidconnect
//! cannot parse as sent (string booleans, understood `crit`).

use super::*;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// One configuration field of the provider's `idTokenVerificationConfig`: a
/// token that breaks its rule is refused, and the same token is accepted
/// once the rule's input is fixed (the token, or the policy).
struct Case {
    field: &'static str,
    policy: TokenPolicy,
    refused: String,
    /// The fixed input: either a corrected token with the same policy...
    accepted: String,
    /// ...or the same token with a corrected policy.
    accepted_policy: Option<TokenPolicy>,
}

fn secs(n: u64) -> std::time::Duration {
    std::time::Duration::from_secs(n)
}

fn policy_cases(f: &Fixture) -> Vec<Case> {
    let now = f.now.timestamp();
    let base = TokenPolicy {
        clock_tolerance: secs(0),
        ..TokenPolicy::default()
    };
    let recorded = f.key.sign(&f.with(json!({"iat": 1_600_000_000, "exp": 1_600_003_600})));
    vec![
        Case {
            field: "issuer (list)",
            policy: TokenPolicy {
                issuers: vec!["https://a.example".into(), ISSUER.into()],
                ..base.clone()
            },
            refused: f.key.sign(&f.with(json!({"iss": "https://b.example"}))),
            accepted: f.key.sign(&f.with(json!({"iss": "https://a.example"}))),
            accepted_policy: None,
        },
        Case {
            field: "audience",
            policy: TokenPolicy {
                audiences: vec!["shop-api".into()],
                ..base.clone()
            },
            refused: f.key.sign(&f.with(json!({"aud": "another-api"}))),
            accepted: f.key.sign(&f.with(json!({"aud": "shop-api"}))),
            accepted_policy: None,
        },
        Case {
            field: "algorithms",
            policy: TokenPolicy {
                algorithms: Some(vec![CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256]),
                ..base.clone()
            },
            refused: f.key.sign(&f.claims()),
            accepted: f.key.sign(&f.claims()),
            accepted_policy: Some(TokenPolicy {
                algorithms: Some(vec![CoreJwsSigningAlgorithm::EcdsaP384Sha384]),
                ..base.clone()
            }),
        },
        Case {
            field: "clockTolerance (exp)",
            policy: base.clone(),
            refused: f.key.sign(&f.with(json!({"exp": now - 20, "iat": now - 100}))),
            accepted: f.key.sign(&f.with(json!({"exp": now - 20, "iat": now - 100}))),
            accepted_policy: Some(TokenPolicy {
                clock_tolerance: secs(30),
                ..base.clone()
            }),
        },
        Case {
            field: "clockTolerance (iat in the future)",
            policy: base.clone(),
            refused: f.key.sign(&f.with(json!({"iat": now + 20}))),
            accepted: f.key.sign(&f.with(json!({"iat": now + 20}))),
            accepted_policy: Some(TokenPolicy {
                clock_tolerance: secs(30),
                ..base.clone()
            }),
        },
        Case {
            field: "maxTokenAge",
            policy: TokenPolicy {
                max_token_age: secs(60),
                ..base.clone()
            },
            refused: f.key.sign(&f.with(json!({"iat": now - 120}))),
            accepted: f.key.sign(&f.with(json!({"iat": now - 30}))),
            accepted_policy: None,
        },
        Case {
            field: "maxAge (auth_time)",
            policy: TokenPolicy {
                max_auth_age: Some(secs(300)),
                ..base.clone()
            },
            refused: f.key.sign(&f.with(json!({"auth_time": now - 1000}))),
            accepted: f.key.sign(&f.with(json!({"auth_time": now - 10}))),
            accepted_policy: None,
        },
        Case {
            field: "maxAge (auth_time missing)",
            policy: TokenPolicy {
                max_auth_age: Some(secs(300)),
                ..base.clone()
            },
            refused: f.key.sign(&f.claims()),
            accepted: f.key.sign(&f.with(json!({"auth_time": now - 10}))),
            accepted_policy: None,
        },
        Case {
            field: "crit",
            policy: base.clone(),
            refused: f
                .key
                .sign_with_header(&json!({"crit": ["exp"], "exp": now + 60}), &f.claims()),
            accepted: f
                .key
                .sign_with_header(&json!({"crit": ["exp"], "exp": now + 60}), &f.claims()),
            accepted_policy: Some(TokenPolicy {
                crit: vec!["exp".into()],
                ..base.clone()
            }),
        },
        Case {
            field: "typ",
            policy: TokenPolicy {
                typ: Some("JWT".into()),
                ..base.clone()
            },
            refused: f.key.sign_with_header(&json!({"typ": "at+jwt"}), &f.claims()),
            accepted: f.key.sign_with_header(&json!({"typ": "JWT"}), &f.claims()),
            accepted_policy: None,
        },
        Case {
            field: "subject",
            policy: TokenPolicy {
                subject: Some("user-1".into()),
                ..base.clone()
            },
            refused: f.key.sign(&f.with(json!({"sub": "user-2"}))),
            accepted: f.key.sign(&f.claims()),
            accepted_policy: None,
        },
        Case {
            field: "currentDate",
            policy: base.clone(),
            refused: recorded.clone(),
            accepted: recorded,
            accepted_policy: Some(TokenPolicy {
                current_date: DateTime::from_timestamp(1_600_000_100, 0),
                ..base.clone()
            }),
        },
        Case {
            field: "nbf",
            policy: base,
            refused: f.key.sign(&f.with(json!({"nbf": now + 600}))),
            accepted: f.key.sign(&f.with(json!({"nbf": now - 10}))),
            accepted_policy: None,
        },
    ]
}

#[test]
fn every_policy_field_refuses_what_breaks_it_and_accepts_the_fix() {
    let f = Fixture::new();
    for case in policy_cases(&f) {
        let refused = f.verify_with_policy(&case.refused, &case.policy);
        assert!(refused.is_err(), "{}: the breaking token was accepted", case.field);
        let fixed_policy = case.accepted_policy.as_ref().unwrap_or(&case.policy);
        let accepted = f.verify_with_policy(&case.accepted, fixed_policy);
        assert!(
            accepted.is_ok(),
            "{}: the fixed input was refused: {:?}",
            case.field,
            accepted.err()
        );
    }
}

#[test]
fn a_critical_header_extension_is_refused() {
    let f = Fixture::new();
    let token = f
        .key
        .sign_with_header(&json!({"crit": ["exp"], "exp": f.now.timestamp() + 60}), &f.claims());
    assert_eq!(
        f.reason(&token),
        "the ID token needs a critical header Bookstore does not understand (crit)"
    );
}

fn with_string_booleans(f: &Fixture) -> Value {
    f.with(json!({"email": "ada@x.test", "email_verified": "true", "phone_number_verified": "false"}))
}

#[test]
fn string_booleans_are_refused_unless_the_provider_is_configured_for_them() {
    let mut f = Fixture::new();
    let token = f.key.sign(&with_string_booleans(&f));
    assert!(
        f.verify(&token).is_err(),
        "openidconnect refuses the strings by default"
    );
    f.string_booleans = true;
    let verified = f.verify(&token).expect("accepted with acceptStringTypedBooleanClaims");
    assert_eq!(verified.raw_claims["email_verified"], json!(true));
    assert_eq!(verified.raw_claims["phone_number_verified"], json!(false));
}

#[test]
fn with_string_booleans_the_signature_and_every_other_check_still_apply() {
    let mut f = Fixture::new();
    f.string_booleans = true;
    let token = f.key.sign(&with_string_booleans(&f));
    let parts: Vec<&str> = token.split('.').collect();
    let forged_claims = with_string_booleans(&f).as_object().cloned().map(|mut c| {
        c.insert("sub".into(), json!("admin"));
        c
    });
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(json!(forged_claims).to_string()),
        parts[2]
    );
    assert_eq!(f.reason(&forged), "the ID token signature is invalid");
    let hmac = sign_hs256(SECRET, "key-1", &with_string_booleans(&f));
    assert_eq!(
        f.reason(&hmac),
        "the ID token uses a signature algorithm Bookstore does not accept"
    );
    let rotated = TestKey::new("key-2").sign(&with_string_booleans(&f));
    assert!(matches!(f.verify(&rotated), Err(IdTokenError::UnknownKey)));
    let mut wrong_nonce = with_string_booleans(&f);
    wrong_nonce["nonce"] = json!("other");
    assert_eq!(
        f.reason(&f.key.sign(&wrong_nonce)),
        "the ID token does not belong to this sign-in attempt (nonce)"
    );
    let mut expired = with_string_booleans(&f);
    expired["exp"] = json!(f.now.timestamp() - 600);
    expired["iat"] = json!(f.now.timestamp() - 200);
    assert!(f.verify(&f.key.sign(&expired)).is_err());
}

#[test]
fn an_understood_crit_still_needs_its_parameter_and_a_valid_signature() {
    let f = Fixture::new();
    let policy = TokenPolicy {
        crit: vec!["exp".into()],
        ..TokenPolicy::default()
    };
    let absent = f.key.sign_with_header(&json!({"crit": ["exp"]}), &f.claims());
    let err = f.verify_with_policy(&absent, &policy).unwrap_err();
    assert_eq!(
        err.reason(),
        "the ID token needs a critical header Bookstore does not understand (crit)"
    );
    let token = f.key.sign_with_header(&json!({"crit": ["exp"], "exp": 1}), &f.claims());
    let parts: Vec<&str> = token.split('.').collect();
    let forged_claims = URL_SAFE_NO_PAD.encode(f.with(json!({"sub": "admin"})).to_string());
    let forged = format!("{}.{forged_claims}.{}", parts[0], parts[2]);
    let err = f.verify_with_policy(&forged, &policy).unwrap_err();
    assert_eq!(err.reason(), "the ID token signature is invalid");
}
