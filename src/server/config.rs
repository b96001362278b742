//! Bookstore's settings, read once at start-up from the environment (and an
//! optional `.env`). Every problem is collected, so a broken deployment gets one
//! line per variable instead of a fix-one-restart-repeat loop.

use std::fmt;
use std::time::Duration;

use url::Url;

/// Where the dev identity provider listens when nothing else is configured.
pub const DEV_LOGTO_ENDPOINT: &str = "http://127.0.0.1:3001";
pub const DEV_APP_ID: &str = "bookstore-dev";
pub const DEV_APP_SECRET: &str = "bookstore-dev-secret";
const DEFAULT_PUBLIC_URL: &str = "http://localhost:3000";
const DEFAULT_DATABASE_URL: &str = "sqlite://data/bookstore.db?mode=rwc";
const PROMPT_VALUES: [&str; 4] = ["none", "login", "consent", "select_account"];

#[derive(Clone, Debug)]
pub struct Settings {
    pub public_url: Url,
    pub database_url: String,
    pub oidc: OidcSettings,
    pub session: SessionSettings,
}

#[derive(Clone)]
pub struct OidcSettings {
    /// The Logto endpoint; the issuer is `{endpoint}/oidc`.
    pub endpoint: Url,
    pub app_id: String,
    pub app_secret: String,
    /// Scopes asked for besides `openid offline_access profile`.
    pub extra_scopes: Vec<String>,
    /// API resource indicators, one `resource` parameter each.
    pub resources: Vec<String>,
    pub prompt: String,
    pub redirect_uri: Url,
    pub post_logout_redirect_uri: Url,
    pub http_timeout: Duration,
}

impl fmt::Debug for OidcSettings {
    // The secret never reaches a log line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcSettings")
            .field("endpoint", &self.endpoint.as_str())
            .field("app_id", &self.app_id)
            .field("app_secret", &"[redacted]")
            .field("extra_scopes", &self.extra_scopes)
            .field("resources", &self.resources)
            .field("prompt", &self.prompt)
            .field("redirect_uri", &self.redirect_uri.as_str())
            .finish()
    }
}

impl OidcSettings {
    /// The issuer Logto uses for a tenant endpoint.
    pub fn issuer(&self) -> String {
        format!("{}/oidc", self.endpoint.as_str().trim_end_matches('/'))
    }
}

#[derive(Clone, Debug)]
pub struct SessionSettings {
    /// `Secure` cookie attribute: on whenever the public URL is https.
    pub secure_cookie: bool,
    /// How long an idle session lives.
    pub idle_timeout: Duration,
}

/// One configuration problem: the variable and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub variable: &'static str,
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
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can pass a map.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut problems = Vec::new();
        let get = |name: &str| lookup(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let mut problem = |variable: &'static str, reason: String| {
            problems.push(ConfigProblem { variable, reason });
        };

        let public_url = parse_base_url(get("BOOKSTORE_PUBLIC_URL").as_deref().unwrap_or(DEFAULT_PUBLIC_URL))
            .map_err(|reason| problem("BOOKSTORE_PUBLIC_URL", reason))
            .ok();

        let endpoint_value = get("LOGTO_ENDPOINT");
        let using_dev_provider = endpoint_value.is_none();
        let endpoint = parse_base_url(endpoint_value.as_deref().unwrap_or(DEV_LOGTO_ENDPOINT))
            .map_err(|reason| problem("LOGTO_ENDPOINT", reason))
            .ok();

        // The built-in credentials belong to the dev provider only: a real tenant
        // must be given its own, never a well-known secret.
        let mut credential = |variable: &'static str, dev_default: &str| match get(variable) {
            Some(value) => Some(value),
            None if using_dev_provider => Some(dev_default.to_string()),
            None => {
                problem(
                    variable,
                    "is required when LOGTO_ENDPOINT is set; copy it from the application's page in the Logto Console"
                        .into(),
                );
                None
            }
        };
        let app_id = credential("LOGTO_APP_ID", DEV_APP_ID);
        let app_secret = credential("LOGTO_APP_SECRET", DEV_APP_SECRET);

        let extra_scopes = split_list(get("LOGTO_SCOPES").as_deref())
            .into_iter()
            .filter(|scope| !["openid", "offline_access", "profile"].contains(&scope.as_str()))
            .collect();

        let resources = split_list(get("LOGTO_RESOURCES").as_deref());
        for resource in &resources {
            if Url::parse(resource).is_err() {
                problem(
                    "LOGTO_RESOURCES",
                    format!(
                        "`{resource}` is not an absolute URI (API resource indicators look like https://api.example.com)"
                    ),
                );
            }
        }

        let prompt = get("LOGTO_PROMPT").unwrap_or_else(|| "consent".to_string());
        if let Some(bad) = prompt.split(' ').find(|value| !PROMPT_VALUES.contains(value)) {
            problem(
                "LOGTO_PROMPT",
                format!("`{bad}` is not a prompt value; use any of {}", PROMPT_VALUES.join(", ")),
            );
        }

        let database_url = get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
        if !database_url.starts_with("sqlite:") {
            problem(
                "DATABASE_URL",
                "must be a sqlite: URL, for example sqlite://data/bookstore.db?mode=rwc".into(),
            );
        }

        let idle_days = match get("BOOKSTORE_SESSION_DAYS").map(|v| v.parse::<u64>()) {
            None => 14,
            Some(Ok(days)) if (1..=365).contains(&days) => days,
            Some(_) => {
                problem(
                    "BOOKSTORE_SESSION_DAYS",
                    "must be a whole number of days from 1 to 365".into(),
                );
                14
            }
        };

        match (public_url, endpoint, app_id, app_secret) {
            (Some(public_url), Some(endpoint), Some(app_id), Some(app_secret)) if problems.is_empty() => {
                let redirect_uri = public_url.join("callback").expect("a base URL joins a relative path");
                Ok(Settings {
                    oidc: OidcSettings {
                        endpoint,
                        app_id,
                        app_secret,
                        extra_scopes,
                        resources,
                        prompt,
                        redirect_uri,
                        post_logout_redirect_uri: public_url.clone(),
                        http_timeout: Duration::from_secs(10),
                    },
                    session: SessionSettings {
                        secure_cookie: public_url.scheme() == "https",
                        idle_timeout: Duration::from_secs(idle_days * 24 * 3600),
                    },
                    public_url,
                    database_url,
                })
            }
            _ => Err(ConfigError(problems)),
        }
    }
}

/// An http(s) URL with no query or fragment, normalised to end with `/`.
fn parse_base_url(value: &str) -> Result<Url, String> {
    let mut url = Url::parse(value).map_err(|err| format!("`{value}` is not a URL ({err})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{value}` must start with http:// or https://"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("`{value}` must not have a query or fragment"));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Splits a list given with spaces and/or commas.
fn split_list(value: Option<&str>) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for item in value.unwrap_or_default().split([' ', ',']).filter(|s| !s.is_empty()) {
        if !items.iter().any(|known| known == item) {
            items.push(item.to_string());
        }
    }
    items
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
