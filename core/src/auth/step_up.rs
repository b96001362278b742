//! Step-up: before what matters (placing an order, a staff edit), a sign-in
//! must be recent. An old one sends the customer through the provider again
//! with `prompt=login` and `max_age=0`; the answer must name the same
//! customer with an `auth_time` after the request left (and an `acr` asked
//! for, where the provider offers `acr` values); then they come back to the
//! same page. The session stays signed in whatever the answer.

use std::time::Duration;

use url::Url;

use crate::auth::session::{PendingSignIn, SignedIn, StepUpCheck};
use crate::auth::state::AuthState;
use crate::error::AppError;
use crate::oidc::code_flow;
use crate::oidc::sign_in_options::{Reauthenticate, SignInOptions};

/// Whether the sign-in's authentication is at most `max_age` old at `now`.
/// Unknown (`auth_time` never sent) is not recent.
pub fn is_recent(signed_in: &SignedIn, max_age: Duration, now: i64) -> bool {
    signed_in
        .authenticated_at
        .is_some_and(|at| at <= now + 60 && now - at <= max_age.as_secs() as i64)
}

/// `None` when the sign-in is at most `max_age` old; otherwise starts a
/// step-up coming back to `return_to` and returns the provider URL.
pub async fn unless_recent(
    state: &AuthState,
    signed_in: &SignedIn,
    max_age: Duration,
    return_to: &str,
    language: crate::language::Locale,
) -> Result<Option<Url>, AppError> {
    if is_recent(signed_in, max_age, chrono::Utc::now().timestamp()) {
        return Ok(None);
    }
    start_step_up(state, signed_in, return_to.to_string(), language)
        .await
        .map(Some)
}

/// Starts a step-up for the signed-in customer, coming back to `return_to`;
/// returns the provider URL to send the browser to.
pub async fn start_step_up(
    state: &AuthState,
    signed_in: &SignedIn,
    return_to: String,
    language: crate::language::Locale,
) -> Result<Url, AppError> {
    let provider = state.providers.get(&signed_in.provider).ok_or(AppError::Unauthorized)?;
    let discovery = provider.discovery().await?;
    // `acr_values` only where the provider says it knows them.
    let supported: Vec<String> = discovery
        .metadata
        .acr_values_supported()
        .map(|values| values.iter().map(|v| v.as_str().to_string()).collect())
        .unwrap_or_default();
    let acr_values: Vec<String> = state
        .authz
        .step_up
        .acr_values
        .iter()
        .filter(|asked| supported.contains(asked))
        .cloned()
        .collect();
    // Logto issues a refresh token only with `consent`: keep asking for it.
    let wants_consent = provider
        .settings
        .prompt
        .as_deref()
        .is_some_and(|p| p.split(' ').any(|v| v == "consent"));
    let prompt = if wants_consent { "login consent" } else { "login" };
    let options = SignInOptions {
        // The provider's form already knows who (as Logto's SDKs would).
        login_hint: signed_in.user.username.clone().or_else(|| signed_in.user.email.clone()),
        reauthenticate: Some(Reauthenticate {
            prompt: prompt.to_string(),
            acr_values: acr_values.clone(),
        }),
        ..SignInOptions::default()
    };
    let request =
        code_flow::authorization_request(&provider.settings, &discovery, &options, crate::language::tag(language));
    let check = StepUpCheck {
        subject: signed_in.user.subject.clone(),
        acr_values,
    };
    let pending = PendingSignIn::new(&provider.settings.id, &request, return_to, Some(check));
    crate::auth::attempt_cookies::remember(&state.attempts, &request.state, &pending)?;
    tracing::info!(provider = %provider.settings.id, "step-up started");
    Ok(request.url)
}

/// What a step-up's verified answer must also show: the customer still
/// signed in here, the same one as asked, and an `acr` that was asked for.
pub fn check_answer(
    check: &StepUpCheck,
    current: Option<&SignedIn>,
    provider: &str,
    claims: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), StepUpRefused> {
    let subject = claims.get("sub").and_then(|v| v.as_str());
    let still_here = current.is_some_and(|c| c.provider == provider && c.user.subject == check.subject);
    if !still_here || subject != Some(check.subject.as_str()) {
        return Err(StepUpRefused::AnotherAccount);
    }
    if !check.acr_values.is_empty() {
        let acr = claims.get("acr").and_then(|v| v.as_str());
        if !acr.is_some_and(|acr| check.acr_values.iter().any(|asked| asked == acr)) {
            return Err(StepUpRefused::Acr);
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StepUpRefused {
    #[error("the step-up answer names another account than the one signed in")]
    AnotherAccount,
    #[error("the step-up answer's acr is none of those asked for")]
    Acr,
}

#[cfg(test)]
#[path = "step_up_tests.rs"]
mod tests;
