//! A sign-in link's options: Logto's names, what is refused, and what a
//! provider that is not Logto accepts.

use super::*;

fn offers() -> SignInOffers {
    SignInOffers {
        direct_sign_in: vec!["social:google".into(), "sso:acme-okta".into()],
        organizations: vec!["org-bletchley".into()],
        single_sign_on: false,
    }
}

fn asked(pairs: &[(&str, &str)]) -> RequestedOptions {
    let get = |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string());
    RequestedOptions {
        first_screen: get("first_screen"),
        identifier: get("identifier"),
        login_hint: get("login_hint"),
        direct_sign_in: get("direct_sign_in"),
        organization_id: get("organization_id"),
    }
}

fn params(pairs: &[(&str, &str)]) -> Result<Vec<(&'static str, String)>, OptionError> {
    SignInOptions::check(&asked(pairs), &offers(), true).map(|o| o.params())
}

#[test]
fn every_logto_option_reaches_the_request_in_logtos_names() {
    for screen in FirstScreen::ALL {
        assert_eq!(FirstScreen::parse(screen.param()), Some(screen));
    }
    assert_eq!(
        params(&[
            ("first_screen", "identifier:register"),
            ("identifier", "email username email"),
            ("login_hint", "ada@example.com"),
            ("direct_sign_in", "social:google"),
            ("organization_id", "org-bletchley"),
        ])
        .unwrap(),
        vec![
            ("first_screen", "identifier:register".to_string()),
            ("identifier", "email username".to_string()),
            ("login_hint", "ada@example.com".to_string()),
            ("direct_sign_in", "social:google".to_string()),
            ("organization_id", "org-bletchley".to_string()),
        ]
    );
    assert_eq!(
        params(&[("first_screen", "register")]).unwrap(),
        vec![
            ("first_screen", "register".to_string()),
            ("interaction_mode", "signUp".to_string())
        ]
    );
    assert_eq!(params(&[("first_screen", "  ")]).unwrap(), vec![], "blank is absent");
}

#[test]
fn anything_not_offered_is_refused_not_forwarded() {
    for (pairs, error) in [
        (
            &[("first_screen", "admin")][..],
            OptionError::FirstScreen("admin".into()),
        ),
        (&[("first_screen", "signIn")], OptionError::FirstScreen("signIn".into())),
        (&[("identifier", "email")], OptionError::Identifier),
        (
            &[("first_screen", "sign_in"), ("identifier", "email")],
            OptionError::Identifier,
        ),
        (
            &[("first_screen", "reset_password"), ("identifier", "email fax")],
            OptionError::Identifier,
        ),
        (&[("login_hint", "ada\r\nx")], OptionError::LoginHint),
        (
            &[("direct_sign_in", "social:github")],
            OptionError::DirectSignIn("social:github".into()),
        ),
        (
            &[("organization_id", "org-other")],
            OptionError::Organization("org-other".into()),
        ),
    ] {
        assert_eq!(params(pairs), Err(error), "{pairs:?}");
    }
    assert_eq!(params(&[("login_hint", &"a".repeat(129))]), Err(OptionError::LoginHint));
    assert!(params(&[("first_screen", "reset_password"), ("identifier", "email")]).is_ok());
}

#[test]
fn a_provider_that_is_not_logto_gets_only_the_login_hint() {
    let plain = |pairs: &[(&str, &str)]| SignInOptions::check(&asked(pairs), &offers(), false);
    assert_eq!(
        plain(&[("login_hint", "ada@example.com")]).unwrap().params(),
        vec![("login_hint", "ada@example.com".to_string())]
    );
    assert_eq!(
        plain(&[("first_screen", "register")]),
        Err(OptionError::NotLogto("first_screen"))
    );
    assert_eq!(
        plain(&[("direct_sign_in", "social:google")]),
        Err(OptionError::NotLogto("direct_sign_in"))
    );
}

#[test]
fn a_one_time_token_is_sent_but_never_printed() {
    let options = SignInOptions {
        login_hint: Some("ada@example.com".into()),
        one_time_token: Some(OneTimeToken("secret-token".into())),
        ..SignInOptions::default()
    };
    assert!(
        options
            .params()
            .contains(&("one_time_token", "secret-token".to_string()))
    );
    assert!(!format!("{options:?}").contains("secret-token"));
}
