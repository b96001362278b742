//! Logto OIDC-connector configurations: every field, explicit providers,
//! JSON, private keys.

use super::*;

const FULL: &str = r#"
[[providers]]
type = "discovery"
id = "acme"
name = "Acme ID"
issuer = "https://id.acme.test"
clientId = "shop"
clientSecret = "s3cret"
scope = "openid profile email"
tokenEndpointAuthMethod = "client_secret_post"
acceptStringTypedBooleanClaims = true
trustUnverifiedEmail = true

[providers.idTokenVerificationConfig]
issuer = ["https://id.acme.test", "https://login.acme.test"]
audience = "shop"
algorithms = ["RS256", "ES384"]
clockTolerance = "2 min"
maxTokenAge = 600
subject = "user-1"
typ = "JWT"
currentDate = "2026-01-31T12:00:00Z"
crit = { "urn:acme:tenant" = true, b64 = false }

[providers.authRequestOptionalConfig]
responseType = "code"
display = "page"
prompt = "login"
maxAge = "5 min"
uiLocales = "de"
loginHint = "ada@acme.test"
acrValues = "urn:acme:mfa"

[providers.customConfig]
accessType = "offline"
hd = "acme.test"
"#;

#[test]
fn every_connector_field_lands_where_it_belongs() {
    let acme = &parse_ok(FULL)[0];
    let policy = &acme.token_policy;
    assert_eq!(policy.issuers, ["https://id.acme.test", "https://login.acme.test"]);
    assert_eq!(policy.audiences, ["shop"]);
    assert_eq!(policy.algorithms.as_ref().map(Vec::len), Some(2));
    assert_eq!(policy.clock_tolerance, Duration::from_secs(120));
    assert_eq!(policy.max_token_age, Duration::from_secs(600));
    assert_eq!(policy.max_auth_age, Some(Duration::from_secs(300)));
    assert_eq!(policy.subject.as_deref(), Some("user-1"));
    assert_eq!(policy.typ.as_deref(), Some("JWT"));
    assert_eq!(policy.crit, ["urn:acme:tenant"]);
    assert_eq!(policy.current_date.map(|d| d.timestamp()), Some(1_769_860_800));
    assert_eq!(acme.prompt.as_deref(), Some("login"));
    let params: Vec<(&str, &str)> = acme
        .extra_params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        params,
        [
            ("max_age", "300"),
            ("display", "page"),
            ("ui_locales", "de"),
            ("login_hint", "ada@acme.test"),
            ("acr_values", "urn:acme:mfa"),
            ("access_type", "offline"),
            ("hd", "acme.test"),
        ]
    );
    assert!(acme.claim_rules.accept_string_booleans && acme.claim_rules.trust_unverified_email);
}

#[test]
fn connector_rejections_name_their_field() {
    let cases = [
        (
            "responseType = \"code\"",
            "responseType = \"token\"",
            "authRequestOptionalConfig.responseType: only `code`",
        ),
        (
            "responseType = \"code\"",
            "responseType = \"code\"\nresponseMode = \"fragment\"",
            "authRequestOptionalConfig.responseMode: `fragment` is not supported",
        ),
        (
            "maxAge = \"5 min\"",
            "maxAge = \"a while\"",
            "authRequestOptionalConfig.maxAge",
        ),
        (
            "hd = \"acme.test\"",
            "hd = \"acme.test\"\nstate = \"fixed\"",
            "customConfig.state: is set by Bookstore",
        ),
        (
            "crit = { \"urn:acme:tenant\" = true, b64 = false }",
            "crit = { b64 = \"yes\" }",
            "idTokenVerificationConfig.crit: `b64` must be true or false",
        ),
        (
            "currentDate = \"2026-01-31T12:00:00Z\"",
            "currentDate = \"yesterday\"",
            "idTokenVerificationConfig.currentDate",
        ),
        (
            "clockTolerance = \"2 min\"",
            "clockTolerance = \"2 fortnights\"",
            "idTokenVerificationConfig.clockTolerance",
        ),
        (
            "algorithms = [\"RS256\", \"ES384\"]",
            "algorithms = [\"HS256\"]",
            "idTokenVerificationConfig.algorithms",
        ),
        (
            "subject = \"user-1\"",
            "subject = \"user-1\"\nunknownKey = 1",
            "unknown field `unknownKey`",
        ),
    ];
    for (from, to, expected) in cases {
        assert!(FULL.contains(from), "{from}");
        let lines = problems(&FULL.replacen(from, to, 1));
        assert!(
            lines.iter().any(|line| line.contains(expected)),
            "{expected:?} not in {lines:?}"
        );
    }
}

const EXPLICIT: &str = r#"
[[providers]]
type = "explicit"
id = "oidc"
name = "Acme ID"
scope = "profile email"
clientId = "shop"
clientSecret = "s3cret"
tokenEndpointAuthMethod = "client_secret_post"
clientSecretJwtSigningAlgorithm = "HS256"
authorizationEndpoint = "https://id.acme.test/authorize"
tokenEndpoint = "https://id.acme.test/token"

[providers.idTokenVerificationConfig]
jwksUri = "https://id.acme.test/jwks"
issuer = "https://id.acme.test"
"#;

#[test]
fn an_explicit_provider_takes_its_endpoints_as_written() {
    let acme = &parse_ok(EXPLICIT)[0];
    let endpoints = acme.endpoints.as_ref().expect("explicit endpoints");
    assert_eq!(endpoints.authorization.as_str(), "https://id.acme.test/authorize");
    assert_eq!(endpoints.token.as_str(), "https://id.acme.test/token");
    assert_eq!(endpoints.jwks.as_str(), "https://id.acme.test/jwks");
    assert_eq!(acme.issuer, "https://id.acme.test");
    assert_eq!(acme.token_policy.issuers, ["https://id.acme.test"]);
}

