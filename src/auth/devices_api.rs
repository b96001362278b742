//! The server functions of "Your devices" (`/account/devices`) and what
//! they answer with; the steps are in [`crate::auth::devices`].

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Where the customer is on the devices page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DevicesView {
    /// Their provider is not a Logto tenant offering it.
    NotOffered,
    /// The account has no e-mail address to send a code to.
    NoEmail,
    /// "Send me a code" to this (masked) address.
    Start {
        email: String,
    },
    /// "Type the code we sent" to this address.
    CodeSent {
        email: String,
    },
    Devices(Vec<Device>),
}

/// A browser signed in to the customer's account at the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// The provider's session id (what "sign out" names).
    pub uid: String,
    /// "Chrome · Linux", when the provider kept the browser's name.
    pub name: Option<String>,
    pub location: Option<String>,
    pub ip: Option<String>,
    /// When it signed in (Unix seconds).
    pub signed_in_at: i64,
    /// The browser the customer is using now.
    pub current: bool,
    /// Signed in to this shop (not only to another app of the tenant).
    pub here: bool,
}

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
