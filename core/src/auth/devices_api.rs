//! The server functions of "Your devices" (`/account/devices`); the steps
//! are in [`crate::auth::devices`], what they answer with in `auth::model`.

use crate::auth::model::DevicesView;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn context() -> Result<crate::auth::state::AuthState, AppError> {
    crate::request::context()
}

/// To the provider to confirm first; otherwise back to the page (a form
/// without JavaScript returns to it by itself, a hydrated page reads again).
#[cfg(feature = "ssr")]
fn answer(next: crate::auth::devices::Next) {
    if let crate::auth::devices::Next::ConfirmFirst(url) = next {
        leptos_axum::redirect(url.as_str());
    }
}

#[server(prefix = "/api", endpoint = "devices")]
pub async fn get_devices() -> Result<DevicesView, AppError> {
    let session = crate::auth::session::AuthSession::from_request().await?;
    crate::auth::devices::view(&context()?, &session, crate::language::context::current()).await
}

/// "Send me a code" (after confirming who you are, when the sign-in is old).
#[server(prefix = "/api", endpoint = "devices_send_code")]
pub async fn send_devices_code() -> Result<(), AppError> {
    let session = crate::auth::session::AuthSession::from_request().await?;
    let next = crate::auth::devices::send_code(&context()?, &session, crate::language::context::current()).await?;
    answer(next);
    Ok(())
}

/// The code from the e-mail.
#[server(prefix = "/api", endpoint = "devices_check_code")]
pub async fn check_devices_code(code: String) -> Result<(), AppError> {
    let session = crate::auth::session::AuthSession::from_request().await?;
    crate::auth::devices::check_code(&context()?, &session, &code, crate::language::context::current()).await
}

/// "Sign out this device".
#[server(prefix = "/api", endpoint = "devices_sign_out")]
pub async fn sign_out_device(uid: String) -> Result<(), AppError> {
    let session = crate::auth::session::AuthSession::from_request().await?;
    let locale = crate::language::context::current();
    let next = crate::auth::devices::sign_out_device(&context()?, &session, &uid, locale).await?;
    answer(next);
    Ok(())
}
