//! Settings parsing: defaults, every variable, and the one-line-per-problem report.

use super::*;
use secrecy::ExposeSecret;
use std::collections::HashMap;

fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Settings::from_lookup(|name| map.get(name).cloned())
}

#[test]
fn defaults_point_at_the_dev_provider() {
    let s = settings(&[]).expect("defaults are valid");
    assert_eq!(s.providers.len(), 1);
    let logto = &s.providers[0];
    assert_eq!((logto.id.as_str(), logto.name.as_str()), ("logto", "Logto"));
    assert_eq!(logto.issuer, "http://127.0.0.1:3001/oidc");
    assert_eq!(logto.client_id, DEV_APP_ID);
    assert_eq!(logto.redirect_uri.as_str(), "http://localhost:3000/callback");
    assert_eq!(logto.post_logout_redirect_uri.as_str(), "http://localhost:3000/");
    assert_eq!(logto.prompt.as_deref(), Some("consent"));
    assert_eq!(
        logto.scopes,
        [
            "offline_access",
            "profile",
            "email",
            "roles",
            "urn:logto:scope:organizations",
            "urn:logto:scope:organization_roles",
            "read:orders",
            "urn:logto:scope:sessions"
        ]
    );
    assert_eq!(
        logto.resources,
        ["https://api.bookstore.test", "urn:logto:resource:organizations"]
    );
    assert_eq!(
        logto.auth_method,
        crate::oidc::provider_settings::ClientAuthMethod::ClientSecretBasic
    );
    assert!(!s.session.secure_cookie);
    assert_eq!(
        (s.authz.roles_claim.as_str(), s.authz.admin_role.as_str()),
        ("roles", "admin")
    );
    let api = s.authz.api.expect("the dev API resource");
    assert_eq!(
        (api.resource.as_str(), api.provider.as_str()),
        ("https://api.bookstore.test", "logto")
    );
}

#[test]
fn a_real_tenant_gets_no_dev_scopes_and_authorization_settings_are_checked() {
    let s = settings(&[
        ("LOGTO_ENDPOINT", "https://tenant.logto.app"),
        ("LOGTO_APP_ID", "app"),
        ("LOGTO_APP_SECRET", "secret"),
        ("BOOKSTORE_ROLES_CLAIM", "https://bookstore.example/roles"),
        ("BOOKSTORE_ADMIN_ROLE", "staff"),
    ])
    .unwrap();
    assert_eq!(s.providers[0].scopes, ["offline_access", "profile"]);
    assert!(s.providers[0].resources.is_empty());
    assert_eq!(s.authz.admin_role, "staff");
    assert!(s.authz.api.is_none(), "no API unless BOOKSTORE_API_RESOURCE is set");

    let err = settings(&[
        ("BOOKSTORE_ADMIN_ROLE", "two words"),
        ("BOOKSTORE_API_RESOURCE", "not a uri"),
        ("BOOKSTORE_API_PROVIDER", "nobody"),
    ])
    .unwrap_err()
    .to_string();
    assert!(err.contains("BOOKSTORE_ADMIN_ROLE: must be a single word"), "{err}");
    assert!(
        err.contains("BOOKSTORE_API_RESOURCE: `not a uri` is not an absolute URI"),
        "{err}"
    );
    assert!(
        err.contains("BOOKSTORE_API_PROVIDER: names no configured provider"),
        "{err}"
    );
}

#[test]
fn https_public_url_makes_cookies_secure_and_keeps_its_path() {
    let s = settings(&[
        ("BOOKSTORE_PUBLIC_URL", "https://shop.example/store"),
        ("LOGTO_ENDPOINT", "https://tenant.logto.app"),
        ("LOGTO_APP_ID", "app"),
        ("LOGTO_APP_SECRET", "secret"),
    ])
    .unwrap();
    assert!(s.session.secure_cookie);
    assert_eq!(
        s.providers[0].redirect_uri.as_str(),
        "https://shop.example/store/callback"
    );
}

