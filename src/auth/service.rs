//! What the auth server functions do, with the session and app state passed
//! in, so `api.rs` stays a thin layer of extraction.

use chrono::Utc;
use url::Url;

use crate::auth::callback::{CallbackParams, check_response};
use crate::auth::flow::{self, FirstScreen, FlowError};
use crate::auth::model::{AccountProfile, CurrentUser, SignInFailure};
use crate::auth::provider::{Discovery, error_chain};
use crate::auth::session::{AuthSession, SessionError};
use crate::auth::{logout, userinfo};
use crate::error::AppError;
use crate::server::state::AppState;

impl From<SessionError> for AppError {
    fn from(err: SessionError) -> Self {
        tracing::error!(error = %error_chain(&err), "session store failed");
        AppError::Internal
    }
}

impl From<FlowError> for AppError {
    fn from(err: FlowError) -> Self {
        match err {
            FlowError::Failure(failure) => AppError::SignIn(failure),
            FlowError::Unreachable(detail) => {
                tracing::error!(%detail, "identity provider unreachable");
                AppError::ProviderUnavailable
            }
            FlowError::Misconfigured(what) => {
                tracing::error!("identity provider metadata lacks {what}");
                AppError::ProviderUnavailable
            }
        }
    }
}

async fn discovery(state: &AppState) -> Result<std::sync::Arc<Discovery>, AppError> {
    state.oidc.discovery().await.map_err(|err| {
        tracing::error!(error = %error_chain(&err), "identity provider metadata unavailable");
        AppError::ProviderUnavailable
    })
}

/// Starts a sign-in: remembers the attempt and returns the provider URL.
pub async fn start_sign_in(
    state: &AppState,
    session: &AuthSession,
    screen: FirstScreen,
    return_to: String,
) -> Result<Url, AppError> {
    let discovery = discovery(state).await?;
    let request = flow::authorization_request(&state.settings.oidc, &discovery, screen, return_to);
    session.add_pending(request.state, request.pending).await?;
    tracing::info!(?screen, "sign-in started");
    Ok(request.url)
}

/// Completes a sign-in from the callback; returns where to send the visitor.
/// Every failure leaves the session as it was, minus the used attempt.
pub async fn complete_sign_in(
    state: &AppState,
    session: &AuthSession,
    params: CallbackParams,
) -> Result<String, AppError> {
    let result = try_complete_sign_in(state, session, &params).await;
    if let Err(err) = &result {
        tracing::warn!(reason = ?err, "sign-in failed");
    }
    result
}

async fn try_complete_sign_in(
    state: &AppState,
    session: &AuthSession,
    params: &CallbackParams,
) -> Result<String, AppError> {
    let discovery = discovery(state).await?;
    let iss_required = discovery
        .metadata
        .additional_metadata()
        .authorization_response_iss_parameter_supported;
    let checked = check_response(params, discovery.metadata.issuer().as_str(), iss_required);
    // The attempt this answer names is over whatever the answer says: take it
    // out first, so a `state` works exactly once.
    let pending = match params.state.as_deref() {
        Some(state_param) => session.take_pending(state_param, Utc::now().timestamp()).await?,
        None => None,
    };
    let code = checked.map_err(AppError::SignIn)?;
    let pending = pending.ok_or(AppError::SignIn(SignInFailure::UnknownState))?;
    let signed_in = flow::exchange_code(&state.settings.oidc, &state.oidc, discovery, code, &pending).await?;
    tracing::info!(subject = %signed_in.user.subject, "signed in");
    session.complete_sign_in(signed_in).await?;
    Ok(pending.return_to)
}

/// Ends the session here and at the provider; returns where to send the browser.
pub async fn sign_out(state: &AppState, session: &AuthSession) -> Result<String, AppError> {
    let signed_in = session.signed_in().await?;
    // Local sign-out first: whatever the provider does next, this cookie is dead.
    session.destroy().await?;
    let Some(signed_in) = signed_in else {
        return Ok("/".into());
    };
    tracing::info!(subject = %signed_in.user.subject, "signed out");
    let discovery = match state.oidc.discovery().await {
        Ok(discovery) => discovery,
        Err(err) => {
            tracing::warn!(error = %error_chain(&err), "provider unavailable at sign-out; signed out locally only");
            return Ok("/".into());
        }
    };
    if let Some(refresh_token) = &signed_in.tokens.refresh_token {
        logout::revoke_refresh_token(&state.settings.oidc, &state.oidc, &discovery, refresh_token).await;
    }
    let url = logout::end_session_url(&state.settings.oidc, &discovery, Some(&signed_in.tokens.id_token));
    Ok(url.map(String::from).unwrap_or_else(|| "/".into()))
}

pub async fn current_user(session: &AuthSession) -> Result<Option<CurrentUser>, AppError> {
    Ok(session.signed_in().await?.map(|signed_in| signed_in.user))
}

pub async fn account_profile(state: &AppState, session: &AuthSession) -> Result<AccountProfile, AppError> {
    let signed_in = session.signed_in().await?.ok_or(AppError::Unauthorized)?;
    let expired = signed_in
        .tokens
        .access_token_expires_at
        .is_some_and(|at| at <= Utc::now().timestamp());
    let userinfo = if expired {
        Err("Your access token has expired, so the provider's profile could not be read. Sign out and in again to refresh it.".into())
    } else {
        match state.oidc.discovery().await {
            Ok(discovery) => {
                userinfo::fetch_userinfo(
                    &state.oidc,
                    &discovery,
                    &signed_in.tokens.access_token,
                    &signed_in.user.subject,
                )
                .await
            }
            Err(_) => Err("The sign-in service is unavailable right now.".into()),
        }
    };
    if let Err(reason) = &userinfo {
        tracing::warn!(%reason, "userinfo unavailable");
    }
    Ok(AccountProfile {
        user: signed_in.user,
        id_token_claims: display_claims(&signed_in.claims),
        userinfo: userinfo.map(|claims| display_claims(&claims)),
    })
}

/// Claims as sorted (name, text) rows; strings unquoted, other values as
/// JSON; empty (null) claims and flow-internal ones left out.
fn display_claims(claims: &serde_json::Map<String, serde_json::Value>) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = claims
        .iter()
        .filter(|(name, value)| !value.is_null() && !matches!(name.as_str(), "nonce" | "at_hash" | "c_hash"))
        .map(|(name, value)| {
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (name.clone(), text)
        })
        .collect();
    rows.sort();
    rows
}
