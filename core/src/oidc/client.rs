//! This client at the provider's token endpoints: the openidconnect client
//! with exactly one authentication method, the signed client assertion when
//! the method is JWT-based, and what a failed token request means.

use openidconnect::OAuth2TokenResponse as _;
use openidconnect::core::{CoreClient, CoreTokenResponse};
use openidconnect::{AuthType, ClientId, ClientSecret, EndpointNotSet, EndpointSet, RedirectUrl, RequestTokenError};
use secrecy::ExposeSecret;

use crate::error::{Cause, error_chain};
use crate::oidc::client_assertion;
use crate::oidc::discovery::Discovery;
use crate::oidc::provider_settings::{ClientAuthMethod, ProviderSettings};

/// A token request that did not give usable tokens.
#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    /// The token endpoint refused (`invalid_grant`, `invalid_client`, …).
    #[error("the token endpoint refused: {error}")]
    TokenRejected { error: String, description: Option<String> },
    /// The answer failed a check (a bad ID token, an unreadable body, …).
    #[error("the identity provider's answer failed a check: {0}")]
    InvalidResponse(String),
    #[error("the identity provider could not be reached")]
    Unreachable(#[source] Cause),
    #[error("the identity provider's metadata lacks {0}")]
    Misconfigured(&'static str),
}

pub fn client(settings: &ProviderSettings, discovery: &Discovery) -> CoreClient<EndpointSet> {
    let redirect = RedirectUrl::from_url(settings.redirect_uri.clone());
    let metadata = &discovery.metadata;
    let client = CoreClient::new(
        ClientId::new(settings.client_id.clone()),
        metadata.issuer().clone(),
        metadata.jwks().clone(),
    )
    .set_auth_uri(metadata.authorization_endpoint().clone())
    .set_redirect_uri(redirect);
    // One mechanism only: the secret is never in both the header and the body
    // (Logto refuses a request that authenticates both ways).
    match settings.auth_method {
        ClientAuthMethod::ClientSecretBasic => client
            .set_client_secret(ClientSecret::new(settings.client_secret.expose_secret().to_string()))
            .set_auth_type(AuthType::BasicAuth),
        ClientAuthMethod::ClientSecretPost => client
            .set_client_secret(ClientSecret::new(settings.client_secret.expose_secret().to_string()))
            .set_auth_type(AuthType::RequestBody),
        // No secret on the client: only client_id goes in the body, and the
        // signed assertion is added to the request (see `exchange_code`).
        ClientAuthMethod::ClientSecretJwt(_) | ClientAuthMethod::PrivateKeyJwt { .. } => {
            client.set_auth_type(AuthType::RequestBody)
        }
    }
}

/// RFC 6749 7.1: a client must not use a token of a type it does not
/// understand. Bookstore understands Bearer (compared without case: Logto
/// sends `Bearer`, oauth2 only recognises `bearer`).
pub fn check_token_type(response: &CoreTokenResponse) -> Result<(), FlowError> {
    if response.token_type().as_ref().eq_ignore_ascii_case("bearer") {
        Ok(())
    } else {
        Err(FlowError::InvalidResponse(
            "the token endpoint issued a token that is not a Bearer token (token_type)".into(),
        ))
    }
}

/// `client_assertion_type` and `client_assertion`, or nothing for the secret methods.
pub type AssertionParams = Vec<(&'static str, String)>;

/// The client ready for the token endpoint.
pub type TokenClient = CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// The client for `discovery`'s token endpoint, and the client-assertion
/// parameters every request to it must carry (none for the secret methods).
pub fn token_client(
    settings: &ProviderSettings,
    discovery: &Discovery,
) -> Result<(TokenClient, AssertionParams), FlowError> {
    let token_url = discovery
        .metadata
        .token_endpoint()
        .cloned()
        .ok_or(FlowError::Misconfigured("a token endpoint"))?;
    let assertion = assertion_params(settings, token_url.as_str());
    Ok((client(settings, discovery).set_token_uri(token_url), assertion))
}

/// `client_assertion` parameters for JWT client authentication at `endpoint`.
pub fn assertion_params(settings: &ProviderSettings, endpoint: &str) -> AssertionParams {
    let assertion = match &settings.auth_method {
        ClientAuthMethod::ClientSecretJwt(algorithm) => client_assertion::client_secret_jwt(
            &settings.client_id,
            settings.client_secret.expose_secret(),
            *algorithm,
            endpoint,
        ),
        ClientAuthMethod::PrivateKeyJwt { pem, kid } => {
            client_assertion::private_key_jwt(&settings.client_id, pem.expose_secret(), kid.as_deref(), endpoint)
        }
        ClientAuthMethod::ClientSecretBasic | ClientAuthMethod::ClientSecretPost => return Vec::new(),
    };
    let assertion = match assertion {
        Ok(assertion) => assertion,
        Err(err) => {
            // The key was checked at start-up; the provider will refuse the request.
            tracing::error!(provider = %settings.id, error = %error_chain(&err), "cannot sign the client assertion");
            return Vec::new();
        }
    };
    vec![
        ("client_assertion_type", client_assertion::ASSERTION_TYPE.to_string()),
        ("client_assertion", assertion),
    ]
}

pub fn token_error<RE: std::error::Error + Send + Sync + 'static>(
    err: RequestTokenError<RE, openidconnect::StandardErrorResponse<openidconnect::core::CoreErrorResponseType>>,
) -> FlowError {
    match err {
        RequestTokenError::ServerResponse(response) => FlowError::TokenRejected {
            error: response.error().to_string(),
            description: response.error_description().cloned(),
        },
        RequestTokenError::Request(inner) => FlowError::Unreachable(Box::new(inner)),
        other => FlowError::InvalidResponse(format!(
            "the token endpoint sent an unreadable answer: {}",
            error_chain(&other)
        )),
    }
}
