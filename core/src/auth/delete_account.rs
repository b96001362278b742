//! "Delete my account": behind step-up, the customer's Logto account is
//! deleted through the Management API, then every session of theirs here
//! ends and the shop erases their personal data (orders are kept, without
//! the address, as the law requires). Logto's `User.Deleted` webhook, when
//! configured, arrives afterwards and finds nothing left to do.

use url::Url;

use crate::auth::events::Account;
use crate::auth::session::AuthSession;
use crate::auth::state::AuthState;
use crate::auth::step_up::unless_recent;
use crate::error::AppError;

/// Where the account page's delete form leads.
pub enum Deletion {
    /// Confirm who you are first (a sign-in older than the step-up age).
    ConfirmFirst(Url),
    Deleted,
}

/// Whether the signed-in customer's provider lets the shop delete accounts.
pub fn offered(state: &AuthState, provider: &str) -> bool {
    state
        .providers
        .get(provider)
        .is_some_and(|p| p.settings.logto && p.settings.management.is_some())
}

pub async fn delete_account(
    state: &AuthState,
    session: &AuthSession,
    language: crate::language::Locale,
) -> Result<Deletion, AppError> {
    let signed_in = session.signed_in().await?.ok_or(AppError::Unauthorized)?;
    let provider = state.providers.get(&signed_in.provider).ok_or(AppError::Unauthorized)?;
    let Some(api) = provider
        .settings
        .management
        .as_ref()
        .filter(|_| provider.settings.logto)
    else {
        return Err(AppError::Forbidden(
            crate::i18n::td_string!(language, errors.delete_not_offered).to_string(),
        ));
    };
    if let Some(url) = unless_recent(
        state,
        &signed_in,
        state.authz.step_up.max_age,
        "/account/delete",
        language,
    )
    .await?
    {
        return Ok(Deletion::ConfirmFirst(url));
    }
    let discovery = provider.discovery().await?;
    let endpoint = provider.settings.tenant_endpoint();
    let subject = signed_in.user.subject.clone();
    provider
        .management
        .delete_user(&provider.oidc, &discovery, api, endpoint, &subject)
        .await
        .map_err(|err| {
            tracing::error!(provider = %provider.settings.id, error = %err, "the account could not be deleted at the provider");
            AppError::ProviderUnavailable
        })?;
    tracing::info!(provider = %provider.settings.id, "account deleted at the customer's request");
    // Deleted at the provider: from here on nothing may fail the customer.
    session.destroy().await?;
    let account = Account {
        provider: &provider.settings.id,
        subject: &subject,
    };
    if let Err(err) = crate::auth::account_changes::deleted(state, account).await {
        tracing::error!(error = %err, "a deleted account's sessions or data not all gone yet; the provider's webhook will retry");
    }
    Ok(Deletion::Deleted)
}
