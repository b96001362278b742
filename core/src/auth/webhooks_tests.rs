//! Logto webhook deliveries: signatures, freshness, and what each event asks.

use serde_json::json;

use super::*;

fn delivery(event: &str, data: Value) -> Delivery {
    Delivery {
        event: event.into(),
        created_at: 0,
        data,
        params: Value::Null,
    }
}

fn providers(key: Option<&str>) -> Providers {
    let mut settings = crate::oidc::test_support::settings();
    settings.webhook_signing_key = key.map(|k| k.to_string().into());
    Providers::new(&[settings]).unwrap()
}

fn sign(key: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(body);
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn only_the_configured_key_signs() {
    let key = "a-32-character-logto-signing-key";
    let body = br#"{"event":"User.Deleted"}"#;
    let providers = providers(Some(key));
    assert!(signer(&providers, body, &sign(key, body)).is_some());
    assert!(
        signer(&providers, body, &sign(key, body).to_uppercase()).is_some(),
        "hex in either case"
    );
    assert!(signer(&providers, body, &sign("another-key-of-enough-length", body)).is_none());
    assert!(
        signer(&providers, b"{\"event\":\"User.Created\"}", &sign(key, body)).is_none(),
        "another body"
    );
    assert!(signer(&providers, body, "").is_none());
    assert!(signer(&providers, body, "zz").is_none());
    assert!(
        signer(&self::providers(None), body, &sign(key, body)).is_none(),
        "no key: nothing is signed"
    );
}

#[test]
fn deliveries_must_be_fresh_and_well_formed() {
    let now = 1_800_000_000;
    let at = |secs: i64| chrono::DateTime::from_timestamp(secs, 0).unwrap().to_rfc3339();
    let body =
        |created: String| json!({"event": "User.Deleted", "createdAt": created, "data": {"id": "u1"}}).to_string();
    assert_eq!(parse(body(at(now - 10)).as_bytes(), now).unwrap().created_at, now - 10);
    assert_eq!(parse(body(at(now - 3601)).as_bytes(), now), Err(Refused::Stale));
    assert_eq!(parse(body(at(now + 301)).as_bytes(), now), Err(Refused::Stale));
    assert_eq!(parse(body("yesterday".into()).as_bytes(), now), Err(Refused::Malformed));
    assert_eq!(parse(b"not json", now), Err(Refused::Malformed));
}

#[test]
fn each_event_asks_for_its_action() {
    assert_eq!(
        action(&delivery("User.Deleted", json!({"id": "u1"}))),
        Action::Delete { subject: "u1".into() }
    );
    assert_eq!(
        action(&delivery(
            "User.SuspensionStatus.Updated",
            json!({"id": "u1", "isSuspended": true})
        )),
        Action::Suspend {
            subject: "u1".into(),
            suspended: true
        }
    );
    assert_eq!(
        action(&delivery(
            "User.Data.Updated",
            json!({"id": "u1", "name": " ", "username": "ada", "primaryEmail": "ada@x.test"})
        )),
        Action::Profile {
            subject: "u1".into(),
            display_name: Some("ada".into()),
            email: Some("ada@x.test".into())
        }
    );
    assert_eq!(
        action(&delivery("Organization.Membership.Updated", Value::Null)),
        Action::Authorization
    );
    assert_eq!(
        action(&delivery("Role.Scopes.Updated", Value::Null)),
        Action::Authorization
    );
    assert_eq!(action(&delivery("PostSignIn", json!({"id": "u1"}))), Action::Ignore);
    assert_eq!(
        action(&delivery("User.Deleted", json!({}))),
        Action::Ignore,
        "no user named"
    );
}
