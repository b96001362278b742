//! Bookstore's settings, read once at start-up from the environment (and an
//! optional `.env`). Every problem is collected, so a broken deployment gets one
//! line per variable instead of a fix-one-restart-repeat loop.

use std::fmt;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

pub mod authz;
pub mod file;
pub mod mail;
pub mod provider;
pub mod step_up;
pub mod validate;
pub mod verification;

use crate::oidc::provider_settings::{HttpTimeouts, ProviderSettings};
use authz::{AuthzSettings, authz_from_env};
use provider::{Redirects, logto_from_env};
use validate::{check_stores, parse_base_url};

/// Where the dev identity provider listens when nothing else is configured.
pub const DEV_LOGTO_ENDPOINT: &str = "http://127.0.0.1:3001";
pub const DEV_APP_ID: &str = "bookstore-dev";
pub const DEV_APP_SECRET: &str = "bookstore-dev-secret";
/// What Bookstore asks the dev provider for beyond `openid offline_access profile`:
/// roles, organizations and the API permission it uses.
pub const DEV_SCOPES: &str =
    "email roles urn:logto:scope:organizations urn:logto:scope:organization_roles read:orders urn:logto:scope:sessions";
const DEFAULT_PUBLIC_URL: &str = "http://localhost:3000";
const DEFAULT_DATABASE_URL: &str = "sqlite://data/bookstore.db?mode=rwc";
const DEFAULT_PROVIDERS_FILE: &str = "bookstore.toml";

/// Everything read at start-up. Secrets (the database and session-store
/// URLs, which may hold passwords, client secrets and keys, the metrics
/// token) are `SecretString`s, so the derived `Debug` cannot print them.
#[derive(Clone, Debug)]
pub struct Settings {
    pub public_url: Url,
    pub database_url: SecretString,
    /// At least one; the first is the default.
    pub providers: Vec<ProviderSettings>,
    pub session: SessionSettings,
    pub authz: AuthzSettings,
    /// With it, `/metrics` needs `Authorization: Bearer <token>` (BOOKSTORE_METRICS_TOKEN).
    pub metrics_token: Option<SecretString>,
    /// The longest a request may take, body included, before it answers 408
    /// (`BOOKSTORE_REQUEST_TIMEOUT_SECS`): a slow client cannot hold a
    /// connection and its handler for ever.
    pub request_timeout: Duration,
    /// Where mail goes (`config::mail`).
    pub mail: mail::MailSettings,
}

#[derive(Clone, Debug)]
pub struct SessionSettings {
    /// `Secure` cookie attribute: on whenever the public URL is https.
    pub secure_cookie: bool,
    /// How long an idle session lives.
    pub idle_timeout: Duration,
    /// How long a sign-in lasts at most, however active
    /// (`BOOKSTORE_SESSION_MAX_DAYS`); then the visitor signs in again.
    pub max_lifetime: Duration,
    /// `SESSION_STORE_URL`: sessions in Redis instead of the database.
    pub store_url: Option<SecretString>,
}

/// One configuration problem: the variable (or file field) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub variable: String,
    pub reason: String,
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.variable, self.reason)
    }
}

/// All problems found, displayed one per line.
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct ConfigError(pub Vec<ConfigProblem>);

