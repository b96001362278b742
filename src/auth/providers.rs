//! The configured identity providers, each with its settings and its shared
//! metadata cache, looked up by id.

use std::sync::Arc;

use crate::auth::model::ProviderChoice;
use crate::oidc::discovery::{OidcProvider, ProviderError};
use crate::oidc::provider_settings::ProviderSettings;

pub struct Provider {
    pub settings: ProviderSettings,
    pub oidc: OidcProvider,
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

    /// What the sign-in page offers: "Continue with NAME" per provider.
    pub fn choices(&self) -> Vec<ProviderChoice> {
        self.list
            .iter()
            .map(|p| ProviderChoice {
                id: p.settings.id.clone(),
                name: p.settings.name.clone(),
            })
            .collect()
    }
}
