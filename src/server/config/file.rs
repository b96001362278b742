//! The providers file (TOML, `BOOKSTORE_CONFIG`, default `bookstore.toml`):
//! one `[[providers]]` table per identity provider. Field names follow Logto
//! (`appId`, …) and Logto's OIDC connector (`clientId`, `scope`,
//! `tokenEndpointAuthMethod`, …), so a configuration can be pasted in.

use std::time::Duration;

use serde::Deserialize;
use url::Url;

use crate::auth::token_policy::TokenPolicy;

use crate::server::config::ConfigProblem;
use std::collections::BTreeMap;

use crate::server::config::provider::{ClaimRules, ClientAuthMethod, ProviderSettings, logto_issuer};
use crate::server::config::validate::{check_prompt, check_resources, parse_base_url, parse_http_url, split_list};
use crate::server::config::verification::{VerificationEntry, parse_duration, token_policy};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvidersFile {
    #[serde(default)]
    providers: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Entry {
    Logto(LogtoEntry),
    Discovery(Box<DiscoveryEntry>),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LogtoEntry {
    id: String,
    name: String,
    endpoint: String,
    app_id: String,
    app_secret: String,
    #[serde(default)]
    scopes: Vec<String>,
    #[serde(default)]
    resources: Vec<String>,
    prompt: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DiscoveryEntry {
    id: String,
    name: String,
    issuer: String,
    client_id: String,
    client_secret: String,
    scope: String,
    token_endpoint_auth_method: Option<String>,
    prompt: Option<String>,
    #[serde(default)]
    resources: Vec<String>,
    id_token_verification_config: Option<VerificationEntry>,
    auth_request_optional_config: Option<AuthRequestEntry>,
    custom_config: Option<BTreeMap<String, String>>,
    #[serde(default)]
    accept_string_typed_boolean_claims: bool,
    #[serde(default)]
    trust_unverified_email: bool,
}

/// `authRequestOptionalConfig`: optional authorization-request parameters.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AuthRequestEntry {
    response_type: Option<String>,
    token_endpoint: Option<String>,
    response_mode: Option<String>,
    display: Option<String>,
    prompt: Option<String>,
    max_age: Option<String>,
    ui_locales: Option<String>,
    id_token_hint: Option<String>,
    login_hint: Option<String>,
    acr_values: Option<String>,
}

/// Parameters the flow itself sets: `customConfig` may not replace them
/// (Logto's connector lets it, which can silently disable state or PKCE).
const PROTOCOL_PARAMS: [&str; 10] = [
    "client_id",
    "redirect_uri",
    "response_type",
    "response_mode",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "prompt",
];

fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Where redirects come back to, shared by every provider.
pub struct Redirects {
    pub redirect_uri: Url,
    pub post_logout_redirect_uri: Url,
    pub http_timeout: Duration,
}

/// Parses and checks the file's text; every problem names the provider and field.
pub fn parse(source: &str, text: &str, redirects: &Redirects) -> Result<Vec<ProviderSettings>, Vec<ConfigProblem>> {
    let file: ProvidersFile = toml::from_str(text).map_err(|err| {
        vec![ConfigProblem {
            variable: source.to_string(),
            reason: err.message().to_string(),
        }]
    })?;
    let mut problems = Vec::new();
    let mut providers = Vec::new();
    for (index, entry) in file.providers.into_iter().enumerate() {
        let mut checker = Checker {
            source,
            index,
            id: String::new(),
            problems: &mut problems,
        };
        if let Some(provider) = checker.entry(entry, redirects) {
            providers.push(provider);
        }
    }
    if problems.is_empty() {
        Ok(providers)
    } else {
        Err(problems)
    }
}

struct Checker<'a> {
    source: &'a str,
    index: usize,
    id: String,
    problems: &'a mut Vec<ConfigProblem>,
}

impl Checker<'_> {
    fn problem(&mut self, field: &str, reason: impl Into<String>) {
        let who = if self.id.is_empty() {
            format!("#{}", self.index + 1)
        } else {
            self.id.clone()
        };
        self.problems.push(ConfigProblem {
            variable: format!("{} providers[{who}].{field}", self.source),
            reason: reason.into(),
        });
    }

    fn required(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.problem(field, "is required and must not be empty");
        }
    }

    fn entry(&mut self, entry: Entry, redirects: &Redirects) -> Option<ProviderSettings> {
        let (id, name) = match &entry {
            Entry::Logto(e) => (e.id.clone(), e.name.clone()),
            Entry::Discovery(e) => (e.id.clone(), e.name.clone()),
        };
        if id.is_empty()
            || id.len() > 32
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            self.problem(
                "id",
                format!("`{id}` must be 1 to 32 lowercase letters, digits or dashes"),
            );
        }
        self.id = id;
        self.required("name", &name);
        let before = self.problems.len();
        let settings = match entry {
            Entry::Logto(e) => self.logto(e, redirects),
            Entry::Discovery(e) => self.discovery(*e, redirects),
        };
        (self.problems.len() == before).then_some(settings).flatten()
    }

    fn logto(&mut self, e: LogtoEntry, redirects: &Redirects) -> Option<ProviderSettings> {
        let endpoint = parse_base_url(&e.endpoint)
            .map_err(|reason| self.problem("endpoint", reason))
            .ok();
        self.required("appId", &e.app_id);
        self.required("appSecret", &e.app_secret);
        let prompt = e.prompt.unwrap_or_else(|| "consent".into());
        self.check("prompt", check_prompt(&prompt));
        self.check("resources", check_resources(&e.resources));
        let mut scopes = vec!["offline_access".to_string(), "profile".to_string()];
        scopes.extend(
            e.scopes
                .into_iter()
                .filter(|s| !["openid", "offline_access", "profile"].contains(&s.as_str())),
        );
        Some(ProviderSettings {
            id: self.id.clone(),
            name: e.name,
            issuer: logto_issuer(&endpoint?),
            client_id: e.app_id,
            client_secret: e.app_secret,
            scopes,
            resources: e.resources,
            prompt: Some(prompt),
            auth_method: ClientAuthMethod::ClientSecretBasic,
            logto: true,
            redirect_uri: redirects.redirect_uri.clone(),
            post_logout_redirect_uri: redirects.post_logout_redirect_uri.clone(),
            http_timeout: redirects.http_timeout,
            token_policy: TokenPolicy::default(),
            extra_params: Vec::new(),
            claim_rules: ClaimRules::default(),
        })
    }

    fn discovery(&mut self, e: DiscoveryEntry, redirects: &Redirects) -> Option<ProviderSettings> {
        let issuer = parse_http_url(&e.issuer)
            .map_err(|reason| self.problem("issuer", reason))
            .ok();
        self.required("clientId", &e.client_id);
        self.required("clientSecret", &e.client_secret);
        // As Logto's connector: scopes separated by spaces or "+"; openid is always sent.
        let scopes: Vec<String> = split_list(Some(&e.scope.replace('+', " ")))
            .into_iter()
            .filter(|s| s != "openid")
            .collect();
        let auth_method = match e.token_endpoint_auth_method.as_deref() {
            None | Some("client_secret_basic") => Some(ClientAuthMethod::ClientSecretBasic),
            Some("client_secret_post") => Some(ClientAuthMethod::ClientSecretPost),
            Some(other) => {
                self.problem(
                    "tokenEndpointAuthMethod",
                    format!("`{other}` is not supported; use client_secret_basic or client_secret_post"),
                );
                None
            }
        };
        let verification = e.id_token_verification_config.unwrap_or_default();
        if verification.jwks_uri.is_some() {
            self.problem(
                "idTokenVerificationConfig.jwksUri",
                "a discovery provider takes its keys from discovery; leave jwksUri out",
            );
        }
        let mut token_policy = match token_policy(verification) {
            Ok(policy) => policy,
            Err(problems) => {
                for (field, reason) in problems {
                    self.problem(field, reason);
                }
                TokenPolicy::default()
            }
        };
        let request = e.auth_request_optional_config.unwrap_or_default();
        let prompt = request.prompt.clone().or(e.prompt);
        if let Some(prompt) = &prompt {
            self.check("prompt", check_prompt(prompt));
        }
        let extra_params = self.request_params(request, &mut token_policy, e.custom_config.unwrap_or_default());
        self.check("resources", check_resources(&e.resources));
        Some(ProviderSettings {
            id: self.id.clone(),
            name: e.name,
            // As written: discovery checks that the document names exactly this issuer.
            issuer: issuer.map(|_| e.issuer)?,
            client_id: e.client_id,
            client_secret: e.client_secret,
            scopes,
            resources: e.resources,
            prompt,
            auth_method: auth_method?,
            logto: false,
            redirect_uri: redirects.redirect_uri.clone(),
            post_logout_redirect_uri: redirects.post_logout_redirect_uri.clone(),
            http_timeout: redirects.http_timeout,
            token_policy,
            extra_params,
            claim_rules: ClaimRules {
                accept_string_booleans: e.accept_string_typed_boolean_claims,
                trust_unverified_email: e.trust_unverified_email,
            },
        })
    }

    /// `authRequestOptionalConfig` then `customConfig` as request parameters.
    fn request_params(
        &mut self,
        request: AuthRequestEntry,
        policy: &mut TokenPolicy,
        custom: BTreeMap<String, String>,
    ) -> Vec<(String, String)> {
        const FIELD: &str = "authRequestOptionalConfig";
        if request.response_type.as_deref().is_some_and(|t| t != "code") {
            self.problem(
                &format!("{FIELD}.responseType"),
                "only `code` is supported: the authorization code flow is the only safe one",
            );
        }
        if request.token_endpoint.is_some() {
            self.problem(
                &format!("{FIELD}.tokenEndpoint"),
                "is not an authorization-request parameter; Bookstore uses the token endpoint from discovery",
            );
        }
        if request.response_mode.as_deref().is_some_and(|m| m != "query") {
            self.problem(&format!("{FIELD}.responseMode"), "only `query` is supported so far");
        }
        let mut params = Vec::new();
        if let Some(max_age) = request.max_age {
            match parse_duration(&max_age) {
                Ok(age) => {
                    // With max_age, auth_time must come back and be recent enough.
                    policy.max_auth_age = Some(age);
                    params.push(("max_age".to_string(), age.as_secs().to_string()));
                }
                Err(reason) => self.problem(&format!("{FIELD}.maxAge"), reason),
            }
        }
        let optional = [
            ("display", request.display),
            ("ui_locales", request.ui_locales),
            ("id_token_hint", request.id_token_hint),
            ("login_hint", request.login_hint),
            ("acr_values", request.acr_values),
        ];
        params.extend(
            optional
                .into_iter()
                .filter_map(|(name, value)| Some((name.to_string(), value?))),
        );
        for (name, value) in custom {
            // As Logto's connector: `accessType` is sent as `access_type`.
            let name = snake_case(&name);
            if PROTOCOL_PARAMS.contains(&name.as_str()) {
                self.problem(
                    &format!("customConfig.{name}"),
                    "is set by Bookstore's sign-in flow and cannot be replaced",
                );
            } else {
                params.push((name, value));
            }
        }
        params
    }

    fn check(&mut self, field: &str, result: Result<(), String>) {
        if let Err(reason) = result {
            self.problem(field, reason);
        }
    }
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
