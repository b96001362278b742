//! The signed-in user as the account pages show them: the user, the ID
//! token's claims, userinfo, organizations and the API token's permissions.

use crate::auth::model::{AccountProfile, CurrentUser};
use crate::auth::session::{AuthSession, SignedIn};
use crate::auth::state::AuthState;
use crate::error::{AppError, error_chain};
use crate::oidc::userinfo;

/// The signed-in user; roles the provider said changed are read again first
/// (a refresh-token grant brings a new ID token). Until that works the user
/// has no roles: nobody stays staff on an old word.
pub async fn current_user(state: &AuthState, session: &AuthSession) -> Result<Option<CurrentUser>, AppError> {
    let Some(signed_in) = session.signed_in().await? else {
        return Ok(None);
    };
    if !signed_in.roles_stale {
        return Ok(Some(signed_in.user));
    }
    match crate::auth::tokens::access_token(state, session, None, None).await {
        Ok(_) => tracing::info!("roles read again after the provider changed them"),
        Err(AppError::SessionExpired) => return Ok(None),
        Err(err) => tracing::warn!(error = %err, "roles could not be read again yet"),
    }
    Ok(session.signed_in().await?.map(|signed_in| signed_in.user))
}

pub async fn account_profile(state: &AuthState, session: &AuthSession) -> Result<AccountProfile, AppError> {
    let signed_in = session.signed_in().await?.ok_or(AppError::Unauthorized)?;
    // The default access token, refreshed if it has (nearly) expired.
    let token = crate::auth::tokens::access_token(state, session, None, None).await?;
    let signed_in = session.signed_in().await?.unwrap_or(signed_in);
    let userinfo = userinfo(state, &signed_in, &token.token).await;
    let organizations = crate::auth::roles::memberships(&signed_in.claims, userinfo.as_ref().ok());
    // The API resource's token, as another client of the API would hold it.
    let api_scopes = match &state.authz.api {
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
    let devices = state
        .providers
        .get(&signed_in.provider)
        .is_some_and(|p| crate::auth::devices::offered(p));
    let mut account_center = match state.providers.get(&signed_in.provider) {
        Some(provider) if provider.settings.logto && provider.settings.account_center => {
            let endpoint = provider.settings.tenant_endpoint();
            let back = provider
                .settings
                .post_logout_redirect_uri
                .join("account")
                .map(String::from)
                .unwrap_or_default();
            let language = crate::language::tag(crate::language::context::current());
            crate::auth::account_center::links(endpoint, &back, language)
        }
        _ => Vec::new(),
    };
    if devices {
        // Shown here, with sign-out per device: no second way to the same list.
        account_center.retain(|link| link.page != crate::auth::account_center::AccountCenterPage::Devices);
    }
    Ok(AccountProfile {
        devices,
        api_scopes,
        email_verified: signed_in
            .claims
            .get("email_verified")
            .and_then(serde_json::Value::as_bool),
        authenticated_at: signed_in.authenticated_at,
        account_center,
        user: signed_in.user,
        id_token_claims: display_claims(&signed_in.claims),
        userinfo: userinfo.map(|claims| display_claims(&claims)),
        organizations,
    })
}

/// Claims that are times: shown as dates in the page's language.
const TIME_CLAIMS: [&str; 5] = ["auth_time", "iat", "exp", "created_at", "updated_at"];

/// A claim's time as a date ("26 November 2026"); Logto writes some in
/// milliseconds.
fn readable_time(value: i64) -> String {
    let seconds = if value > 100_000_000_000 { value / 1000 } else { value };
    crate::language::dates::format_date(crate::language::context::current(), seconds)
}

/// Claims as sorted (name, text) rows; strings unquoted, times as dates,
/// other values as JSON; empty (null) claims and flow-internal ones left out.
fn display_claims(claims: &serde_json::Map<String, serde_json::Value>) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = claims
        .iter()
        .filter(|(name, value)| !value.is_null() && !matches!(name.as_str(), "nonce" | "at_hash" | "c_hash"))
        .map(|(name, value)| {
            let time = value.as_i64().filter(|_| TIME_CLAIMS.contains(&name.as_str()));
            let text = match (value, time) {
                (_, Some(time)) => readable_time(time),
                (serde_json::Value::String(s), None) => s.clone(),
                (other, None) => other.to_string(),
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
    state: &AuthState,
    session: &AuthSession,
) -> Result<Vec<crate::auth::model::Membership>, AppError> {
    let signed_in = session.signed_in().await?.ok_or(AppError::Unauthorized)?;
    let token = crate::auth::tokens::access_token(state, session, None, None).await?;
    let userinfo = userinfo(state, &signed_in, &token.token).await.ok();
    Ok(crate::auth::roles::memberships(&signed_in.claims, userinfo.as_ref()))
}

/// The signed-in user's userinfo claims, or what the account page says
/// instead (each failure logged with its causes).
async fn userinfo(
    state: &AuthState,
    signed_in: &SignedIn,
    access_token: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let Some(provider) = state.providers.get(&signed_in.provider) else {
        return Err("The sign-in service you used is no longer offered.".into());
    };
    let discovery = provider.oidc.discovery().await.map_err(|err| {
        tracing::warn!(error = %error_chain(&err), "userinfo unavailable");
        "The sign-in service is unavailable right now.".to_string()
    })?;
    userinfo::fetch_userinfo(&provider.oidc, &discovery, access_token, &signed_in.user.subject)
        .await
        .map_err(|err| {
            tracing::warn!(error = %error_chain(&err), "userinfo unavailable");
            err.to_string()
        })
}