#[test]
fn a_real_tenant_needs_its_own_credentials() {
    let err = settings(&[("LOGTO_ENDPOINT", "https://tenant.logto.app")]).unwrap_err();
    let text = err.to_string();
    assert_eq!(err.0.len(), 2, "{text}");
    assert!(text.contains("LOGTO_APP_ID: is required"));
    assert!(text.contains("LOGTO_APP_SECRET: is required"));
}

#[test]
fn every_problem_is_reported_on_its_own_line() {
    let err = settings(&[
        ("BOOKSTORE_PUBLIC_URL", "ftp://x"),
        ("LOGTO_PROMPT", "consent sometimes"),
        ("LOGTO_RESOURCES", "not-a-uri"),
        ("DATABASE_URL", "mysql://db"),
        ("BOOKSTORE_SESSION_DAYS", "0"),
    ])
    .unwrap_err();
    let lines: Vec<String> = err.to_string().lines().map(String::from).collect();
    let vars: Vec<&str> = err.0.iter().map(|p| p.variable.as_str()).collect();
    assert_eq!(
        vars,
        [
            "BOOKSTORE_PUBLIC_URL",
            "LOGTO_RESOURCES",
            "LOGTO_PROMPT",
            "DATABASE_URL",
            "BOOKSTORE_SESSION_DAYS"
        ],
        "{lines:?}"
    );
    assert!(lines[0].starts_with("BOOKSTORE_PUBLIC_URL: `ftp://x` must start with http"));
}

#[test]
fn lists_accept_spaces_and_commas_and_drop_default_scopes() {
    let s = settings(&[
        ("LOGTO_SCOPES", "email, openid roles email"),
        (
            "LOGTO_RESOURCES",
            "https://api.bookstore.test,urn:logto:resource:organizations",
        ),
    ])
    .unwrap();
    assert_eq!(s.providers[0].scopes, ["offline_access", "profile", "email", "roles"]);
    assert_eq!(
        s.providers[0].resources,
        ["https://api.bookstore.test", "urn:logto:resource:organizations"]
    );
}

#[test]
fn debug_output_redacts_the_secret() {
    let s = settings(&[]).unwrap();
    assert!(!format!("{:?}", s.providers[0]).contains(DEV_APP_SECRET));
}

#[test]
fn provider_call_timeouts_are_configurable_and_bounded() {
    let s = settings(&[]).unwrap();
    assert_eq!(
        s.providers[0].http,
        crate::oidc::provider_settings::HttpTimeouts::default()
    );
    let s = settings(&[
        ("BOOKSTORE_HTTP_CONNECT_TIMEOUT_SECS", "2"),
        ("BOOKSTORE_HTTP_TIMEOUT_SECS", "30"),
    ])
    .unwrap();
    assert_eq!(s.providers[0].http.connect, Duration::from_secs(2));
    assert_eq!(s.providers[0].http.total, Duration::from_secs(30));
    let err = settings(&[
        ("BOOKSTORE_HTTP_TIMEOUT_SECS", "0"),
        ("BOOKSTORE_HTTP_CONNECT_TIMEOUT_SECS", "soon"),
    ])
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("BOOKSTORE_HTTP_TIMEOUT_SECS: must be a whole number of seconds from 1 to 300"),
        "{err}"
    );
    assert!(err.contains("BOOKSTORE_HTTP_CONNECT_TIMEOUT_SECS"), "{err}");
}

