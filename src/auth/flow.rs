//! The authorization code flow against a Logto-compatible provider: the
//! authorization URL (PKCE S256, state, nonce), the code exchange with
//! `client_secret_basic`, ID-token verification with key rotation, and the
//! sign-out calls (revocation, end-session URL).

use std::sync::Arc;

use chrono::Utc;
use openidconnect::core::{CoreClient, CoreResponseType};
use openidconnect::{
    AuthenticationFlow, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointSet, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError,
    Scope,
};
use url::Url;

use crate::auth::model::{CurrentUser, SignInFailure};
use crate::auth::provider::{Discovery, OidcProvider, error_chain};
use crate::auth::session::{PendingSignIn, SignedIn, Tokens};
use crate::auth::verify::{
    IdTokenError, IdTokenExpectations, VerifiedIdToken, allowed_algs, verify_id_token,
};
use crate::server::config::OidcSettings;

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

fn client(settings: &OidcSettings, discovery: &Discovery) -> CoreClient<EndpointSet> {
    let redirect = RedirectUrl::from_url(settings.redirect_uri.clone());
    // `from_provider_metadata` picks `client_secret_basic`, which is what Logto
    // registers for traditional web apps; the secret is never also put in the body.
    let metadata = &discovery.metadata;
    CoreClient::new(
        ClientId::new(settings.app_id.clone()),
        metadata.issuer().clone(),
        metadata.jwks().clone(),
    )
    .set_client_secret(ClientSecret::new(settings.app_secret.clone()))
    .set_auth_uri(metadata.authorization_endpoint().clone())
    .set_redirect_uri(redirect)
}

/// Builds the authorization URL exactly as Logto's SDKs do, plus a nonce.
pub fn authorization_request(
    settings: &OidcSettings,
    discovery: &Discovery,
    screen: FirstScreen,
    return_to: String,
) -> Result<AuthorizationRequest, FlowError> {
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
        .add_scope(Scope::new("offline_access".into()))
        .add_scope(Scope::new("profile".into()))
        .add_scopes(settings.extra_scopes.iter().cloned().map(Scope::new))
        .add_extra_param("prompt", settings.prompt.clone());
    for resource in &settings.resources {
        request = request.add_extra_param("resource", resource.clone());
    }
    if screen == FirstScreen::SignUp {
        // `first_screen` for current Logto; `interaction_mode` for versions before it.
        request = request
            .add_extra_param("first_screen", "register")
            .add_extra_param("interaction_mode", "signUp");
    }
    let (url, state, nonce) = request.url();
    Ok(AuthorizationRequest {
        url,
        state: state.into_secret(),
        pending: PendingSignIn {
            pkce_verifier: verifier.into_secret(),
            nonce: nonce.secret().clone(),
            return_to,
            created_at: Utc::now().timestamp(),
        },
    })
}

/// Exchanges the code and verifies the ID token; on success the visitor's
/// identity and tokens, ready for the session.
pub async fn exchange_code(
    settings: &OidcSettings,
    provider: &OidcProvider,
    discovery: Arc<Discovery>,
    code: String,
    pending: &PendingSignIn,
) -> Result<SignedIn, FlowError> {
    let token_url = discovery
        .metadata
        .token_endpoint()
        .cloned()
        .ok_or(FlowError::Misconfigured("a token endpoint"))?;
    let response = client(settings, &discovery)
        .set_token_uri(token_url)
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
        .request_async(provider.http())
        .await
        .map_err(token_error)?;

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
    )
    .await?;

    let now = Utc::now().timestamp();
    Ok(SignedIn {
        user: user_from_claims(&verified),
        claims: verified.raw_claims,
        tokens: Tokens {
            id_token,
            access_token: response.access_token().secret().clone(),
            access_token_expires_at: response.expires_in().map(|ttl| now + ttl.as_secs() as i64),
            refresh_token: response.refresh_token().map(|t| t.secret().clone()),
        },
        signed_in_at: now,
    })
}

