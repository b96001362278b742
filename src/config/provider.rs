//! Building one identity provider's settings from the configuration: Logto
//! as its SDKs use it, and the addresses every provider shares.

use url::Url;

use crate::oidc::provider_settings::{ClaimRules, ClientAuthMethod, HttpTimeouts, ProviderSettings};
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
}

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
            redirect_uri: redirects.redirect_uri.clone(),
            post_logout_redirect_uri: redirects.post_logout_redirect_uri.clone(),
            http: redirects.http,
            token_policy: TokenPolicy::default(),
            extra_params: Vec::new(),
            claim_rules: ClaimRules::default(),
            endpoints: None,
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
