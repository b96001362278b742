//! The authorization code flow against a Logto-compatible provider: the
//! authorization URL (PKCE S256, state, nonce), the code exchange with
//! `client_secret_basic`, ID-token verification with key rotation, and the
//! sign-out calls (revocation, end-session URL).

use std::sync::Arc;

use chrono::Utc;
use openidconnect::core::{CoreClient, CoreResponseType};
use openidconnect::{
    AuthType, AuthenticationFlow, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointSet, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope,
};
use url::Url;

use crate::auth::client_assertion;
use crate::auth::model::{CurrentUser, SignInFailure};
use crate::auth::provider::{Discovery, OidcProvider, error_chain};
use crate::auth::session::{PendingSignIn, SignedIn, Tokens};
use crate::auth::verify::{IdTokenError, IdTokenExpectations, VerifiedIdToken, verify_id_token};
use crate::server::config::provider::{ClaimRules, ClientAuthMethod, ProviderSettings};

/// Which first screen the provider should show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstScreen {
    SignIn,
    SignUp,
}

/// A sign-in attempt ready to start: where to send the browser, and what to
/// remember under `state` until the provider answers.
pub struct AuthorizationRequest {
    pub url: Url,
    pub state: String,
    pub pending: PendingSignIn,
}

#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    /// An expected failure the visitor should see.
    #[error("sign-in failed: {0:?}")]
    Failure(SignInFailure),
    #[error("the identity provider could not be reached: {0}")]
    Unreachable(String),
    #[error("the identity provider's metadata lacks {0}")]
    Misconfigured(&'static str),
}

impl From<SignInFailure> for FlowError {
    fn from(failure: SignInFailure) -> Self {
        FlowError::Failure(failure)
    }
}

pub(crate) fn client(settings: &ProviderSettings, discovery: &Discovery) -> CoreClient<EndpointSet> {
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
            .set_client_secret(ClientSecret::new(settings.client_secret.clone()))
            .set_auth_type(AuthType::BasicAuth),
        ClientAuthMethod::ClientSecretPost => client
            .set_client_secret(ClientSecret::new(settings.client_secret.clone()))
            .set_auth_type(AuthType::RequestBody),
        // No secret on the client: only client_id goes in the body, and the
        // signed assertion is added to the request (see `exchange_code`).
        ClientAuthMethod::ClientSecretJwt(_) | ClientAuthMethod::PrivateKeyJwt { .. } => {
            client.set_auth_type(AuthType::RequestBody)
        }
    }
}

/// `client_assertion` parameters for JWT client authentication at `endpoint`.
pub fn assertion_params(settings: &ProviderSettings, endpoint: &str) -> Vec<(&'static str, String)> {
    let assertion = match &settings.auth_method {
        ClientAuthMethod::ClientSecretJwt(algorithm) => {
            client_assertion::client_secret_jwt(&settings.client_id, &settings.client_secret, *algorithm, endpoint)
        }
        ClientAuthMethod::PrivateKeyJwt { pem, kid } => {
            match client_assertion::private_key_jwt(&settings.client_id, pem, kid.as_deref(), endpoint) {
                Ok(assertion) => assertion,
                Err(err) => {
                    // The key was checked at start-up; the provider will refuse the request.
                    tracing::error!(provider = %settings.id, error = %err, "cannot sign the client assertion");
                    return Vec::new();
                }
            }
        }
        ClientAuthMethod::ClientSecretBasic | ClientAuthMethod::ClientSecretPost => return Vec::new(),
    };
    vec![
        ("client_assertion_type", client_assertion::ASSERTION_TYPE.to_string()),
        ("client_assertion", assertion),
    ]
}

/// Builds the authorization URL exactly as Logto's SDKs do, plus a nonce.
pub fn authorization_request(
    settings: &ProviderSettings,
    discovery: &Discovery,
    screen: FirstScreen,
    return_to: String,
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
    if let Some(prompt) = &settings.prompt {
        request = request.add_extra_param("prompt", prompt.clone());
    }
    for resource in &settings.resources {
        request = request.add_extra_param("resource", resource.clone());
    }
    for (name, value) in &settings.extra_params {
        request = request.add_extra_param(name.clone(), value.clone());
    }
    if screen == FirstScreen::SignUp && settings.logto {
        // `first_screen` for current Logto; `interaction_mode` for versions before it.
        request = request
            .add_extra_param("first_screen", "register")
            .add_extra_param("interaction_mode", "signUp");
    }
    let (url, state, nonce) = request.url();
    AuthorizationRequest {
        url,
        state: state.into_secret(),
        pending: PendingSignIn {
            provider: settings.id.clone(),
            pkce_verifier: verifier.into_secret(),
            nonce: nonce.secret().clone(),
            return_to,
            created_at: Utc::now().timestamp(),
        },
    }
}