/// Verifies against the cached keys; a token signed by a key we have not seen
/// gets one (rate-limited) refetch of the JWKS, so provider key rotation works.
async fn verify_with_rotation(
    settings: &OidcSettings,
    provider: &OidcProvider,
    discovery: Arc<Discovery>,
    id_token: &str,
    nonce: &Nonce,
) -> Result<VerifiedIdToken, FlowError> {
    let attempt = |discovery: &Discovery| {
        let metadata = &discovery.metadata;
        verify_id_token(
            id_token,
            &IdTokenExpectations {
                client_id: &settings.app_id,
                client_secret: &settings.app_secret,
                issuer: metadata.issuer(),
                keys: metadata.jwks(),
                allowed_algs: allowed_algs(metadata.id_token_signing_alg_values_supported()),
                nonce,
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

fn token_error<RE: std::error::Error + 'static>(
    err: RequestTokenError<
        RE,
        openidconnect::StandardErrorResponse<openidconnect::core::CoreErrorResponseType>,
    >,
) -> FlowError {
    match err {
        RequestTokenError::ServerResponse(response) => {
            FlowError::Failure(SignInFailure::TokenRejected {
                error: response.error().to_string(),
                description: response.error_description().cloned(),
            })
        }
        RequestTokenError::Request(inner) => FlowError::Unreachable(error_chain(&inner)),
        other => FlowError::Failure(SignInFailure::InvalidResponse(format!(
            "the token endpoint sent an unreadable answer: {}",
            error_chain(&other)
        ))),
    }
}

fn user_from_claims(verified: &VerifiedIdToken) -> CurrentUser {
    let text = |key: &str| {
        verified
            .raw_claims
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    CurrentUser {
        subject: verified.claims.subject().to_string(),
        name: text("name"),
        username: text("username"),
        email: text("email"),
        picture: text("picture"),
    }
}

/// Revokes the refresh token (RFC 7009) so it dies with the session: Logto's
/// end-session does not revoke grants that include `offline_access`.
pub async fn revoke_refresh_token(
    settings: &OidcSettings,
    provider: &OidcProvider,
    discovery: &Discovery,
    token: &str,
) {
    let Some(endpoint) = discovery
        .metadata
        .additional_metadata()
        .revocation_endpoint
        .clone()
    else {
        tracing::warn!(
            "the provider publishes no revocation endpoint; the refresh token stays valid until it expires"
        );
        return;
    };
    let result = provider
        .http()
        .post(endpoint)
        .basic_auth(
            form_encode(&settings.app_id),
            Some(form_encode(&settings.app_secret)),
        )
        .form(&[("token", token), ("token_type_hint", "refresh_token")])
        .send()
        .await
        .and_then(|response| response.error_for_status());
    if let Err(err) = result {
        tracing::warn!(error = %error_chain(&err), "refresh token revocation failed");
    }
}

/// The provider's end-session URL with `client_id`, `post_logout_redirect_uri`
/// and `id_token_hint`, or `None` when the provider has no end-session endpoint.
pub fn end_session_url(
    settings: &OidcSettings,
    discovery: &Discovery,
    id_token: Option<&str>,
) -> Option<Url> {
    let mut url = discovery
        .metadata
        .additional_metadata()
        .end_session_endpoint
        .clone()?;
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("client_id", &settings.app_id);
        query.append_pair(
            "post_logout_redirect_uri",
            settings.post_logout_redirect_uri.as_str(),
        );
        if let Some(hint) = id_token {
            query.append_pair("id_token_hint", hint);
        }
    }
    Some(url)
}

/// The userinfo endpoint's claims for this access token; `sub` must match.
pub async fn fetch_userinfo(
    provider: &OidcProvider,
    discovery: &Discovery,
    access_token: &str,
    subject: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let endpoint = discovery
        .metadata
        .userinfo_endpoint()
        .ok_or("the provider has no userinfo endpoint")?;
    let response = provider
        .http()
        .get(endpoint.url().clone())
        .bearer_auth(access_token)
        .send()
        .await
        .map_err(|err| {
            format!(
                "the userinfo endpoint could not be reached ({})",
                error_chain(&err)
            )
        })?;
    if !response.status().is_success() {
        return Err(format!(
            "the userinfo endpoint answered {}",
            response.status()
        ));
    }
    let claims: serde_json::Map<String, serde_json::Value> = response
        .json()
        .await
        .map_err(|_| "the userinfo endpoint did not answer JSON".to_string())?;
    // OIDC Core 5.3.2: a userinfo answer for another subject must not be used.
    if claims.get("sub").and_then(|v| v.as_str()) != Some(subject) {
        return Err("the userinfo answer is for another user".into());
    }
    Ok(claims)
}

/// RFC 6749 2.3.1: client id and secret are form-encoded before Basic auth.
fn form_encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