#[test]
fn databases_and_session_stores_are_checked_by_scheme() {
    let s = settings(&[("DATABASE_URL", "postgres://shop:pw@db/shop")]).unwrap();
    assert_eq!(s.database_url.expose_secret(), "postgres://shop:pw@db/shop");
    assert!(s.session.store_url.is_none(), "sessions in the database by default");
    let s = settings(&[("SESSION_STORE_URL", "redis://cache:6379/2")]).unwrap();
    assert_eq!(
        s.session.store_url.as_ref().map(|url| url.expose_secret()),
        Some("redis://cache:6379/2")
    );
    let err = settings(&[
        ("DATABASE_URL", "mysql://shop@db/shop"),
        ("SESSION_STORE_URL", "memcached://cache"),
    ])
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("DATABASE_URL: must be a sqlite: or postgres:// URL"),
        "{err}"
    );
    assert!(
        err.contains("SESSION_STORE_URL: must be a redis:// or rediss:// URL"),
        "{err}"
    );
}

#[test]
fn debug_output_never_holds_a_secret() {
    let s = settings(&[
        ("DATABASE_URL", "postgres://shop:db-pass-123@db/shop"),
        ("SESSION_STORE_URL", "redis://:redis-pass-456@cache:6379/2"),
        ("BOOKSTORE_METRICS_TOKEN", "metrics-token-789"),
    ])
    .unwrap();
    let printed = format!("{s:?}");
    for secret in ["db-pass-123", "redis-pass-456", "metrics-token-789", DEV_APP_SECRET] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
}

#[test]
fn staff_come_from_one_provider() {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        file.path(),
        "[[providers]]\ntype = \"discovery\"\nid = \"acme\"\nname = \"Acme\"\nissuer = \"https://id.acme.example\"\nclientId = \"c\"\nclientSecret = \"s\"\nscope = \"openid\"\n",
    )
    .unwrap();
    let path = file.path().display().to_string();
    let two = [
        ("BOOKSTORE_CONFIG", path.as_str()),
        ("LOGTO_ENDPOINT", "https://tenant.logto.app"),
        ("LOGTO_APP_ID", "a"),
        ("LOGTO_APP_SECRET", "s"),
    ];
    let err = settings(&two).unwrap_err().to_string();
    assert!(
        err.contains("BOOKSTORE_ADMIN_PROVIDER: is required with several providers (logto, acme)"),
        "{err}"
    );
    let named = [&two[..], &[("BOOKSTORE_ADMIN_PROVIDER", "logto")]].concat();
    assert_eq!(settings(&named).unwrap().authz.admin_provider, "logto");
    let unknown = [&two[..], &[("BOOKSTORE_ADMIN_PROVIDER", "nobody")]].concat();
    assert!(
        settings(&unknown)
            .unwrap_err()
            .to_string()
            .contains("names no configured provider")
    );
    assert_eq!(
        settings(&[]).unwrap().authz.admin_provider,
        "logto",
        "the only provider"
    );
}

#[test]
fn an_https_deployment_refuses_the_dev_provider_and_its_public_secret() {
    let err = settings(&[("BOOKSTORE_PUBLIC_URL", "https://books.example.com")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("LOGTO_ENDPOINT: is required when BOOKSTORE_PUBLIC_URL is https"),
        "{err}"
    );
    assert!(settings(&[]).is_ok(), "plain http development keeps the defaults");
    let own = settings(&[
        ("BOOKSTORE_PUBLIC_URL", "https://books.example.com"),
        ("LOGTO_ENDPOINT", "https://tenant.logto.app"),
        ("LOGTO_APP_ID", "app"),
        ("LOGTO_APP_SECRET", "secret"),
    ]);
    assert!(own.is_ok(), "{:?}", own.err());
}

#[test]
fn a_plain_http_issuer_off_this_machine_is_warned_about() {
    assert!(
        settings(&[]).unwrap().warnings().is_empty(),
        "the dev provider on 127.0.0.1"
    );
    let remote = settings(&[
        ("LOGTO_ENDPOINT", "http://logto.internal"),
        ("LOGTO_APP_ID", "app"),
        ("LOGTO_APP_SECRET", "secret"),
    ])
    .unwrap();
    let warnings = remote.warnings();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("http://logto.internal/oidc"), "{warnings:?}");
}
