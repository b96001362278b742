//! What the auth server functions do, with the session and app state passed
//! in, so `api.rs` stays a thin layer of extraction.

use std::sync::Arc;

use chrono::Utc;
use url::Url;

use crate::auth::callback::{CallbackParams, check_response};
use crate::auth::flow::{self, FirstScreen};
use crate::auth::model::{AccountProfile, CurrentUser, ProviderChoice, SignInFailure};
use crate::auth::provider::{Discovery, error_chain};
use crate::auth::registry::Provider;
use crate::auth::session::AuthSession;
use crate::auth::{logout, userinfo};
use crate::error::AppError;
use crate::server::state::AppState;

async fn discovery(provider: &Provider) -> Result<Arc<Discovery>, AppError> {
    provider.oidc.discovery().await.map_err(|err| {
        tracing::error!(provider = %provider.settings.id, error = %error_chain(&err), "identity provider metadata unavailable");
        AppError::ProviderUnavailable
    })
}

/// What starting a sign-in leads to.
pub enum SignInStart {
    /// Send the browser to the provider.
    Redirect(Url),
    /// Several providers and none chosen: let the visitor pick.
    Choose(Vec<ProviderChoice>),
}

/// Starts a sign-in with `provider` (or the only one configured): remembers
/// the attempt and returns the provider URL.
pub async fn start_sign_in(
    state: &AppState,
    session: &AuthSession,
    provider: Option<&str>,
    screen: FirstScreen,
    return_to: String,
) -> Result<SignInStart, AppError> {
    let providers = &state.providers;
    let provider = match provider {
        Some(id) => providers.get(id).ok_or_else(|| {
            AppError::BadRequest(format!(
                "There is no sign-in option called \u{201c}{id}\u{201d}. Choose one from the sign-in page."
            ))
        })?,
        None => match providers.all() {
            [only] => only,
            _ => return Ok(SignInStart::Choose(providers.choices())),
        },
    };
    let discovery = discovery(provider).await?;
    let request = flow::authorization_request(&provider.settings, &discovery, screen, return_to);
    session.add_pending(request.state, request.pending).await?;
    state.metrics.sign_in_started();
    tracing::info!(provider = %provider.settings.id, ?screen, "sign-in started");
    Ok(SignInStart::Redirect(request.url))
}

/// A finished sign-in: where to send the visitor, and how long Bookstore
/// waited for the provider's token endpoint.
pub struct Completed {
    pub target: String,
    pub provider_wait: std::time::Duration,
}

impl Completed {
    /// The `Server-Timing` value that separates the provider's time from ours.
    pub fn server_timing(&self) -> String {
        format!(
            "idp;desc=\"identity provider\";dur={:.3}",
            self.provider_wait.as_secs_f64() * 1000.0
        )
    }
}

/// Completes a sign-in from the callback; returns where to send the visitor.
/// Every failure leaves the session as it was, minus the used attempt.
pub async fn complete_sign_in(
    state: &AppState,
    session: &AuthSession,
    params: CallbackParams,
) -> Result<Completed, AppError> {
    let started = std::time::Instant::now();
    let result = try_complete_sign_in(state, session, &params).await;
    if let Err(err) = &result {
        tracing::warn!(reason = ?err, "sign-in failed");
    }
    state
        .metrics
        .callback_finished(started.elapsed(), result.as_ref().err().map(failure_label));
    result
}

/// A short, bounded label for a failed callback (a metrics label).
fn failure_label(err: &AppError) -> &'static str {
    match err {
        AppError::SignIn(failure) => match failure {
            SignInFailure::Cancelled { .. } => "cancelled",
            SignInFailure::ProviderError { .. } => "provider_error",
            SignInFailure::MissingState => "missing_state",
            SignInFailure::UnknownState => "unknown_state",
            SignInFailure::IssuerMismatch => "issuer_mismatch",
            SignInFailure::MissingCode => "missing_code",
            SignInFailure::TokenRejected { .. } => "token_rejected",
            SignInFailure::InvalidResponse(_) => "invalid_response",
        },
        AppError::ProviderUnavailable => "provider_unavailable",
        _ => "internal",
    }
}

async fn try_complete_sign_in(
    state: &AppState,
    session: &AuthSession,
    params: &CallbackParams,
) -> Result<Completed, AppError> {
    let state_param = params.state.as_deref().filter(|s| !s.is_empty());
    let state_param = state_param.ok_or(AppError::SignIn(SignInFailure::MissingState))?;
    // The attempt this answer names is over whatever the answer says: take it
    // out first, so a `state` works exactly once.
    let pending = session.take_pending(state_param, Utc::now().timestamp()).await?;
    let pending = pending.ok_or(AppError::SignIn(SignInFailure::UnknownState))?;
    // The attempt says which provider must have answered (mix-up defence).
    let provider = state
        .providers
        .get(&pending.provider)
        .ok_or(AppError::SignIn(SignInFailure::UnknownState))?;
    let discovery = discovery(provider).await?;
    let iss_required = discovery
        .metadata
        .additional_metadata()
        .authorization_response_iss_parameter_supported;
    let code = check_response(params, discovery.metadata.issuer().as_str(), iss_required).map_err(AppError::SignIn)?;
    let (mut signed_in, provider_wait) =
        flow::exchange_code(&provider.settings, &provider.oidc, discovery, code, &pending).await?;
    crate::auth::roles::apply_roles(&mut signed_in.user, &signed_in.claims, &state.settings.authz);
    tracing::info!(provider = %provider.settings.id, subject = %signed_in.user.subject, "signed in");
    let customer = crate::shop::customer::Customer {
        provider: signed_in.provider.clone(),
        subject: signed_in.user.subject.clone(),
    };
    let sid = signed_in.claims.get("sid").and_then(|v| v.as_str()).map(String::from);
    session.complete_sign_in(signed_in).await?;
    index_for_backchannel_logout(state, session, &customer, sid.as_deref()).await;
    // What the visitor put in their cart while signed out becomes theirs. A
    // failure here must not undo the sign-in: the cart stays in the session.
    if let Err(err) = crate::shop::cart_store::merge_on_sign_in(&state.db, &session.0, &customer).await {
        tracing::error!(error = %err, "could not merge the visitor's cart at sign-in");
    }
    Ok(Completed {
        target: pending.return_to,
        provider_wait,
    })
}

