//! The rules added for provider answers that were handled wrongly: `sub`,
//! `at_hash`, and tokens without `kid`, each for the code exchange and the
//! refresh grant alike.

use super::*;

/// Both grants: the code exchange and the refresh grant check the same rules.
fn both_grants(check: impl Fn(&mut Fixture)) {
    for refreshed in [false, true] {
        let mut f = Fixture::new();
        f.refreshed = refreshed;
        check(&mut f);
    }
}

#[test]
fn an_empty_oversized_non_ascii_or_control_character_subject_is_refused() {
    both_grants(|f| {
        const SUB: &str = "the ID token names no valid user (sub)";
        assert_eq!(f.reason(&f.key.sign(&f.with(json!({"sub": ""})))), SUB, "empty");
        assert_eq!(
            f.reason(&f.key.sign(&f.with(json!({"sub": "a".repeat(256)})))),
            SUB,
            "256 characters"
        );
        assert_eq!(f.reason(&f.key.sign(&f.with(json!({"sub": "usér"})))), SUB, "not ASCII");
        for control in [
            "user\nsigned in as admin",
            "user\r",
            "user\u{1b}[2J",
            "user\u{7f}",
            "user\0",
        ] {
            assert_eq!(
                f.reason(&f.key.sign(&f.with(json!({"sub": control})))),
                SUB,
                "{control:?}"
            );
        }
        assert!(
            f.verify(&f.key.sign(&f.with(json!({"sub": "auth0|user 1~"})))).is_ok(),
            "printable"
        );
        assert!(
            f.verify(&f.key.sign(&f.with(json!({"sub": "a".repeat(255)})))).is_ok(),
            "255 is the limit"
        );
    });
}

#[test]
fn an_at_hash_that_is_not_the_access_tokens_is_refused() {
    both_grants(|f| {
        f.access_token = Some("access-token-1".into());
        let alg = CoreJwsSigningAlgorithm::EcdsaP384Sha384;
        let right = jwt::half_hash(&alg, "access-token-1").unwrap();
        let wrong = jwt::half_hash(&alg, "another-access-token").unwrap();
        assert!(f.verify(&f.key.sign(&f.with(json!({"at_hash": right})))).is_ok());
        assert_eq!(
            f.reason(&f.key.sign(&f.with(json!({"at_hash": wrong})))),
            "the ID token does not belong to the access token sent with it (at_hash)"
        );
        assert!(
            f.verify(&f.key.sign(&f.claims())).is_ok(),
            "at_hash is optional in the code flow"
        );
    });
}

#[test]
fn a_token_without_kid_is_checked_against_every_fitting_key() {
    both_grants(|f| {
        let no_kid = json!({"kid": null});
        // The only key in the set.
        assert!(f.verify(&f.key.sign_with_header(&no_kid, &f.claims())).is_ok());
        // Several keys: the one that verifies is found.
        let second = TestKey::new("key-2");
        f.keys = key_set(&[&f.key, &second]);
        assert!(f.verify(&second.sign_with_header(&no_kid, &f.claims())).is_ok());
        // None verifies: refused.
        let stranger = TestKey::new("key-3");
        assert_eq!(
            f.reason(&stranger.sign_with_header(&no_kid, &f.claims())),
            "the ID token signature is invalid"
        );
    });
}
