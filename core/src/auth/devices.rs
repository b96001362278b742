//! "Your devices": the browsers signed in to the customer's Logto account,
//! from Logto's Account API, and "sign out this device". Logto shows them
//! only to a caller holding a verified record (an e-mail code the customer
//! types here: the shop never asks for their password), so the steps are:
//! a recent sign-in (step-up), a code sent to their own e-mail, the code
//! typed; the verified record is kept in the session (server-side) until it
//! expires. Signing a device out ends its Logto session, revokes what it was
//! granted, and ends this shop's sessions that came from it (by `sid`).

use chrono::Utc;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::auth::model::{Device, DevicesView};
use crate::auth::providers::Provider;
use crate::auth::session::{AuthSession, SessionError, SignedIn};
use crate::auth::state::AuthState;
use crate::auth::step_up::unless_recent;
use crate::error::{AppError, FieldError};
use crate::i18n::td_string;
use crate::language::Locale;
use crate::oidc::account_api::{AccountApi, AccountApiError, ProviderSession};

const CHECK_KEY: &str = "devices.check";
const PAGE: &str = "/account/devices";

/// The code sent to the customer, and whether they typed it right.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Check {
    provider: String,
    subject: String,
    email: String,
    record: String,
    expires_at: i64,
    verified: bool,
}

/// What an action asks of the page next.
pub enum Next {
    /// Confirm who you are at the provider first.
    ConfirmFirst(Url),
    /// Done: show the page again.
    Shown,
}

/// Whether the customer's provider lets the shop show their devices.
pub fn offered(provider: &Provider) -> bool {
    provider.settings.devices()
}

/// The page: what step the customer is at, and their devices once verified.
pub async fn view(state: &AuthState, session: &AuthSession, locale: Locale) -> Result<DevicesView, AppError> {
    let (signed_in, provider) = customer(state, session).await?;
    if !offered(provider) {
        return Ok(DevicesView::NotOffered);
    }
    let Some(email) = signed_in.user.email.clone() else {
        return Ok(DevicesView::NoEmail);
    };
    let check = current_check(session, &signed_in).await?;
    let Some(check) = check.filter(|c| c.email == email) else {
        return Ok(DevicesView::Start { email: masked(&email) });
    };
    if !check.verified {
        return Ok(DevicesView::CodeSent { email: masked(&email) });
    }
    let api_token = token(state, session).await?;
    let sessions = match api(provider, &api_token).sessions(&check.record).await {
        Ok(sessions) => sessions,
        Err(err) => {
            let refusal = refused(session, err, locale)
                .await
                .err()
                .unwrap_or(AppError::ProviderUnavailable);
            // A record Logto no longer honours was dropped: ask for a new code.
            if current_check(session, &signed_in).await?.is_none() {
                return Ok(DevicesView::Start { email: masked(&email) });
            }
            return Err(refusal);
        }
    };
    let client_id = &provider.settings.client_id;
    let mut devices: Vec<Device> = sessions.iter().map(|s| device(s, client_id)).collect();
    devices.sort_by_key(|d| (!d.current, -d.signed_in_at));
    Ok(DevicesView::Devices(devices))
}

/// Sends the code (after a step-up, when the sign-in is not recent).
pub async fn send_code(state: &AuthState, session: &AuthSession, locale: Locale) -> Result<Next, AppError> {
    let (signed_in, provider) = customer(state, session).await?;
    let email = usable(provider, &signed_in, locale)?;
    if let Some(url) = unless_recent(state, &signed_in, state.authz.step_up.max_age, PAGE, locale).await? {
        return Ok(Next::ConfirmFirst(url));
    }
    let api_token = token(state, session).await?;
    let sent = api(provider, &api_token).send_email_code(&email).await;
    let sent = match sent {
        Ok(sent) => sent,
        Err(err) => return refused(session, err, locale).await.map(|()| Next::Shown),
    };
    let check = Check {
        provider: provider.settings.id.clone(),
        subject: signed_in.user.subject.clone(),
        email,
        record: sent.verification_record_id,
        expires_at: sent.expires_at.timestamp(),
        verified: false,
    };
    session.0.insert(CHECK_KEY, check).await.map_err(SessionError::from)?;
    tracing::info!(provider = %provider.settings.id, "devices: a code was sent to the customer's e-mail");
    Ok(Next::Shown)
}