/// Saves the new session now (so it has its id) and records which provider
/// session it belongs to, for back-channel logout. A failure is logged: the
/// sign-in stands, but that provider session cannot end it remotely.
async fn index_for_backchannel_logout(
    state: &AppState,
    session: &AuthSession,
    customer: &crate::shop::customer::Customer,
    sid: Option<&str>,
) {
    if let Err(err) = session.0.save().await {
        tracing::error!(error = %err, "could not save the new session");
        return;
    }
    let Some(id) = session.0.id() else { return };
    if let Err(err) =
        crate::auth::backchannel::index_session(&state.db, &id.to_string(), &customer.provider, &customer.subject, sid)
            .await
    {
        tracing::error!(error = %err, "could not index the session for back-channel logout");
    }
}

/// Ends the session here and at the provider; returns where to send the browser.
pub async fn sign_out(state: &AppState, session: &AuthSession) -> Result<String, AppError> {
    let signed_in = session.signed_in().await?;
    // Local sign-out first: whatever the provider does next, this cookie is dead.
    session.destroy().await?;
    let Some(signed_in) = signed_in else {
        return Ok("/".into());
    };
    tracing::info!(provider = %signed_in.provider, subject = %signed_in.user.subject, "signed out");
    let Some(provider) = state.providers.get(&signed_in.provider) else {
        return Ok("/".into());
    };
    let discovery = match provider.oidc.discovery().await {
        Ok(discovery) => discovery,
        Err(err) => {
            tracing::warn!(error = %error_chain(&err), "provider unavailable at sign-out; signed out locally only");
            return Ok("/".into());
        }
    };
    if let Some(refresh_token) = &signed_in.tokens.refresh_token {
        logout::revoke_refresh_token(&provider.settings, &provider.oidc, &discovery, refresh_token).await;
    }
    let url = logout::end_session_url(&provider.settings, &discovery, Some(&signed_in.tokens.id_token));
    Ok(url.map(String::from).unwrap_or_else(|| "/".into()))
}

pub async fn current_user(session: &AuthSession) -> Result<Option<CurrentUser>, AppError> {
    Ok(session.signed_in().await?.map(|signed_in| signed_in.user))
}

pub async fn account_profile(state: &AppState, session: &AuthSession) -> Result<AccountProfile, AppError> {
    let signed_in = session.signed_in().await?.ok_or(AppError::Unauthorized)?;
    // The default access token, refreshed if it has (nearly) expired.
    let token = crate::auth::tokens::access_token(state, session, None, None).await?;
    let signed_in = session.signed_in().await?.unwrap_or(signed_in);
    let userinfo = match state.providers.get(&signed_in.provider) {
        Some(provider) => match provider.oidc.discovery().await {
            Ok(discovery) => {
                userinfo::fetch_userinfo(&provider.oidc, &discovery, &token.token, &signed_in.user.subject).await
            }
            Err(_) => Err("The sign-in service is unavailable right now.".into()),
        },
        None => Err("The sign-in service you used is no longer offered.".into()),
    };
    if let Err(reason) = &userinfo {
        tracing::warn!(%reason, "userinfo unavailable");
    }
    let organizations = crate::auth::roles::memberships(&signed_in.claims, userinfo.as_ref().ok());
    // The API resource's token, as another client of the API would hold it.
    let api_scopes = match &state.settings.authz.api {
        Some(api) if api.provider == signed_in.provider => {
            match crate::auth::tokens::access_token(state, session, Some(&api.resource), None).await {
                Ok(token) => Some(token.scopes()),
                Err(err) => {
                    tracing::warn!(error = %err, "no access token for the API resource");
                    None
                }
            }
        }
        _ => None,
    };
    let signed_in = session.signed_in().await?.unwrap_or(signed_in);
    Ok(AccountProfile {
        api_scopes,
        user: signed_in.user,
        id_token_claims: display_claims(&signed_in.claims),
        userinfo: userinfo.map(|claims| display_claims(&claims)),
        organizations,
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

/// The signed-in user's organizations, named from userinfo when it can be
/// read (Logto puts `organization_data` only there).
pub async fn memberships(
    state: &AppState,
    session: &AuthSession,
) -> Result<Vec<crate::auth::model::Membership>, AppError> {
    let signed_in = session.signed_in().await?.ok_or(AppError::Unauthorized)?;
    let token = crate::auth::tokens::access_token(state, session, None, None).await?;
    let userinfo = match state.providers.get(&signed_in.provider) {
        Some(provider) => match provider.oidc.discovery().await {
            Ok(discovery) => {
                userinfo::fetch_userinfo(&provider.oidc, &discovery, &token.token, &signed_in.user.subject)
                    .await
                    .ok()
            }
            Err(_) => None,
        },
        None => None,
    };
    Ok(crate::auth::roles::memberships(&signed_in.claims, userinfo.as_ref()))
}
