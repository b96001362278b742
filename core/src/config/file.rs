//! The providers file (TOML, `BOOKSTORE_CONFIG`, default `bookstore.toml`):
//! one `[[providers]]` table per identity provider. Field names follow Logto
//! (`appId`, …) and Logto's OIDC connector (`clientId`, `scope`,
//! `tokenEndpointAuthMethod`, …), so a configuration can be pasted in.

mod auth_request;
mod entries;
mod json;
mod oidc;

use crate::config::ConfigProblem;
use crate::config::provider::{LogtoApp, Redirects};
use crate::config::validate::{
    check_direct_sign_in, check_organization_ids, check_prompt, check_resources, check_webhook_key, parse_base_url,
};
use crate::oidc::provider_settings::ProviderSettings;
use crate::oidc::token_policy::TokenPolicy;
use entries::{Entry, LogtoEntry, ProvidersFile};

/// Parses and checks the file's text; every problem names the provider and field.
pub fn parse(source: &str, text: &str, redirects: &Redirects) -> Result<Vec<ProviderSettings>, Vec<ConfigProblem>> {
    let syntax = |err: toml::de::Error| {
        vec![ConfigProblem {
            variable: source.to_string(),
            reason: err.message().to_string(),
        }]
    };
    let mut table: toml::Table = toml::from_str(text).map_err(syntax)?;
    let expanded = json::expand(&mut table, source);
    if !expanded.is_empty() {
        return Err(expanded);
    }
    let file: ProvidersFile = toml::Value::Table(table).try_into().map_err(syntax)?;
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

pub(super) struct Checker<'a> {
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
            Entry::Discovery(e) | Entry::Explicit(e) => (e.id.clone(), e.name.clone()),
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
            Entry::Logto(e) => self.logto(*e, redirects),
            Entry::Discovery(e) => self.oidc(*e, false, redirects),
            Entry::Explicit(e) => self.oidc(*e, true, redirects),
        };
        (self.problems.len() == before).then_some(settings).flatten()
    }

    fn logto(&mut self, e: LogtoEntry, redirects: &Redirects) -> Option<ProviderSettings> {
        let endpoint = parse_base_url(&e.endpoint)
            .map_err(|reason| self.problem("endpoint", reason))
            .ok();
        self.required("appId", &e.app_id);
        self.required("appSecret", &e.app_secret);
        // As for the other provider types: authRequestOptionalConfig's prompt wins.
        let request = e.auth_request_optional_config.unwrap_or_default();
        let prompt = request.prompt.clone().or(e.prompt).unwrap_or_else(|| "consent".into());
        self.check("prompt", check_prompt(&prompt));
        let mut token_policy = TokenPolicy::default();
        let extra_params = self.request_params(request, &mut token_policy, e.custom_config.unwrap_or_default());
        self.check("resources", check_resources(&e.resources));
        self.check("directSignIn", check_direct_sign_in(&e.direct_sign_in));
        self.check("signInOrganizations", check_organization_ids(&e.sign_in_organizations));
        if let Some(key) = &e.webhook_signing_key {
            self.check("webhookSigningKey", check_webhook_key(key));
        }
        let app = LogtoApp {
            id: self.id.clone(),
            name: e.name,
            endpoint: endpoint?,
            app_id: e.app_id,
            app_secret: e.app_secret,
            extra_scopes: e.scopes,
            resources: e.resources,
            prompt,
            offers: crate::oidc::sign_in_options::SignInOffers {
                direct_sign_in: e.direct_sign_in,
                organizations: e.sign_in_organizations,
                single_sign_on: e.single_sign_on,
            },
            webhook_signing_key: e.webhook_signing_key,
            account_center: e.account_center,
            management: match (e.m2m_app_id, e.m2m_app_secret) {
                (Some(app_id), Some(app_secret)) => Some(crate::oidc::provider_settings::ManagementApi {
                    app_id,
                    app_secret: app_secret.into(),
                    resource: e
                        .management_api
                        .unwrap_or_else(|| crate::config::provider::DEFAULT_MANAGEMENT_API.to_string()),
                }),
                (None, None) => None,
                _ => {
                    self.problem("m2mAppId", "and m2mAppSecret go together: set both or neither");
                    None
                }
            },
        };
        Some(ProviderSettings {
            extra_params,
            token_policy,
            ..ProviderSettings::logto(app, redirects)
        })
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
