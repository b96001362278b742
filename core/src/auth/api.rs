//! The auth server functions. Pages call them during server rendering (the
//! sign-in and callback pages), and the browser calls them after hydration.
//! Their signatures use only types that compile for wasm.

use leptos::prelude::*;

use crate::auth::callback::CallbackParams;
use crate::auth::model::{AccountProfile, CurrentUser, ProviderChoice};
use crate::auth::sign_in_link::SignInLink;
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

    /// Starts a sign-in and redirects: to the provider, to the choice page,
    /// or to the failure page.
    pub async fn start(sign_up: bool, link: crate::auth::sign_in_link::SignInLink) {
        use crate::auth::sign_in::{SignInStart, start_sign_in};
        use crate::return_to::{auth_link, sanitize_return_to};

        let return_to = sanitize_return_to(link.return_to.as_deref());
        let language = crate::language::request::current();
        let started = async {
            let state = state()?;
            start_sign_in(
                &state,
                link.provider.as_deref(),
                sign_up,
                link.options(),
                return_to.clone(),
                language,
            )
            .await
        };
        let target = match started.await {
            Ok(SignInStart::Redirect(url)) => url.to_string(),
            Ok(SignInStart::Choose) => {
                let choose = auth_link(if sign_up { "/sign-up/choose" } else { "/sign-in/choose" }, &return_to);
                // The link's options go along to the provider picked there.
                match link.options_query() {
                    options if options.is_empty() => choose,
                    options if choose.contains('?') => format!("{choose}{options}"),
                    options => format!("{choose}?{}", &options[1..]),
                }
            }
            Err(err) => crate::auth::app_errors::failure_link(&err),
        };
        navigate(&target);
    }

    /// A customer's language follows them: a browser that made no choice is
    /// told the one they made elsewhere (`language::store::to_bring_back`).
    /// Best effort: the sign-in stands if the database cannot say.
    async fn remember_language(customer: &crate::shop::customer::Customer) {
        use crate::language::request::{CookieSecurity, choice, choice_cookie};
        let (Ok(db), Ok(security)) = (
            crate::request::context::<sqlx::AnyPool>(),
            crate::request::context::<CookieSecurity>(),
        ) else {
            return;
        };
        let parts = leptos::prelude::use_context::<axum::http::request::Parts>();
        let browser_choice = parts
            .as_ref()
            .and_then(|p| choice(&p.headers))
            .and_then(crate::language::from_tag);
        match crate::language::store::to_bring_back(&db, &customer.provider, &customer.subject, browser_choice).await {
            Ok(Some(stored)) => {
                if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                    response.append_header(axum::http::header::SET_COOKIE, choice_cookie(stored, security.secure));
                }
            }
            Ok(None) => {}
            Err(err) => tracing::warn!(error = %err, "the customer's language could not be read or kept"),
        }
    }

    /// Answers 302 to `target`.
    pub fn navigate(target: &str) {
        crate::request::navigate(target, axum::http::StatusCode::FOUND);
    }

    /// Completes a sign-in from the provider's answer; returns where to send
    /// the visitor (where they were going, or the failure page), with the
    /// provider's share of the time in `Server-Timing`.
    pub async fn finish(params: crate::auth::callback::CallbackParams) -> String {
        let completed = async {
            let (state, session) = (state()?, session().await?);
            crate::auth::sign_in::complete_sign_in(&state, &session, params).await
        };
        match completed.await {
            Ok(completed) => {
                if let (Some(response), Ok(value)) = (
                    leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
                    axum::http::HeaderValue::from_str(&completed.server_timing()),
                ) {
                    response.insert_header(axum::http::HeaderName::from_static("server-timing"), value);
                }
                remember_language(&completed.customer).await;
                completed.target
            }
            Err(failed) => crate::auth::app_errors::failed_link(&failed),
        }
    }
}

