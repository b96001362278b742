//! What a server function reads from the request it serves: the slices of
//! app state the composition root provides as Leptos context (`AuthState`,
//! the database pool, …), its cookies, and how a navigation endpoint
//! answers. Shared by every feature's `api.rs` and the middleware.

use crate::error::AppError;

pub mod shared_page;

/// The context value of type `T`, or 500 (and a log line) when the router
/// did not provide it.
pub fn context<T: Clone + Send + Sync + 'static>() -> Result<T, AppError> {
    leptos::prelude::use_context::<T>().ok_or_else(|| {
        tracing::error!(
            missing = std::any::type_name::<T>(),
            "state missing from the server function context"
        );
        AppError::Internal
    })
}

/// The `name=value` pairs of a request's `Cookie` headers.
pub fn cookies(headers: &axum::http::HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, value)| (name.trim(), value.trim()))
}

/// Answers `status` (302, 303) with `Location: target`, whatever the client
/// says it accepts: leptos_axum's `redirect` alone redirects only requests
/// that accept HTML, and these endpoints are navigations.
pub fn navigate(target: &str, status: axum::http::StatusCode) {
    leptos_axum::redirect(target);
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}
