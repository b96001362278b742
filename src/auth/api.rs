//! The auth server functions. Pages call them during server rendering (the
//! sign-in and callback pages), and the browser calls them after hydration.
//! Their signatures use only types that compile for wasm.

use leptos::prelude::*;

use crate::auth::callback::CallbackParams;
use crate::auth::model::{AccountProfile, CurrentUser, ProviderChoice};
use crate::error::AppError;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::auth::session::AuthSession;
    use crate::auth::state::AuthState;
    use crate::error::AppError;

    pub fn state() -> Result<AuthState, AppError> {
        crate::request::context()
    }

    pub async fn session() -> Result<AuthSession, AppError> {
        AuthSession::from_request().await
    }
}

/// Starts the authorization code flow with `provider` (or the only one
/// configured) and redirects there. `sign_up` asks for the registration screen
/// first. With several providers and none chosen, returns them to choose from.
#[server(prefix = "/api", endpoint = "start_sign_in")]
pub async fn start_sign_in(
    sign_up: bool,
    provider: Option<String>,
    return_to: Option<String>,
) -> Result<Vec<ProviderChoice>, AppError> {
    use crate::auth::return_to::sanitize_return_to;
    use crate::auth::sign_in::SignInStart;
    use crate::oidc::code_flow::FirstScreen;

    let screen = if sign_up {
        FirstScreen::SignUp
    } else {
        FirstScreen::SignIn
    };
    let return_to = sanitize_return_to(return_to.as_deref());
    let (state, session) = (ssr::state()?, ssr::session().await?);
    match crate::auth::sign_in::start_sign_in(&state, &session, provider.as_deref(), screen, return_to).await? {
        SignInStart::Redirect(url) => {
            leptos_axum::redirect(url.as_str());
            Ok(Vec::new())
        }
        SignInStart::Choose(choices) => Ok(choices),
    }
}

/// Handles the provider's answer: checks it, exchanges the code, verifies the
/// ID token, signs the visitor in and redirects to where they were going.
#[server(prefix = "/api", endpoint = "complete_sign_in")]
pub async fn complete_sign_in(params: CallbackParams) -> Result<(), AppError> {
    let completed = crate::auth::sign_in::complete_sign_in(&ssr::state()?, &ssr::session().await?, params).await?;
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&completed.server_timing()),
    ) {
        response.insert_header(axum::http::HeaderName::from_static("server-timing"), value);
    }
    leptos_axum::redirect(&completed.target);
    Ok(())
}

/// The second half of `response_mode=form_post` (see `server::form_post`):
/// the provider's answer, re-posted same-site so the session cookie comes
/// along. Success redirects like the callback; a failure redirects to
/// `/callback/failed`, which shows it with its status.
#[server(prefix = "/api", endpoint = "complete_form_post")]
pub async fn complete_form_post(
    code: Option<String>,
    state: Option<String>,
    iss: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
) -> Result<(), AppError> {
    let params = CallbackParams {
        code,
        state,
        error,
        error_description,
        iss,
    };
    let outcome = crate::auth::sign_in::complete_sign_in(&ssr::state()?, &ssr::session().await?, params).await;
    let target = match outcome {
        Ok(completed) => completed.target,
        // A code, never text: the failure page shows only what the server
        // chose for it, so a link cannot put words on the shop's own pages.
        Err(err) => format!("/callback/failed?reason={}", err.sign_in_code()),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// `POST /sign-out`: revokes the refresh token, deletes the session and sends
/// the browser to the provider's end-session endpoint.
#[server(prefix = "", endpoint = "sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    let target = crate::auth::sign_out::sign_out(&ssr::state()?, &ssr::session().await?).await?;
    leptos_axum::redirect(&target);
    Ok(())
}

#[server(prefix = "/api", endpoint = "current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    crate::auth::account::current_user(&ssr::session().await?).await
}

#[server(prefix = "/api", endpoint = "account_profile")]
pub async fn get_account_profile() -> Result<AccountProfile, AppError> {
    crate::auth::account::account_profile(&ssr::state()?, &ssr::session().await?).await
}
