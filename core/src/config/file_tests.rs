//! The providers file: each kind, and one test per rejection.

use std::time::Duration;

use url::Url;

use super::*;
use crate::oidc::provider_settings::ClientAuthMethod;

fn redirects() -> Redirects {
    Redirects {
        redirect_uri: Url::parse("http://localhost:3000/callback").unwrap(),
        post_logout_redirect_uri: Url::parse("http://localhost:3000/").unwrap(),
        http: Default::default(),
    }
}

fn parse_ok(text: &str) -> Vec<ProviderSettings> {
    parse("bookstore.toml", text, &redirects()).unwrap_or_else(|problems| panic!("{problems:?}"))
}

/// The problems, as the lines the server prints.
fn problems(text: &str) -> Vec<String> {
    match parse("bookstore.toml", text, &redirects()) {
        Ok(_) => panic!("accepted"),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

const ACME: &str = r#"
[[providers]]
type = "discovery"
id = "acme"
name = "Acme ID"
issuer = "https://id.acme.test"
clientId = "shop"
clientSecret = "s3cret"
scope = "profile email"
"#;

#[test]
fn a_discovery_provider_with_the_connector_field_names() {
    let acme = &parse_ok(ACME)[0];
    assert_eq!((acme.id.as_str(), acme.name.as_str()), ("acme", "Acme ID"));
    assert_eq!(acme.issuer, "https://id.acme.test");
    assert_eq!(acme.scopes, ["profile", "email"]);
    assert_eq!(acme.auth_method, ClientAuthMethod::ClientSecretBasic);
    assert!(!acme.logto && acme.prompt.is_none());
}

#[test]
fn scope_is_split_like_logtos_connector_and_openid_is_not_repeated() {
    let text = ACME.replace("scope = \"profile email\"", "scope = \"openid+email\"");
    assert_eq!(parse_ok(&text)[0].scopes, ["email"]);
}

#[test]
fn client_secret_post_is_accepted() {
    let text = format!("{ACME}tokenEndpointAuthMethod = \"client_secret_post\"\n");
    assert_eq!(parse_ok(&text)[0].auth_method, ClientAuthMethod::ClientSecretPost);
}

#[test]
fn a_logto_provider_gets_logtos_defaults() {
    let logto = &parse_ok(
        r#"
[[providers]]
type = "logto"
id = "staff"
name = "Staff login"
endpoint = "https://staff.logto.app"
appId = "app"
appSecret = "secret"
scopes = ["email"]
"#,
    )[0];
    assert_eq!(logto.issuer, "https://staff.logto.app/oidc");
    assert_eq!(logto.scopes, ["offline_access", "profile", "email"]);
    assert_eq!(logto.prompt.as_deref(), Some("consent"));
    assert!(logto.logto);
}

#[test]
fn unknown_keys_are_refused() {
    let lines = problems(&format!("{ACME}clientSecert = \"typo\"\n"));
    assert!(lines[0].contains("unknown field `clientSecert`"), "{lines:?}");
}

#[test]
fn wrong_types_are_refused() {
    let lines = problems(&ACME.replace("clientId = \"shop\"", "clientId = 42"));
    assert!(lines[0].starts_with("bookstore.toml: invalid type"), "{lines:?}");
}

#[test]
fn an_unknown_provider_type_is_refused() {
    let lines = problems(&ACME.replace("type = \"discovery\"", "type = \"saml\""));
    assert!(lines[0].contains("unknown variant `saml`"), "{lines:?}");
}

#[test]
fn each_field_problem_names_the_provider_and_the_field() {
    let text = ACME
        .replace("issuer = \"https://id.acme.test\"", "issuer = \"id.acme.test\"")
        .replace("clientSecret = \"s3cret\"", "clientSecret = \"\"")
        + "tokenEndpointAuthMethod = \"tls_client_auth\"\nprompt = \"always\"\nresources = [\"nope\"]\n";
    let lines = problems(&text);
    let expected = [
        "bookstore.toml providers[acme].issuer: `id.acme.test` is not a URL",
        "bookstore.toml providers[acme].clientSecret: is required",
        "bookstore.toml providers[acme].tokenEndpointAuthMethod: `tls_client_auth` is not supported",
        "bookstore.toml providers[acme].prompt: `always` is not a prompt value",
        "bookstore.toml providers[acme].resources: `nope` is not an absolute URI",
    ];
    assert_eq!(lines.len(), expected.len(), "{lines:?}");
    for (line, start) in lines.iter().zip(expected) {
        assert!(line.starts_with(start), "{line:?} should start with {start:?}");
    }
}

#[test]
fn ids_must_be_simple() {
    let lines = problems(&ACME.replace("id = \"acme\"", "id = \"Acme ID\""));
    assert!(
        lines[0].contains("providers[#1].id: `Acme ID` must be 1 to 32 lowercase"),
        "{lines:?}"
    );
}

#[path = "file_connector_tests.rs"]
mod connector;

#[test]
fn a_logto_provider_lists_what_sign_in_links_may_ask_for() {
    let text = |direct: &str| {
        format!(
            "[[providers]]\ntype = \"logto\"\nid = \"staff\"\nname = \"Staff\"\nendpoint = \"https://staff.logto.app\"\n\
             appId = \"app\"\nappSecret = \"secret\"\ndirectSignIn = [{direct}]\nsignInOrganizations = [\"org-1\"]\n"
        )
    };
    let logto = &parse_ok(&text("\"social:google\", \"sso:okta\""))[0];
    assert_eq!(logto.offers.direct_sign_in, ["social:google", "sso:okta"]);
    assert_eq!(logto.offers.organizations, ["org-1"]);
    let lines = problems(&text("\"google\""));
    assert!(
        lines[0].starts_with("bookstore.toml providers[staff].directSignIn: `google` is not a direct sign-in target"),
        "{lines:?}"
    );
}

#[test]
fn a_logto_provider_takes_optional_and_custom_request_parameters() {
    let text = "[[providers]]\ntype = \"logto\"\nid = \"staff\"\nname = \"Staff\"\nendpoint = \"https://staff.logto.app\"\n\
                appId = \"app\"\nappSecret = \"secret\"\n\
                [providers.authRequestOptionalConfig]\nprompt = \"login consent\"\nmaxAge = \"10m\"\n\
                [providers.customConfig]\nfirstScreen = \"identifier:sign_in\"\n";
    let logto = &parse_ok(text)[0];
    assert_eq!(logto.prompt.as_deref(), Some("login consent"));
    assert_eq!(
        logto.token_policy.max_auth_age,
        Some(std::time::Duration::from_secs(600))
    );
    assert!(logto.extra_params.contains(&("max_age".into(), "600".into())));
    assert!(
        logto
            .extra_params
            .contains(&("first_screen".into(), "identifier:sign_in".into()))
    );
    let lines = problems(&text.replace("firstScreen", "state"));
    assert!(lines[0].contains("customConfig.state"), "{lines:?}");
}
