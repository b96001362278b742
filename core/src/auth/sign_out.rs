//! Signing out: the session ends here first, then at the provider (refresh
//! token revoked, browser sent to its end-session endpoint).

use crate::auth::session::AuthSession;
use crate::auth::state::AuthState;
use crate::error::{AppError, error_chain};
use crate::oidc::logout;

/// Ends the session here and at the provider; returns where to send the browser.
pub async fn sign_out(state: &AuthState, session: &AuthSession) -> Result<String, AppError> {
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
