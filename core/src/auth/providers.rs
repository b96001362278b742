//! The configured identity providers, each with its settings and its shared
//! metadata cache, looked up by id.

use std::sync::Arc;

use crate::auth::model::ProviderChoice;
use crate::auth::sign_in_ways::Shortcut;
use crate::error::{AppError, error_chain};
use crate::oidc::discovery::{Discovery, OidcProvider, ProviderError};
use crate::oidc::provider_settings::ProviderSettings;

pub struct Provider {
    pub settings: ProviderSettings,
    pub oidc: OidcProvider,
    /// The Management API token, when its app is configured.
    pub management: crate::oidc::management::ManagementToken,
}

impl Provider {
    /// The provider's metadata (cached by `OidcProvider`); unreachable is 503.
    pub async fn discovery(&self) -> Result<Arc<Discovery>, AppError> {
        self.oidc.discovery().await.map_err(|err| {
            tracing::error!(provider = %self.settings.id, error = %error_chain(&err), "identity provider metadata unavailable");
            AppError::ProviderUnavailable
        })
    }
}

pub struct Providers {
    list: Vec<Arc<Provider>>,
}

impl Providers {
    pub fn new(settings: &[ProviderSettings]) -> Result<Self, ProviderError> {
        let list = settings
            .iter()
            .map(|s| {
                Ok(Arc::new(Provider {
                    oidc: OidcProvider::new(&s.issuer, s.http)?.with_endpoints(s.endpoints.clone()),
                    settings: s.clone(),
                    management: Default::default(),
                }))
            })
            .collect::<Result<_, ProviderError>>()?;
        Ok(Self { list })
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Provider>> {
        self.list.iter().find(|p| p.settings.id == id)
    }

    pub fn all(&self) -> &[Arc<Provider>] {
        &self.list
    }

    /// The provider a (not yet verified) logout token names: its `iss` is
    /// the provider's issuer and its `aud` names the provider's client.
    pub fn for_logout_token(&self, claims: &serde_json::Map<String, serde_json::Value>) -> Option<&Arc<Provider>> {
        use serde_json::Value;
        let issuer = claims.get("iss").and_then(Value::as_str)?;
        let names_client = |client_id: &str| match claims.get("aud") {
            Some(Value::String(aud)) => aud == client_id,
            Some(Value::Array(auds)) => auds.iter().any(|aud| aud.as_str() == Some(client_id)),
            _ => false,
        };
        self.list
            .iter()
            .find(|p| p.settings.issuer == issuer && names_client(&p.settings.client_id))
    }

    /// What the sign-in page offers: "Continue with NAME" per provider, and
    /// the other ways into it that were configured.
    pub fn choices(&self) -> Vec<ProviderChoice> {
        self.list
            .iter()
            .map(|p| {
                let offers = &p.settings.offers;
                ProviderChoice {
                    id: p.settings.id.clone(),
                    name: p.settings.name.clone(),
                    shortcuts: offers.direct_sign_in.iter().map(|t| Shortcut::new(t)).collect(),
                    reset_password: p.settings.logto,
                    single_sign_on: p.settings.logto && offers.single_sign_on,
                    email_link: false,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_logout_token_picks_the_client_of_its_issuer_that_it_names() {
        let mut first = crate::oidc::test_support::settings();
        first.id = "shop".into();
        first.client_id = "shop-client".into();
        let mut second = first.clone();
        second.id = "staff".into();
        second.client_id = "staff-client".into();
        let providers = Providers::new(&[first.clone(), second]).unwrap();
        let claims = |aud: serde_json::Value| json!({"iss": first.issuer, "aud": aud}).as_object().unwrap().clone();
        let pick = |aud| providers.for_logout_token(&claims(aud)).map(|p| p.settings.id.clone());
        assert_eq!(pick(json!("staff-client")), Some("staff".into()));
        assert_eq!(pick(json!(["other", "shop-client"])), Some("shop".into()));
        assert_eq!(pick(json!("nobody")), None);
        let foreign = json!({"iss": "https://evil.example", "aud": "shop-client"});
        assert!(providers.for_logout_token(foreign.as_object().unwrap()).is_none());
    }
}
