//! The sign-in attempt cookies ([`crate::auth::attempts`]) of the request a
//! server function serves: read from its `Cookie` header, written as
//! `Set-Cookie` on its response.

use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use leptos::prelude::use_context;

use crate::auth::attempts::{Attempts, is_attempt_cookie};
use crate::auth::session::PendingSignIn;
use crate::error::AppError;

fn present() -> Vec<(String, String)> {
    let Some(parts) = use_context::<axum::http::request::Parts>() else {
        return Vec::new();
    };
    crate::request::cookies(&parts.headers)
        .filter(|(name, _)| is_attempt_cookie(name))
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

fn send(set_cookie: String) -> Result<(), AppError> {
    let response = use_context::<leptos_axum::ResponseOptions>().ok_or_else(|| {
        tracing::error!("no response to set a sign-in cookie on: not serving a request?");
        AppError::Internal
    })?;
    let value = HeaderValue::from_str(&set_cookie).map_err(|_| AppError::Internal)?;
    response.append_header(SET_COOKIE, value);
    Ok(())
}

/// Keeps the attempt for `state` in the browser.
pub fn remember(attempts: &Attempts, state: &str, pending: &PendingSignIn) -> Result<(), AppError> {
    let now = chrono::Utc::now().timestamp();
    for set_cookie in attempts.remember(state, pending, &present(), now) {
        send(set_cookie)?;
    }
    Ok(())
}

/// Takes the attempt for `state` out of the browser (it works once).
pub fn take(attempts: &Attempts, state: &str) -> Result<Option<PendingSignIn>, AppError> {
    let (pending, gone) = attempts.take(state, &present(), chrono::Utc::now().timestamp());
    if let Some(set_cookie) = gone {
        send(set_cookie)?;
    }
    Ok(pending)
}