/// `GET /sign-in?provider=ID&return_to=PATH`: starts the authorization code
/// flow with `provider` (or the only one configured) and answers 302 to it,
/// without rendering a page. With several providers and none chosen it
/// sends the visitor to the choice page; a failure goes to the failure page
/// (never back to the `Referer`, as leptos_axum does for failed server
/// functions). A link may also choose Logto's `first_screen`, `identifier`,
/// `direct_sign_in`, `organization_id` and a `login_hint`, each checked
/// against what the provider offers (`oidc::sign_in_options`).
#[server(prefix = "", endpoint = "sign-in", input = server_fn::codec::GetUrl)]
pub async fn sign_in(#[server(flatten)] link: SignInLink) -> Result<(), AppError> {
    ssr::start(false, link).await;
    Ok(())
}

/// `GET /sign-up`: the same, asking the provider for its registration screen first.
#[server(prefix = "", endpoint = "sign-up", input = server_fn::codec::GetUrl)]
pub async fn sign_up(#[server(flatten)] link: SignInLink) -> Result<(), AppError> {
    ssr::start(true, link).await;
    Ok(())
}

/// The providers to choose from, for the choice page.
#[server(prefix = "/api", endpoint = "sign_in_choices")]
pub async fn sign_in_choices() -> Result<Vec<ProviderChoice>, AppError> {
    let state = ssr::state()?;
    let mail = use_context::<crate::mail::MailContext>();
    let mut choices = state.providers.choices();
    for choice in &mut choices {
        choice.email_link = crate::auth::email_link::offers_links(&state, &choice.id, mail.as_ref());
    }
    Ok(choices)
}

/// `GET /callback`: the provider's answer. Checks it, exchanges the code,
/// verifies the ID token, signs the visitor in and answers 302 to where they
/// were going, without rendering a page; a failure answers 302 to
/// `/callback/failed`, which shows it with its status.
#[server(prefix = "", endpoint = "callback", input = server_fn::codec::GetUrl)]
pub async fn callback(#[server(flatten)] params: CallbackParams) -> Result<(), AppError> {
    ssr::navigate(&ssr::finish(params).await);
    Ok(())
}

/// The second half of `response_mode=form_post` (see `server::form_post`):
/// the provider's answer, re-posted same-site so the session cookie comes
/// along. Success redirects like the callback; a failure redirects to
/// `/callback/failed`, which shows it with its status.
#[server(prefix = "/api", endpoint = "complete_form_post")]
pub async fn complete_form_post(#[server(flatten)] params: CallbackParams) -> Result<(), AppError> {
    leptos_axum::redirect(&ssr::finish(params).await);
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
    crate::auth::account::current_user(&ssr::state()?, &ssr::session().await?).await
}

#[server(prefix = "/api", endpoint = "account_profile")]
pub async fn get_account_profile() -> Result<AccountProfile, AppError> {
    crate::auth::account::account_profile(&ssr::state()?, &ssr::session().await?).await
}

/// Whether this customer can delete their account from the shop (their
/// provider is Logto with a Management API app configured).
#[server(prefix = "/api", endpoint = "account_deletion_offered")]
pub async fn account_deletion_offered() -> Result<bool, AppError> {
    let signed_in = ssr::session().await?.signed_in().await?.ok_or(AppError::Unauthorized)?;
    Ok(crate::auth::delete_account::offered(
        &ssr::state()?,
        &signed_in.provider,
    ))
}

/// `POST /api/delete_account`: deletes the signed-in customer's account
/// (behind step-up: an old sign-in is sent to confirm who it is first, and
/// comes back to `/account/delete`), then answers with a redirect to
/// `/account/deleted`.
#[server(prefix = "/api", endpoint = "delete_account")]
pub async fn delete_account(understood: Option<String>) -> Result<(), AppError> {
    use crate::auth::delete_account::Deletion;
    if understood.is_none() {
        let message = crate::i18n::td_string!(crate::language::context::current(), errors.delete_not_confirmed);
        return Err(AppError::BadRequest(message.to_string()));
    }
    let (state, session) = (ssr::state()?, ssr::session().await?);
    match crate::auth::delete_account::delete_account(&state, &session, crate::language::context::current()).await? {
        Deletion::ConfirmFirst(provider) => leptos_axum::redirect(provider.as_str()),
        Deletion::Deleted => leptos_axum::redirect("/account/deleted"),
    }
    Ok(())
}