/// Checks the code the customer typed.
pub async fn check_code(state: &AuthState, session: &AuthSession, code: &str, locale: Locale) -> Result<(), AppError> {
    let (signed_in, provider) = customer(state, session).await?;
    let Some(mut check) = current_check(session, &signed_in).await? else {
        return Err(AppError::Conflict(td_string!(locale, devices.code_gone).into()));
    };
    let code = code.trim();
    if code.is_empty() || code.len() > 16 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(wrong_code(locale));
    }
    let api_token = token(state, session).await?;
    match api(provider, &api_token)
        .verify_email_code(&check.email, &check.record, code)
        .await
    {
        Ok(()) => {}
        Err(err) if err.code() == Some("verification_code.code_mismatch") => return Err(wrong_code(locale)),
        Err(err) => return refused(session, err, locale).await,
    }
    check.verified = true;
    session.0.insert(CHECK_KEY, check).await.map_err(SessionError::from)?;
    Ok(())
}

/// Signs device `uid` out (after a step-up, when the sign-in is not recent);
/// how many of this shop's sessions ended with it.
pub async fn sign_out_device(
    state: &AuthState,
    session: &AuthSession,
    uid: &str,
    locale: Locale,
) -> Result<Next, AppError> {
    let (signed_in, provider) = customer(state, session).await?;
    if let Some(url) = unless_recent(state, &signed_in, state.authz.step_up.max_age, PAGE, locale).await? {
        return Ok(Next::ConfirmFirst(url));
    }
    let Some(check) = current_check(session, &signed_in).await?.filter(|c| c.verified) else {
        return Err(AppError::Conflict(td_string!(locale, devices.code_gone).into()));
    };
    let api_token = token(state, session).await?;
    let api = api(provider, &api_token);
    // Read the list again: the device must be the customer's, and not this one.
    let sessions = match api.sessions(&check.record).await {
        Ok(sessions) => sessions,
        Err(err) => return refused(session, err, locale).await.map(|()| Next::Shown),
    };
    let Some(target) = sessions.iter().find(|s| s.payload.uid == uid) else {
        return Err(AppError::Conflict(td_string!(locale, devices.already_gone).into()));
    };
    if target.is_current {
        return Err(AppError::BadRequest(td_string!(locale, devices.not_this_one).into()));
    }
    if let Err(err) = api.end_session(&check.record, uid).await {
        return refused(session, err, locale).await.map(|()| Next::Shown);
    }
    // The provider no longer knows that device; this shop forgets it too.
    if let Some(sid) = target.sid_for(&provider.settings.client_id) {
        let ended = state
            .end_sessions
            .end_provider_session(&provider.settings.id, &signed_in.user.subject, sid)
            .await
            .map_err(|err| {
                tracing::error!(error = %err, "a signed-out device's shop sessions could not all be ended");
                AppError::Unavailable
            })?;
        tracing::info!(provider = %provider.settings.id, ended, "devices: the customer signed a device out");
    }
    Ok(Next::Shown)
}

async fn customer<'a>(state: &'a AuthState, session: &AuthSession) -> Result<(SignedIn, &'a Provider), AppError> {
    let signed_in = session.signed_in().await?.ok_or(AppError::Unauthorized)?;
    let provider = state.providers.get(&signed_in.provider).ok_or(AppError::Unauthorized)?;
    Ok((signed_in, provider.as_ref()))
}

