//! The authorization code flow against a Logto-compatible provider: the
//! authorization URL (PKCE S256, state, nonce, the link's Logto options), the
//! code exchange, and ID-token verification with key rotation.

use std::sync::Arc;

use chrono::Utc;
use openidconnect::core::CoreResponseType;
use openidconnect::{
    AuthenticationFlow, AuthorizationCode, CsrfToken, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    Scope,
};
use secrecy::ExposeSecret;
use url::Url;

pub use crate::oidc::client::FlowError;
use crate::oidc::client::{check_token_type, client, token_client, token_error};
use crate::oidc::discovery::{Discovery, OidcProvider};
use crate::oidc::id_token::{IdTokenExpectations, VerifiedIdToken, verify_id_token};
use crate::oidc::provider_settings::ProviderSettings;
use crate::oidc::sign_in_options::SignInOptions;

/// A sign-in attempt ready to start: where to send the browser, and what the
/// caller must remember under `state` until the provider answers.
pub struct AuthorizationRequest {
    pub url: Url,
    pub state: String,
    pub pkce_verifier: String,
    pub nonce: String,
}

/// What a successful code exchange brought back, checked.
pub struct CodeExchange {
    pub id_token: String,
    pub verified: VerifiedIdToken,
    pub access_token: String,
    /// Unix seconds, when the provider said.
    pub access_token_expires_at: Option<i64>,
    pub refresh_token: Option<String>,
    /// How long the token request waited for the provider (Server-Timing).
    pub provider_wait: std::time::Duration,
}

/// Builds the authorization URL exactly as Logto's SDKs do, plus a nonce and
/// `ui_locales` (the visitor's language, so the provider's pages speak it)
/// unless the provider's `authRequestOptionalConfig.uiLocales` fixes one,
/// and the link's checked `options` (Logto's first screen and the like).
pub fn authorization_request(
    settings: &ProviderSettings,
    discovery: &Discovery,
    options: &SignInOptions,
    ui_locales: &str,
) -> AuthorizationRequest {
    let client = client(settings, discovery);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    // openidconnect adds `openid` itself; adding it again would send it twice.
    let mut request = client
        .authorize_url(
            AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge)
        .add_scopes(settings.scopes.iter().cloned().map(Scope::new));
    // What the link asks for replaces the provider's fixed value of the same
    // name (a parameter is never sent twice).
    let link = options.params();
    let from_link = |name: &str| link.iter().any(|(asked, _)| *asked == name);
    if let Some(prompt) = settings.prompt.as_ref().filter(|_| !from_link("prompt")) {
        request = request.add_extra_param("prompt", prompt.clone());
    }
    for resource in &settings.resources {
        request = request.add_extra_param("resource", resource.clone());
    }
    for (name, value) in settings.extra_params.iter().filter(|(name, _)| !from_link(name)) {
        request = request.add_extra_param(name.clone(), value.clone());
    }
    if !settings.extra_params.iter().any(|(name, _)| name == "ui_locales") {
        request = request.add_extra_param("ui_locales", ui_locales.to_string());
    }
    for (name, value) in link {
        request = request.add_extra_param(name, value);
    }
    let (url, state, nonce) = request.url();
    AuthorizationRequest {
        url,
        state: state.into_secret(),
        pkce_verifier: verifier.into_secret(),
        nonce: nonce.secret().clone(),
    }
}

/// Exchanges the code (with the attempt's PKCE verifier) and verifies the ID
/// token against the attempt's nonce.
pub async fn exchange_code(
    settings: &ProviderSettings,
    provider: &OidcProvider,
    discovery: Arc<Discovery>,
    code: String,
    pkce_verifier: &str,
    nonce: &str,
) -> Result<CodeExchange, FlowError> {
    let (client, assertion) = token_client(settings, &discovery)?;
    let mut request = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_string()));
    for (name, value) in assertion {
        request = request.add_extra_param(name, value);
    }
    let asked = std::time::Instant::now();
    let response = request.request_async(provider.http()).await.map_err(token_error)?;
    let provider_wait = asked.elapsed();
    check_token_type(&response)?;

    let id_token = response
        .extra_fields()
        .id_token()
        .ok_or_else(|| FlowError::InvalidResponse("the token response has no ID token".into()))?
        .to_string();
    let verified = verify_with_rotation(
        settings,
        provider,
        discovery,
        &id_token,
        &Nonce::new(nonce.to_string()),
        response.access_token().secret(),
        false,
    )
    .await?;
    let now = Utc::now().timestamp();
    Ok(CodeExchange {
        id_token,
        verified,
        access_token: response.access_token().secret().clone(),
        access_token_expires_at: response.expires_in().map(|ttl| now + ttl.as_secs() as i64),
        refresh_token: response.refresh_token().map(|t| t.secret().clone()),
        provider_wait,
    })
}

/// Verifies against the cached keys; a token signed by a key we have not seen
/// gets one (rate-limited) refetch of the JWKS, so provider key rotation works.
pub async fn verify_with_rotation(
    settings: &ProviderSettings,
    provider: &OidcProvider,
    discovery: Arc<Discovery>,
    id_token: &str,
    nonce: &Nonce,
    access_token: &str,
    refreshed: bool,
) -> Result<VerifiedIdToken, FlowError> {
    let attempt = |discovery: &Discovery| {
        let metadata = &discovery.metadata;
        verify_id_token(
            id_token,
            &IdTokenExpectations {
                client_id: &settings.client_id,
                client_secret: settings.client_secret.expose_secret(),
                discovery_issuer: metadata.issuer(),
                keys: metadata.jwks(),
                advertised_algs: metadata.id_token_signing_alg_values_supported(),
                policy: &settings.token_policy,
                accept_string_booleans: settings.claim_rules.accept_string_booleans,
                nonce,
                access_token: Some(access_token),
                refreshed,
                now: Utc::now(),
            },
        )
    };
    let result = provider
        .check_with_rotation(&discovery, attempt)
        .await
        .map_err(|err| FlowError::Unreachable(Box::new(err)))?;
    result.map_err(|err| {
        tracing::warn!(error = %err, "ID token rejected");
        FlowError::InvalidResponse(err.reason().into())
    })
}

#[cfg(test)]
#[path = "code_flow_tests.rs"]
mod tests;
