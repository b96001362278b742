//! Signing in: starting an attempt at a provider and completing it at the
//! callback. The server functions in `api.rs` call these with the session
//! and the feature's state, so they stay a thin layer of extraction.

use chrono::Utc;
use url::Url;

use crate::auth::callback::{CallbackParams, check_response};
use crate::auth::events::{Account, AuthEvent, Profile};
use crate::auth::model::SignInFailure;
use crate::auth::profile::user_from_claims;
use crate::auth::session::{AuthSession, PendingSignIn, SignedIn, Tokens};
use crate::auth::state::AuthState;
use crate::error::AppError;
use crate::oidc::code_flow;
use crate::oidc::sign_in_options::{RequestedOptions, SignInOptions};

/// What starting a sign-in leads to.
pub enum SignInStart {
    /// Send the browser to the provider.
    Redirect(Url),
    /// Several providers and none chosen: let the visitor pick.
    Choose,
}

/// Starts a sign-in with `provider` (or the only one configured): checks
/// the link's options against what that provider offers, keeps the attempt
/// sealed in the browser (nothing is stored here) and returns the provider URL. `sign_up` asks a Logto provider for
/// its registration screen unless the link names another first screen.
pub async fn start_sign_in(
    state: &AuthState,
    provider: Option<&str>,
    sign_up: bool,
    mut asked: RequestedOptions,
    return_to: String,
    language: crate::language::Locale,
) -> Result<SignInStart, AppError> {
    let providers = &state.providers;
    let provider = match provider {
        Some(id) => providers
            .get(id)
            .ok_or_else(|| AppError::BadRequest(crate::i18n::td_string!(language, errors.unknown_provider, id)))?,
        None => match providers.all() {
            [only] => only,
            _ => return Ok(SignInStart::Choose),
        },
    };
    if sign_up && provider.settings.logto && asked.first_screen.is_none() {
        asked.first_screen = Some("register".into());
    }
    let options = SignInOptions::check(&asked, &provider.settings.offers, provider.settings.logto).map_err(|err| {
        tracing::warn!(provider = %provider.settings.id, reason = %err, "sign-in link refused");
        AppError::BadRequest(crate::i18n::td_string!(language, errors.unknown_sign_in_option).to_string())
    })?;
    begin(state, provider, options, return_to, language)
        .await
        .map(SignInStart::Redirect)
}

/// Starts a sign-in at `provider` with `options` already checked (or made
/// here, as a mailed link's are): keeps the attempt sealed in the browser
/// and returns the provider URL.
pub async fn begin(
    state: &AuthState,
    provider: &crate::auth::providers::Provider,
    mut options: SignInOptions,
    return_to: String,
    language: crate::language::Locale,
) -> Result<Url, AppError> {
    // Asked with `max_age`, a provider sends `auth_time` (Logto does only
    // then), which step-up reads; as long as a sign-in lasts here, unless
    // the provider's configuration sets its own.
    if !provider.settings.extra_params.iter().any(|(name, _)| name == "max_age") {
        options.max_age = Some(state.max_session.as_secs());
    }
    let discovery = provider.discovery().await?;
    let request =
        code_flow::authorization_request(&provider.settings, &discovery, &options, crate::language::tag(language));
    let pending = PendingSignIn::new(&provider.settings.id, &request, return_to, None);
    crate::auth::attempt_cookies::remember(&state.attempts, &request.state, &pending)?;
    state.metrics.sign_in_started();
    let first_screen = options.first_screen.map(|s| s.param());
    tracing::info!(provider = %provider.settings.id, ?first_screen, "sign-in started");
    Ok(request.url)
}

