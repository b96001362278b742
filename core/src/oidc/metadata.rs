//! The provider metadata Bookstore reads: OpenID Connect Discovery plus the
//! fields Logto publishes beyond it, and the same document built from
//! configured endpoints for a provider without discovery.

use openidconnect::core::{
    CoreAuthDisplay, CoreClaimName, CoreClaimType, CoreClientAuthMethod, CoreGrantType, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreResponseMode, CoreResponseType,
    CoreSubjectIdentifierType,
};
use openidconnect::{
    AdditionalProviderMetadata, AuthUrl, IssuerUrl, JsonWebKeySetUrl, ProviderMetadata, ResponseTypes, TokenUrl,
    UserInfoUrl,
};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::oidc::provider_settings::ExplicitEndpoints;

/// Discovery fields Logto publishes beyond OpenID Connect Discovery 1.0.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct LogtoExtraMetadata {
    pub end_session_endpoint: Option<Url>,
    pub revocation_endpoint: Option<Url>,
    /// RFC 9207: the provider adds `iss` to every authorization response.
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
}
impl AdditionalProviderMetadata for LogtoExtraMetadata {}

pub type LogtoProviderMetadata = ProviderMetadata<
    LogtoExtraMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// The metadata discovery would have given, from configured endpoints. It
/// advertises every algorithm Bookstore verifies; the provider's
/// `idTokenVerificationConfig.algorithms` narrows that per provider.
pub fn explicit_metadata(issuer: &IssuerUrl, endpoints: &ExplicitEndpoints) -> LogtoProviderMetadata {
    LogtoProviderMetadata::new(
        issuer.clone(),
        AuthUrl::from_url(endpoints.authorization.clone()),
        JsonWebKeySetUrl::from_url(endpoints.jwks.clone()),
        vec![ResponseTypes::new(vec![CoreResponseType::Code])],
        vec![CoreSubjectIdentifierType::Public],
        crate::oidc::jwt::SUPPORTED_ALGS.to_vec(),
        LogtoExtraMetadata {
            end_session_endpoint: endpoints.end_session.clone(),
            revocation_endpoint: endpoints.revocation.clone(),
            authorization_response_iss_parameter_supported: false,
        },
    )
    .set_token_endpoint(Some(TokenUrl::from_url(endpoints.token.clone())))
    .set_userinfo_endpoint(endpoints.userinfo.clone().map(UserInfoUrl::from_url))
}
