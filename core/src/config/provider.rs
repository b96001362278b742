//! Building one identity provider's settings from the configuration: Logto
//! as its SDKs use it, and the addresses every provider shares.

use url::Url;

use crate::config::authz::DEV_API_RESOURCE;
use crate::config::validate::{
    check_direct_sign_in, check_organization_ids, check_prompt, check_resources, check_webhook_key, parse_base_url,
    parse_switch, split_list,
};
use crate::config::{ConfigProblem, DEV_APP_ID, DEV_APP_SECRET, DEV_LOGTO_ENDPOINT, DEV_SCOPES};
use crate::oidc::provider_settings::{ClaimRules, ClientAuthMethod, HttpTimeouts, ManagementApi, ProviderSettings};
use crate::oidc::sign_in_options::SignInOffers;
use crate::oidc::token_policy::TokenPolicy;

/// Where every provider sends the browser back to, and how long calls may take.
pub struct Redirects {
    pub redirect_uri: Url,
    pub post_logout_redirect_uri: Url,
    pub http: HttpTimeouts,
}

/// A Logto tenant's application, from LOGTO_* or a `type = "logto"` table.
pub struct LogtoApp {
    pub id: String,
    pub name: String,
    pub endpoint: Url,
    pub app_id: String,
    pub app_secret: String,
    /// Scopes besides `openid offline_access profile` (repeats are dropped).
    pub extra_scopes: Vec<String>,
    pub resources: Vec<String>,
    pub prompt: String,
    /// What sign-in links may ask for (`direct_sign_in`, `organization_id`).
    pub offers: SignInOffers,
    /// The webhook signing key (`LOGTO_WEBHOOK_SIGNING_KEY`, `webhookSigningKey`).
    pub webhook_signing_key: Option<String>,
    /// The tenant's Account Center is on (`LOGTO_ACCOUNT_CENTER`, `accountCenter`).
    pub account_center: bool,
    /// The Management API app (`LOGTO_M2M_APP_ID`, `LOGTO_M2M_APP_SECRET`,
    /// `LOGTO_MANAGEMENT_API`; file `m2mAppId`, `m2mAppSecret`, `managementApi`).
    pub management: Option<ManagementApi>,
}

/// A self-hosted Logto's Management API resource (the default tenant's).
pub const DEFAULT_MANAGEMENT_API: &str = "https://default.logto.app/api";
/// The dev provider's Management API app.
pub const DEV_M2M_APP_ID: &str = "bookstore-m2m";
pub const DEV_M2M_APP_SECRET: &str = "bookstore-m2m-secret-0123456789";