impl Settings {
    /// What is allowed but worth a warning at start-up: an identity provider
    /// reached over plain http anywhere but this machine (tokens and codes
    /// would cross the network readable).
    pub fn warnings(&self) -> Vec<String> {
        self.providers
            .iter()
            .filter_map(|p| {
                let issuer = Url::parse(&p.issuer).ok()?;
                let local = matches!(issuer.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
                (issuer.scheme() == "http" && !local).then(|| {
                    format!(
                        "provider {}: the issuer {} is plain http; use https outside development",
                        p.id, p.issuer
                    )
                })
            })
            .collect()
    }

    /// Reads the process environment (and the providers file it names).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can pass a map.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut problems = Vec::new();
        let get = |name: &str| lookup(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let http = http_timeouts(&get, &mut problems);
        let mut problem = |variable: &str, reason: String| {
            problems.push(ConfigProblem {
                variable: variable.to_string(),
                reason,
            });
        };

        let public_url = parse_base_url(get("BOOKSTORE_PUBLIC_URL").as_deref().unwrap_or(DEFAULT_PUBLIC_URL))
            .map_err(|reason| problem("BOOKSTORE_PUBLIC_URL", reason))
            .ok();
        // With a broken public URL, the providers are still checked (against the default)
        // so that every problem is reported at once.
        let base = public_url
            .clone()
            .unwrap_or_else(|| Url::parse(DEFAULT_PUBLIC_URL).expect("valid default"));
        let redirects = Redirects {
            redirect_uri: base.join("callback").expect("a base URL joins a relative path"),
            post_logout_redirect_uri: base,
            http,
        };

        let mut providers = Vec::new();
        let explicit_file = get("BOOKSTORE_CONFIG");
        let path = explicit_file
            .clone()
            .unwrap_or_else(|| DEFAULT_PROVIDERS_FILE.to_string());
        match std::fs::read_to_string(&path) {
            Ok(text) => match file::parse(&path, &text, &redirects) {
                Ok(found) => providers.extend(found),
                Err(found) => problems.extend(found),
            },
            Err(err) if explicit_file.is_some() => problem("BOOKSTORE_CONFIG", format!("cannot read `{path}`: {err}")),
            Err(_) => {}
        }

        // LOGTO_* describe one Logto provider: always when LOGTO_ENDPOINT is set,
        // and as the dev provider when nothing else is configured.
        let wants_logto = get("LOGTO_ENDPOINT").is_some() || providers.is_empty();
        // The dev provider and its published secret are for development on
        // plain http; a public https deployment must name its own provider.
        if wants_logto && get("LOGTO_ENDPOINT").is_none() && redirects.redirect_uri.scheme() == "https" {
            problems.push(ConfigProblem {
                variable: "LOGTO_ENDPOINT".into(),
                reason: "is required when BOOKSTORE_PUBLIC_URL is https: the built-in dev identity provider and its public secret are for development only".into(),
            });
        }
        if let Some(logto) = wants_logto
            .then(|| logto_from_env(&get, &mut problems, &redirects))
            .flatten()
        {
            providers.insert(0, logto);
        }
        let mut seen = std::collections::HashSet::new();
        for provider in &providers {
            if !seen.insert(provider.id.clone()) {
                problems.push(ConfigProblem {
                    variable: format!("{path} providers[{}].id", provider.id),
                    reason: "is used by another provider".into(),
                });
            }
        }

        let database_url = get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
        let session_store_url = get("SESSION_STORE_URL").filter(|v| !v.is_empty());
        problems.extend(check_stores(&database_url, session_store_url.as_deref()));

        let request_timeout = match get("BOOKSTORE_REQUEST_TIMEOUT_SECS").map(|v| v.parse::<u64>()) {
            None => 60,
            Some(Ok(secs)) if (1..=600).contains(&secs) => secs,
            Some(_) => {
                problems.push(ConfigProblem {
                    variable: "BOOKSTORE_REQUEST_TIMEOUT_SECS".into(),
                    reason: "must be a whole number of seconds from 1 to 600".into(),
                });
                60
            }
        };
        let mut days = |variable: &str, default: u64| match get(variable).map(|v| v.parse::<u64>()) {
            None => default,
            Some(Ok(days)) if (1..=365).contains(&days) => days,
            Some(_) => {
                problems.push(ConfigProblem {
                    variable: variable.into(),
                    reason: "must be a whole number of days from 1 to 365".into(),
                });
                default
            }
        };
        let idle_days = days("BOOKSTORE_SESSION_DAYS", 14);
        let max_days = days("BOOKSTORE_SESSION_MAX_DAYS", 30);

        let authz = authz_from_env(&get, &mut problems, &providers);
        let development = public_url.as_ref().is_none_or(|url| url.scheme() == "http");
        let mail = mail::mail_from_env(&get, &mut problems, development);

        match public_url {
            Some(public_url) if problems.is_empty() => Ok(Settings {
                authz,
                mail,
                metrics_token: get("BOOKSTORE_METRICS_TOKEN").map(SecretString::from),
                request_timeout: Duration::from_secs(request_timeout),
                session: SessionSettings {
                    secure_cookie: public_url.scheme() == "https",
                    idle_timeout: Duration::from_secs(idle_days * 24 * 3600),
                    max_lifetime: Duration::from_secs(max_days * 24 * 3600),
                    store_url: session_store_url.map(SecretString::from),
                },
                public_url,
                database_url: database_url.into(),
                providers,
            }),
            _ => Err(ConfigError(problems)),
        }
    }
}

/// BOOKSTORE_HTTP_CONNECT_TIMEOUT_SECS (1-60, default 5) and
/// BOOKSTORE_HTTP_TIMEOUT_SECS (1-300, default 10): bounds on provider calls.
fn http_timeouts(get: &impl Fn(&str) -> Option<String>, problems: &mut Vec<ConfigProblem>) -> HttpTimeouts {
    let mut timeouts = HttpTimeouts::default();
    for (variable, max, target) in [
        ("BOOKSTORE_HTTP_CONNECT_TIMEOUT_SECS", 60, &mut timeouts.connect),
        ("BOOKSTORE_HTTP_TIMEOUT_SECS", 300, &mut timeouts.total),
    ] {
        match get(variable).map(|v| v.parse::<u64>()) {
            None => {}
            Some(Ok(secs)) if (1..=max).contains(&secs) => *target = Duration::from_secs(secs),
            Some(_) => problems.push(ConfigProblem {
                variable: variable.into(),
                reason: format!("must be a whole number of seconds from 1 to {max}"),
            }),
        }
    }
    timeouts
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