/// A finished sign-in: where to send the visitor, and how long Bookstore
/// waited for the provider's token endpoint.
pub struct Completed {
    pub target: String,
    pub provider_wait: std::time::Duration,
    /// Who signed in.
    pub customer: crate::shop::customer::Customer,
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

/// A sign-in that did not complete: why, and for a step-up, the page it was
/// for (the customer is still signed in; nothing was done there).
#[derive(Debug)]
pub struct Failed {
    pub error: AppError,
    pub step_up_return_to: Option<String>,
}

impl From<AppError> for Failed {
    fn from(error: AppError) -> Self {
        Failed {
            error,
            step_up_return_to: None,
        }
    }
}

/// Completes a sign-in from the callback; returns where to send the visitor.
/// Every failure leaves the session as it was, minus the used attempt.
pub async fn complete_sign_in(
    state: &AuthState,
    session: &AuthSession,
    params: CallbackParams,
) -> Result<Completed, Failed> {
    let started = std::time::Instant::now();
    let result = try_complete_sign_in(state, session, &params).await;
    if let Err(failed) = &result {
        tracing::warn!(reason = ?failed.error, step_up = failed.step_up_return_to.is_some(), "sign-in failed");
    }
    state
        .metrics
        .callback_finished(started.elapsed(), result.as_ref().err().map(|f| f.error.sign_in_code()));
    result
}

async fn try_complete_sign_in(
    state: &AuthState,
    session: &AuthSession,
    params: &CallbackParams,
) -> Result<Completed, Failed> {
    let state_param = params.state.as_deref().filter(|s| !s.is_empty());
    let state_param = state_param.ok_or(AppError::SignIn(SignInFailure::MissingState))?;
    // The attempt this answer names is over whatever the answer says: take it
    // out first, so a `state` works exactly once.
    let pending = crate::auth::attempt_cookies::take(&state.attempts, state_param)?;
    let pending = pending.ok_or(AppError::SignIn(SignInFailure::UnknownState))?;
    let step_up_return_to = pending.step_up.as_ref().map(|_| pending.return_to.clone());
    complete_attempt(state, session, params, pending)
        .await
        .map_err(|error| Failed {
            error,
            step_up_return_to,
        })
}

async fn complete_attempt(
    state: &AuthState,
    session: &AuthSession,
    params: &CallbackParams,
    pending: PendingSignIn,
) -> Result<Completed, AppError> {
    // The attempt says which provider must have answered (mix-up defence).
    let provider = state
        .providers
        .get(&pending.provider)
        .ok_or(AppError::SignIn(SignInFailure::UnknownState))?;
    let discovery = provider.discovery().await?;
    let iss_required = discovery
        .metadata
        .additional_metadata()
        .authorization_response_iss_parameter_supported;
    let code = check_response(params, discovery.metadata.issuer().as_str(), iss_required).map_err(AppError::SignIn)?;
    // A step-up's ID token must say the customer authenticated after the
    // request left (`max_age=0`): its `auth_time` no older than the attempt.
    let step_up_settings = pending.step_up.as_ref().map(|_| {
        let mut settings = provider.settings.clone();
        let waited = (Utc::now().timestamp() - pending.created_at).max(0) as u64;
        settings.token_policy.max_auth_age = Some(std::time::Duration::from_secs(waited));
        settings
    });
    let exchange = code_flow::exchange_code(
        step_up_settings.as_ref().unwrap_or(&provider.settings),
        &provider.oidc,
        discovery,
        code,
        &pending.pkce_verifier,
        &pending.nonce,
    )
    .await?;
    if let Some(check) = &pending.step_up {
        let current = session.signed_in().await?;
        crate::auth::step_up::check_answer(check, current.as_ref(), &provider.settings.id, &exchange.verified.raw_claims)
            .map_err(|refused| {
                tracing::warn!(provider = %provider.settings.id, reason = %refused, "step-up refused; the session is unchanged");
                AppError::SignIn(match refused {
                    crate::auth::step_up::StepUpRefused::AnotherAccount => SignInFailure::NotTheSameCustomer,
                    crate::auth::step_up::StepUpRefused::Acr => SignInFailure::InvalidResponse(refused.to_string()),
                })
            })?;
    }
    let mut user = user_from_claims(&exchange.verified, provider.settings.claim_rules);
    crate::auth::roles::apply_roles(
        &mut user,
        &exchange.verified.raw_claims,
        &state.authz,
        &provider.settings.id,
    );
    let now = Utc::now().timestamp();
    let authenticated_at = exchange.verified.raw_claims.get("auth_time").and_then(|v| v.as_i64());
    let signed_in = SignedIn {
        provider: provider.settings.id.clone(),
        user,
        claims: exchange.verified.raw_claims,
        tokens: Tokens {
            id_token: exchange.id_token,
            access_token: exchange.access_token,
            access_token_expires_at: exchange.access_token_expires_at,
            refresh_token: exchange.refresh_token,
            resource_tokens: Default::default(),
        },
        signed_in_at: now,
        authenticated_at,
        roles_stale: false,
        ends_at: Some(now + state.max_session.as_secs() as i64),
    };
    let provider_wait = exchange.provider_wait;
    tracing::info!(provider = %provider.settings.id, subject = %signed_in.user.subject, step_up = pending.step_up.is_some(), "signed in");
    let customer = crate::shop::customer::Customer {
        provider: signed_in.provider.clone(),
        subject: signed_in.user.subject.clone(),
    };
    let sid = signed_in.claims.get("sid").and_then(|v| v.as_str()).map(String::from);
    let (display_name, email) = (signed_in.user.display_name().to_string(), signed_in.user.email.clone());
    session.complete_sign_in(signed_in).await?;
    index_for_backchannel_logout(state, session, &customer, sid.as_deref()).await;
    // The shop merges the visitor's cart and keeps its customer record. A
    // failure there must not undo the sign-in (it is logged by `announce`).
    let event = AuthEvent::SignedIn {
        account: Account {
            provider: &customer.provider,
            subject: &customer.subject,
        },
        profile: Profile {
            display_name: Some(&display_name),
            email: email.as_deref(),
        },
        session: &session.0,
    };
    let _ = state.listeners.announce(event).await;
    Ok(Completed {
        target: pending.return_to,
        provider_wait,
        customer,
    })
}

/// Saves the new session now (so it has its id) and records which provider
/// session it belongs to, for back-channel logout. A failure is logged: the
/// sign-in stands, but that provider session cannot end it remotely.
async fn index_for_backchannel_logout(
    state: &AuthState,
    session: &AuthSession,
    customer: &crate::shop::customer::Customer,
    sid: Option<&str>,
) {
    if let Err(err) = session.0.save().await {
        tracing::error!(error = %err, "could not save the new session");
        return;
    }
    let Some(id) = session.0.id() else { return };
    if let Err(err) = crate::auth::session_index::index_session(
        &state.db,
        &id.to_string(),
        &customer.provider,
        &customer.subject,
        sid,
    )
    .await
    {
        tracing::error!(error = %err, "could not index the session for back-channel logout");
    }
}