#[test]
fn an_explicit_provider_needs_endpoints_keys_and_an_issuer() {
    let text = EXPLICIT
        .replace("authorizationEndpoint = \"https://id.acme.test/authorize\"\n", "")
        .replace("tokenEndpoint = \"https://id.acme.test/token\"\n", "")
        .replace("jwksUri = \"https://id.acme.test/jwks\"\n", "")
        .replace("issuer = \"https://id.acme.test\"\n", "")
        .replace("\"HS256\"", "\"RS256\"");
    let lines = problems(&text);
    for field in [
        "clientSecretJwtSigningAlgorithm: `RS256` must be HS256",
        "authorizationEndpoint: is required",
        "tokenEndpoint: is required",
        "idTokenVerificationConfig.jwksUri: is required",
        "idTokenVerificationConfig.issuer: is required",
    ] {
        assert!(
            lines.iter().any(|line| line.contains(field)),
            "{field:?} not in {lines:?}"
        );
    }
}

#[test]
fn a_discovery_provider_refuses_endpoint_fields() {
    let lines = problems(&format!("{ACME}tokenEndpoint = \"https://id.acme.test/token\"\n"));
    assert!(lines[0].contains("tokenEndpoint: comes from discovery"), "{lines:?}");
}

/// A Logto OIDC-connector configuration as the Console stores it (JSON), with
/// the null fields of unset options.
const CONNECTOR_JSON: &str = r#"{
  "scope": "profile email",
  "clientId": "shop",
  "clientSecret": "s3cret",
  "tokenEndpointAuthMethod": "client_secret_post",
  "clientSecretJwtSigningAlgorithm": "HS256",
  "authorizationEndpoint": "https://id.acme.test/authorize",
  "tokenEndpoint": "https://id.acme.test/token",
  "idTokenVerificationConfig": { "jwksUri": "https://id.acme.test/jwks", "issuer": "https://id.acme.test", "typ": null },
  "authRequestOptionalConfig": { "responseType": "code", "uiLocales": "de" },
  "customConfig": { "accessType": "offline" }
}"#;

#[test]
fn a_connector_configuration_pasted_as_json_parses_like_toml() {
    let text = format!(
        "[[providers]]\ntype = \"explicit\"\nid = \"oidc\"\nname = \"Acme ID\"\njson = '''{CONNECTOR_JSON}'''\n"
    );
    let from_json = &parse_ok(&text)[0];
    let from_toml = &parse_ok(EXPLICIT)[0];
    assert_eq!(from_json.endpoints, from_toml.endpoints);
    assert_eq!(from_json.token_policy, from_toml.token_policy);
    assert_eq!(
        from_json.extra_params,
        [
            ("ui_locales".to_string(), "de".to_string()),
            ("access_type".into(), "offline".into())
        ]
    );
}

#[test]
fn a_connector_configuration_can_live_in_a_json_file_beside_the_providers_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("acme.json"), CONNECTOR_JSON).unwrap();
    let source = dir.path().join("bookstore.toml").display().to_string();
    let text = "[[providers]]\ntype = \"explicit\"\nid = \"oidc\"\nname = \"Acme ID\"\njsonFile = \"acme.json\"\n";
    let providers = parse(&source, text, &redirects()).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(providers[0].client_id, "shop");
}

#[test]
fn json_problems_are_reported_too() {
    let head = "[[providers]]\ntype = \"explicit\"\nid = \"oidc\"\nname = \"Acme ID\"\n";
    let cases = [
        (format!("{head}json = '{{not json'\n"), "json: is not valid JSON"),
        (format!("{head}json = '[1]'\n"), "json: must be a JSON object"),
        (
            format!("{head}clientId = \"x\"\njson = '''{CONNECTOR_JSON}'''\n"),
            "clientId: is given both",
        ),
        (
            format!("{head}jsonFile = \"missing.json\"\n"),
            "jsonFile: cannot read `missing.json`",
        ),
    ];
    for (text, expected) in cases {
        let lines = problems(&text);
        assert!(
            lines.iter().any(|line| line.contains(expected)),
            "{expected:?} not in {lines:?}"
        );
    }
}

#[test]
fn private_key_jwt_needs_a_readable_rsa_key_but_no_secret() {
    let key = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/private-key-jwt-test-key.pem"
    );
    let base = ACME.replace("clientSecret = \"s3cret\"\n", "") + "tokenEndpointAuthMethod = \"private_key_jwt\"\n";
    let ok = parse_ok(&format!("{base}privateKeyFile = \"{key}\"\nprivateKeyId = \"k1\"\n"));
    assert!(matches!(&ok[0].auth_method, ClientAuthMethod::PrivateKeyJwt { kid: Some(kid), .. } if kid == "k1"));
    assert!(
        !format!("{:?}", ok[0].auth_method).contains("BEGIN"),
        "the key is never printed"
    );
    for (extra, expected) in [
        (String::new(), "privateKey: private_key_jwt needs exactly one"),
        (
            "privateKey = \"not a key\"\n".to_string(),
            "privateKey: is not an RSA private key",
        ),
        (
            "privateKeyFile = \"/nonexistent.pem\"\n".to_string(),
            "privateKeyFile: cannot read",
        ),
    ] {
        let lines = problems(&format!("{base}{extra}"));
        assert!(
            lines.iter().any(|line| line.contains(expected)),
            "{expected:?} not in {lines:?}"
        );
    }
}