impl ProviderSettings {
    /// Logto as its SDKs use it: `openid offline_access profile`, `prompt`,
    /// `client_secret_basic`, sign-up screen parameters.
    pub fn logto(app: LogtoApp, redirects: &Redirects) -> Self {
        let mut scopes = vec!["offline_access".to_string(), "profile".to_string()];
        for scope in app.extra_scopes {
            if scope != "openid" && !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
        // As Logto's SDKs: organization tokens need this resource at sign-in.
        let mut resources = app.resources;
        if scopes.iter().any(|s| s == ORGANIZATIONS_SCOPE) && !resources.iter().any(|r| r == ORGANIZATIONS_RESOURCE) {
            resources.push(ORGANIZATIONS_RESOURCE.to_string());
        }
        Self {
            id: app.id,
            name: app.name,
            issuer: logto_issuer(&app.endpoint),
            client_id: app.app_id,
            client_secret: app.app_secret.into(),
            scopes,
            resources,
            prompt: Some(app.prompt),
            auth_method: ClientAuthMethod::ClientSecretBasic,
            logto: true,
            offers: app.offers,
            redirect_uri: redirects.redirect_uri.clone(),
            post_logout_redirect_uri: redirects.post_logout_redirect_uri.clone(),
            http: redirects.http,
            token_policy: TokenPolicy::default(),
            extra_params: Vec::new(),
            claim_rules: ClaimRules::default(),
            endpoints: None,
            webhook_signing_key: app.webhook_signing_key.map(Into::into),
            account_center: app.account_center,
            management: app.management,
        }
    }
}

/// The scope that puts organizations into Logto's tokens.
pub const ORGANIZATIONS_SCOPE: &str = "urn:logto:scope:organizations";
/// The resource Logto's SDKs request with [`ORGANIZATIONS_SCOPE`].
pub const ORGANIZATIONS_RESOURCE: &str = "urn:logto:resource:organizations";

/// The issuer Logto uses for a tenant endpoint.
pub fn logto_issuer(endpoint: &Url) -> String {
    format!("{}/oidc", endpoint.as_str().trim_end_matches('/'))
}

/// The Logto provider described by the LOGTO_* variables.
pub(crate) fn logto_from_env(
    get: &impl Fn(&str) -> Option<String>,
    problems: &mut Vec<ConfigProblem>,
    redirects: &Redirects,
) -> Option<ProviderSettings> {
    let mut problem = |variable: &str, reason: String| {
        problems.push(ConfigProblem {
            variable: variable.to_string(),
            reason,
        });
    };
    let endpoint_value = get("LOGTO_ENDPOINT");
    let using_dev_provider = endpoint_value.is_none();
    let endpoint = parse_base_url(endpoint_value.as_deref().unwrap_or(DEV_LOGTO_ENDPOINT))
        .map_err(|reason| problem("LOGTO_ENDPOINT", reason))
        .ok();

    // The built-in credentials belong to the dev provider only: a real tenant
    // must be given its own, never a well-known secret.
    let mut credential = |variable: &str, dev_default: &str| match get(variable) {
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

    let dev_default = |value: &'static str| using_dev_provider.then_some(value);
    let resources = split_list(get("LOGTO_RESOURCES").as_deref().or(dev_default(DEV_API_RESOURCE)));
    if let Err(reason) = check_resources(&resources) {
        problem("LOGTO_RESOURCES", reason);
    }
    let prompt = get("LOGTO_PROMPT").unwrap_or_else(|| "consent".to_string());
    if let Err(reason) = check_prompt(&prompt) {
        problem("LOGTO_PROMPT", reason);
    }

    let mut offers = SignInOffers {
        direct_sign_in: split_list(get("LOGTO_DIRECT_SIGN_IN").as_deref()),
        organizations: split_list(get("LOGTO_SIGN_IN_ORGANIZATIONS").as_deref()),
        single_sign_on: false,
    };
    if let Err(reason) = check_direct_sign_in(&offers.direct_sign_in) {
        problem("LOGTO_DIRECT_SIGN_IN", reason);
    }
    if let Err(reason) = check_organization_ids(&offers.organizations) {
        problem("LOGTO_SIGN_IN_ORGANIZATIONS", reason);
    }
    match parse_switch(get("LOGTO_SINGLE_SIGN_ON").as_deref()) {
        Ok(on) => offers.single_sign_on = on,
        Err(reason) => problem("LOGTO_SINGLE_SIGN_ON", reason),
    }

    let account_center = parse_switch(get("LOGTO_ACCOUNT_CENTER").as_deref()).unwrap_or_else(|reason| {
        problem("LOGTO_ACCOUNT_CENTER", reason);
        false
    });
    let m2m = |variable: &str, dev: &'static str| get(variable).or_else(|| using_dev_provider.then(|| dev.to_string()));
    let management = match (
        m2m("LOGTO_M2M_APP_ID", DEV_M2M_APP_ID),
        m2m("LOGTO_M2M_APP_SECRET", DEV_M2M_APP_SECRET),
    ) {
        (Some(app_id), Some(app_secret)) => Some(ManagementApi {
            app_id,
            app_secret: app_secret.into(),
            resource: get("LOGTO_MANAGEMENT_API").unwrap_or_else(|| DEFAULT_MANAGEMENT_API.to_string()),
        }),
        (None, None) => None,
        (Some(_), None) | (None, Some(_)) => {
            problem(
                "LOGTO_M2M_APP_ID",
                "and LOGTO_M2M_APP_SECRET go together: set both or neither".into(),
            );
            None
        }
    };
    let webhook_key = get("LOGTO_WEBHOOK_SIGNING_KEY");
    if let Some(Err(reason)) = webhook_key.as_deref().map(check_webhook_key) {
        problem("LOGTO_WEBHOOK_SIGNING_KEY", reason);
    }
    let app = LogtoApp {
        id: "logto".into(),
        name: "Logto".into(),
        endpoint: endpoint?,
        app_id: app_id?,
        app_secret: app_secret?,
        extra_scopes: split_list(get("LOGTO_SCOPES").as_deref().or(dev_default(DEV_SCOPES))),
        resources,
        prompt,
        offers,
        webhook_signing_key: webhook_key,
        account_center,
        management,
    };
    Some(ProviderSettings::logto(app, redirects))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use crate::config::{ConfigError, Settings};

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn sign_in_link_offers_come_from_the_environment_and_are_checked() {
        let logto = &settings(&[
            ("LOGTO_DIRECT_SIGN_IN", "social:google, sso:okta"),
            ("LOGTO_SIGN_IN_ORGANIZATIONS", "org-1"),
            ("LOGTO_SINGLE_SIGN_ON", "true"),
        ])
        .unwrap()
        .providers[0];
        assert!(logto.offers.single_sign_on);
        assert_eq!(logto.offers.direct_sign_in, ["social:google", "sso:okta"]);
        assert_eq!(logto.offers.organizations, ["org-1"]);
        let err = settings(&[
            ("LOGTO_DIRECT_SIGN_IN", "google"),
            ("LOGTO_SIGN_IN_ORGANIZATIONS", "org/1"),
            ("LOGTO_SINGLE_SIGN_ON", "maybe"),
        ])
        .unwrap_err();
        let vars: Vec<&str> = err.0.iter().map(|p| p.variable.as_str()).collect();
        assert_eq!(
            vars,
            [
                "LOGTO_DIRECT_SIGN_IN",
                "LOGTO_SIGN_IN_ORGANIZATIONS",
                "LOGTO_SINGLE_SIGN_ON"
            ]
        );
    }

    #[test]
    fn a_webhook_key_must_look_like_one_and_the_management_app_needs_both_halves() {
        let err = settings(&[
            ("LOGTO_ENDPOINT", "https://tenant.logto.app"),
            ("LOGTO_APP_ID", "app"),
            ("LOGTO_APP_SECRET", "secret"),
            ("LOGTO_WEBHOOK_SIGNING_KEY", "short"),
            ("LOGTO_M2M_APP_ID", "m2m"),
        ])
        .unwrap_err();
        let vars: Vec<&str> = err.0.iter().map(|p| p.variable.as_str()).collect();
        assert_eq!(vars, ["LOGTO_M2M_APP_ID", "LOGTO_WEBHOOK_SIGNING_KEY"]);
        let logto = &settings(&[
            ("LOGTO_ENDPOINT", "https://tenant.logto.app"),
            ("LOGTO_APP_ID", "app"),
            ("LOGTO_APP_SECRET", "secret"),
        ])
        .unwrap()
        .providers[0];
        assert!(logto.management.is_none(), "a real tenant gets no dev credentials");
        assert_eq!(logto.tenant_endpoint(), "https://tenant.logto.app");
    }
}