/// Exchanges the code and verifies the ID token; on success the visitor's
/// identity and tokens, ready for the session, and how long the token
/// request waited for the provider (for the Server-Timing header).
pub async fn exchange_code(
    settings: &ProviderSettings,
    provider: &OidcProvider,
    discovery: Arc<Discovery>,
    code: String,
    pending: &PendingSignIn,
) -> Result<(SignedIn, std::time::Duration), FlowError> {
    let token_url = discovery
        .metadata
        .token_endpoint()
        .cloned()
        .ok_or(FlowError::Misconfigured("a token endpoint"))?;
    let client = client(settings, &discovery).set_token_uri(token_url.clone());
    let mut request = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()));
    for (name, value) in assertion_params(settings, token_url.as_str()) {
        request = request.add_extra_param(name, value);
    }
    let asked = std::time::Instant::now();
    let response = request.request_async(provider.http()).await.map_err(token_error)?;
    let provider_wait = asked.elapsed();

    let id_token = response
        .extra_fields()
        .id_token()
        .ok_or_else(|| SignInFailure::InvalidResponse("the token response has no ID token".into()))?
        .to_string();
    let verified = verify_with_rotation(
        settings,
        provider,
        discovery,
        &id_token,
        &Nonce::new(pending.nonce.clone()),
        false,
    )
    .await?;

    let now = Utc::now().timestamp();
    let signed_in = SignedIn {
        provider: settings.id.clone(),
        user: user_from_claims(&verified, settings.claim_rules),
        claims: verified.raw_claims,
        tokens: Tokens {
            id_token,
            access_token: response.access_token().secret().clone(),
            access_token_expires_at: response.expires_in().map(|ttl| now + ttl.as_secs() as i64),
            refresh_token: response.refresh_token().map(|t| t.secret().clone()),
            resource_tokens: Default::default(),
        },
        signed_in_at: now,
    };
    Ok((signed_in, provider_wait))
}

/// Verifies against the cached keys; a token signed by a key we have not seen
/// gets one (rate-limited) refetch of the JWKS, so provider key rotation works.
pub(crate) async fn verify_with_rotation(
    settings: &ProviderSettings,
    provider: &OidcProvider,
    discovery: Arc<Discovery>,
    id_token: &str,
    nonce: &Nonce,
    refreshed: bool,
) -> Result<VerifiedIdToken, FlowError> {
    let attempt = |discovery: &Discovery| {
        let metadata = &discovery.metadata;
        verify_id_token(
            id_token,
            &IdTokenExpectations {
                client_id: &settings.client_id,
                client_secret: &settings.client_secret,
                discovery_issuer: metadata.issuer(),
                keys: metadata.jwks(),
                advertised_algs: metadata.id_token_signing_alg_values_supported(),
                policy: &settings.token_policy,
                accept_string_booleans: settings.claim_rules.accept_string_booleans,
                nonce,
                refreshed,
                now: Utc::now(),
            },
        )
    };
    let result = match attempt(&discovery) {
        Err(IdTokenError::UnknownKey) => match provider.refresh_for_unknown_key(&discovery).await {
            Ok(Some(fresh)) => attempt(&fresh),
            Ok(None) => Err(IdTokenError::UnknownKey),
            Err(err) => return Err(FlowError::Unreachable(error_chain(&err))),
        },
        other => other,
    };
    result.map_err(|err| {
        tracing::warn!(error = %err, "ID token rejected");
        FlowError::Failure(SignInFailure::InvalidResponse(err.reason().into()))
    })
}

pub(crate) fn token_error<RE: std::error::Error + 'static>(
    err: RequestTokenError<RE, openidconnect::StandardErrorResponse<openidconnect::core::CoreErrorResponseType>>,
) -> FlowError {
    match err {
        RequestTokenError::ServerResponse(response) => FlowError::Failure(SignInFailure::TokenRejected {
            error: response.error().to_string(),
            description: response.error_description().cloned(),
        }),
        RequestTokenError::Request(inner) => FlowError::Unreachable(error_chain(&inner)),
        other => FlowError::Failure(SignInFailure::InvalidResponse(format!(
            "the token endpoint sent an unreadable answer: {}",
            error_chain(&other)
        ))),
    }
}

/// The profile, mapped as Logto's connector does: `email` only when verified
/// (or, with `trustUnverifiedEmail`, when `email_verified` is missing), phone
/// from `phone_number` or Logto's `phone` likewise, and string booleans only
/// with `acceptStringTypedBooleanClaims`.
pub(crate) fn user_from_claims(verified: &VerifiedIdToken, rules: ClaimRules) -> CurrentUser {
    let claims = &verified.raw_claims;
    let text = |key: &str| {
        claims
            .get(key)
            .and_then(|v| v.as_str())
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let verified_flag = |key: &str| match claims.get(key) {
        Some(serde_json::Value::Bool(flag)) => Some(*flag),
        Some(serde_json::Value::String(flag)) if rules.accept_string_booleans => {
            Some(flag.eq_ignore_ascii_case("true"))
        }
        Some(_) => Some(false),
        None => None,
    };
    let keep = |flag: Option<bool>| flag.unwrap_or(rules.trust_unverified_email);
    let email = text("email").filter(|_| keep(verified_flag("email_verified")));
    let phone = text("phone_number")
        .filter(|_| keep(verified_flag("phone_number_verified")))
        .or_else(|| text("phone").filter(|_| keep(verified_flag("phone_verified"))));
    CurrentUser {
        subject: verified.claims.subject().to_string(),
        name: text("name"),
        username: text("username"),
        email,
        phone,
        picture: text("picture"),
        // Set by the caller from the configured roles claim.
        roles: Vec::new(),
        is_admin: false,
    }
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;
