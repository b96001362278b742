//! Signing in from a link mailed at checkout (Logto one-time tokens). The
//! shop asks Logto's Management API for a one-time token for the address
//! typed, stores it sealed (`email_links`), and mails a link to itself; the
//! link starts the ordinary sign-in with `one_time_token` and `login_hint`,
//! and Logto signs in the user with that address or registers one. Every
//! request gets the same answer whether or not the address has an account.

use crate::auth::email_links::{self, Limit, LinkKey, NewLink, Taken};
use crate::auth::state::AuthState;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::mail::MailContext;
use crate::oidc::sign_in_options::{OneTimeToken, SignInOptions};

/// One request for a link.
pub struct LinkRequest<'a> {
    pub provider: &'a str,
    pub email: &'a str,
    /// Who asks (their network address), for the per-client limit.
    pub client: &'a str,
    /// The asking browser's link cookie.
    pub browser: &'a str,
    pub return_to: &'a str,
    pub locale: Locale,
}

/// What asking for a link led to: the visitor is told which, never whether
/// the address has an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    Sent,
    Limited(Limit),
    BadAddress,
    /// The provider does not offer links, or could not make one now.
    Unavailable,
}

/// Whether `provider` can sign in from a mailed link: a Logto tenant whose
/// Management API app is configured, when the shop sends mail.
pub fn offers_links(state: &AuthState, provider: &str, mail: Option<&MailContext>) -> bool {
    mail.is_some()
        && state
            .providers
            .get(provider)
            .is_some_and(|p| p.settings.logto && p.settings.management.is_some())
}

pub async fn ask(
    state: &AuthState,
    mail: &MailContext,
    request: &LinkRequest<'_>,
    now: i64,
) -> Result<Asked, AppError> {
    let Some(email) = crate::mail::plain_address(request.email) else {
        return Ok(Asked::BadAddress);
    };
    // The provider and its Management API app, when it offers links (`offers_links`).
    let Some((provider, api)) = state
        .providers
        .get(request.provider)
        .filter(|p| p.settings.logto)
        .and_then(|p| Some((p, p.settings.management.as_ref()?)))
    else {
        return Ok(Asked::Unavailable);
    };
    if let Some(limit) = email_links::count_request(&state.db, &email, request.client, now)
        .await
        .map_err(crate::db::app_error)?
    {
        tracing::warn!(provider = %request.provider, ?limit, "sign-in link refused: rate limit");
        return Ok(Asked::Limited(limit));
    }
    let discovery = provider.discovery().await?;
    let token = provider
        .management
        .one_time_token(
            &provider.oidc,
            &discovery,
            api,
            provider.settings.tenant_endpoint(),
            &email,
            email_links::LIFETIME_SECS as u64,
        )
        .await;
    let token = match token {
        Ok(token) => token,
        Err(err) => {
            tracing::error!(provider = %request.provider, error = %err, "no one-time token from the provider");
            return Ok(Asked::Unavailable);
        }
    };
    let key = LinkKey::random();
    let url = format!("{}?k={}", mail.sign_in_link_url, key.encoded());
    let message =
        crate::mail::messages::sign_in_link(&email, request.locale, &url, (email_links::LIFETIME_SECS / 60) as u64);
    let link = NewLink {
        provider: request.provider,
        email: &email,
        token: secrecy::ExposeSecret::expose_secret(&token),
        browser: request.browser,
        return_to: request.return_to,
    };
    let stored = async {
        let mut tx = state.db.begin().await?;
        email_links::store(&mut tx, &key, &link, now).await?;
        crate::mail::outbox::enqueue(&mut tx, &message, now).await?;
        tx.commit().await
    };
    stored.await.map_err(crate::db::app_error)?;
    tracing::info!(provider = %request.provider, "sign-in link mailed");
    Ok(Asked::Sent)
}

/// What following a link leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Followed {
    /// To the provider, to finish signing in.
    Provider(String),
    /// Asked for in another browser: the visitor confirms first.
    Confirm,
    /// Unknown, used or expired.
    Gone,
}

/// Follows the link with key `key` (as in the link) from `browser` (its
/// link cookie); `confirmed`: the visitor said to use it in this browser.
pub async fn follow(
    state: &AuthState,
    key: &str,
    browser: Option<&str>,
    confirmed: bool,
    language: Locale,
    now: i64,
) -> Result<Followed, AppError> {
    let Some(key) = LinkKey::decode(key) else {
        return Ok(Followed::Gone);
    };
    let opened = match email_links::take(&state.db, &key, browser, confirmed, now)
        .await
        .map_err(crate::db::app_error)?
    {
        Taken::Opened(opened) => opened,
        Taken::Elsewhere { .. } => return Ok(Followed::Confirm),
        Taken::Gone => return Ok(Followed::Gone),
    };
    let provider = state
        .providers
        .get(&opened.provider)
        .ok_or(AppError::ProviderUnavailable)?;
    let options = SignInOptions {
        login_hint: Some(opened.email),
        one_time_token: Some(OneTimeToken(opened.token)),
        ..SignInOptions::default()
    };
    let return_to = crate::return_to::sanitize_return_to(Some(&opened.return_to));
    let url = crate::auth::sign_in::begin(state, provider, options, return_to, language).await?;
    tracing::info!(provider = %provider.settings.id, "sign-in link followed");
    Ok(Followed::Provider(url.to_string()))
}

/// The address a link was sent to, shown masked (`a…@example.com`) when a
/// browser other than the one that asked must confirm; nothing is used.
pub async fn preview(state: &AuthState, key: &str, now: i64) -> Result<Option<String>, AppError> {
    let Some(key) = LinkKey::decode(key) else {
        return Ok(None);
    };
    Ok(
        match email_links::take(&state.db, &key, None, false, now)
            .await
            .map_err(crate::db::app_error)?
        {
            Taken::Elsewhere { email } => Some(masked(&email)),
            _ => None,
        },
    )
}

fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}…@{domain}")
        }
        None => "…".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confirmation_shows_the_address_masked() {
        assert_eq!(masked("ada@example.com"), "a…@example.com");
        assert_eq!(masked("夏目@example.jp"), "夏…@example.jp");
    }
}