/// The e-mail to send the code to, when the provider offers devices at all.
fn usable(provider: &Provider, signed_in: &SignedIn, locale: Locale) -> Result<String, AppError> {
    if !offered(provider) {
        return Err(AppError::Forbidden(td_string!(locale, devices.not_offered).into()));
    }
    signed_in
        .user
        .email
        .clone()
        .ok_or_else(|| AppError::Conflict(td_string!(locale, devices.no_email).into()))
}

/// The check of this customer, unexpired; an old one is dropped.
async fn current_check(session: &AuthSession, signed_in: &SignedIn) -> Result<Option<Check>, AppError> {
    let check: Option<Check> = session.0.get(CHECK_KEY).await.map_err(SessionError::from)?;
    let Some(check) = check else { return Ok(None) };
    let mine = check.provider == signed_in.provider && check.subject == signed_in.user.subject;
    if mine && check.expires_at > Utc::now().timestamp() {
        return Ok(Some(check));
    }
    session.0.remove::<Check>(CHECK_KEY).await.map_err(SessionError::from)?;
    Ok(None)
}

async fn token(state: &AuthState, session: &AuthSession) -> Result<SecretString, AppError> {
    Ok(SecretString::from(
        crate::auth::tokens::access_token(state, session, None, None)
            .await?
            .token,
    ))
}

fn api<'a>(provider: &'a Provider, token: &'a SecretString) -> AccountApi<'a> {
    AccountApi {
        http: provider.oidc.http(),
        endpoint: provider.settings.tenant_endpoint(),
        token,
    }
}

fn wrong_code(locale: Locale) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: "code".into(),
        message: td_string!(locale, devices.wrong_code).into(),
    }])
}

/// Logto said no: the check is dropped when it no longer proves anything,
/// and the customer is told what to do.
async fn refused(session: &AuthSession, err: AccountApiError, locale: Locale) -> Result<(), AppError> {
    tracing::warn!(error = %err, "devices: the Account API refused");
    let code = err.code().unwrap_or_default();
    // A record that no longer proves anything: start from a new code.
    let start_again = code.starts_with("verification_record.") || code.starts_with("verification_code.");
    if start_again {
        session.0.remove::<Check>(CHECK_KEY).await.map_err(SessionError::from)?;
    }
    Err(match code {
        "verification_code.exceed_max_try" => AppError::Conflict(td_string!(locale, devices.too_many_tries).into()),
        _ if start_again => AppError::Conflict(td_string!(locale, devices.code_gone).into()),
        "account_center.field_not_enabled" | "account_center.field_not_editable" => {
            AppError::Forbidden(td_string!(locale, devices.not_enabled).into())
        }
        "auth.unauthorized" => AppError::Forbidden(td_string!(locale, devices.sign_in_again).into()),
        _ if matches!(err, AccountApiError::Refused { status, .. } if status.as_u16() == 429) => {
            AppError::Conflict(td_string!(locale, devices.too_many_codes).into())
        }
        _ => AppError::ProviderUnavailable,
    })
}

/// "a•••@example.com": enough to recognise, not to read out.
fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".into(),
    }
}

fn device(session: &ProviderSession, client_id: &str) -> Device {
    Device {
        uid: session.payload.uid.clone(),
        name: session.user_agent().map(crate::auth::user_agent::describe),
        location: session.location(),
        // An IPv4 address as IPv6 servers write it, the way people read it.
        ip: session
            .ip()
            .map(|ip| ip.strip_prefix("::ffff:").unwrap_or(ip).to_string()),
        signed_in_at: session.payload.login_ts,
        current: session.is_current,
        here: session.sid_for(client_id).is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::masked;

    #[test]
    fn an_address_is_masked_to_its_first_letter_and_domain() {
        assert_eq!(masked("grace@bookstore.test"), "g•••@bookstore.test");
        assert_eq!(masked("é@例え.jp"), "é•••@例え.jp");
        assert_eq!(masked("nonsense"), "•••");
    }
}
