//! Step-up: what counts as recent, and what a step-up's answer must show.

use serde_json::json;

use super::*;

fn signed_in(subject: &str, authenticated_at: Option<i64>) -> SignedIn {
    SignedIn {
        authenticated_at,
        ..SignedIn::for_tests(subject, 1_000)
    }
}

fn claims(value: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    value.as_object().unwrap().clone()
}

#[test]
fn a_sign_in_is_recent_for_max_age_and_unknown_is_old() {
    let ten_minutes = Duration::from_secs(600);
    assert!(is_recent(&signed_in("ada", Some(1_000)), ten_minutes, 1_600));
    assert!(!is_recent(&signed_in("ada", Some(1_000)), ten_minutes, 1_601));
    assert!(!is_recent(&signed_in("ada", None), ten_minutes, 1_000));
    // An auth_time from the future (a provider clock far ahead) is not trusted.
    assert!(!is_recent(&signed_in("ada", Some(5_000)), ten_minutes, 1_000));
}

#[test]
fn the_answer_must_name_the_customer_still_signed_in() {
    let check = StepUpCheck {
        subject: "ada".into(),
        acr_values: vec![],
    };
    let ada = signed_in("ada", Some(1));
    assert_eq!(
        check_answer(&check, Some(&ada), "logto", &claims(json!({"sub": "ada"}))),
        Ok(())
    );
    assert_eq!(
        check_answer(&check, Some(&ada), "logto", &claims(json!({"sub": "grace"}))),
        Err(StepUpRefused::AnotherAccount)
    );
    assert_eq!(
        check_answer(&check, None, "logto", &claims(json!({"sub": "ada"}))),
        Err(StepUpRefused::AnotherAccount),
        "signed out meanwhile: the step-up signs nobody in"
    );
    assert_eq!(
        check_answer(&check, Some(&ada), "acme", &claims(json!({"sub": "ada"}))),
        Err(StepUpRefused::AnotherAccount),
        "the same sub at another provider is another person"
    );
}

#[test]
fn an_acr_asked_for_must_come_back() {
    let check = StepUpCheck {
        subject: "ada".into(),
        acr_values: vec!["urn:bookstore:mfa".into()],
    };
    let ada = signed_in("ada", Some(1));
    let answer =
        |acr: serde_json::Value| check_answer(&check, Some(&ada), "logto", &claims(json!({"sub": "ada", "acr": acr})));
    assert_eq!(answer(json!("urn:bookstore:mfa")), Ok(()));
    assert_eq!(answer(json!("0")), Err(StepUpRefused::Acr));
    assert_eq!(answer(json!(null)), Err(StepUpRefused::Acr));
}
