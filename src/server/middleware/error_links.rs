//! Leptos' no-JavaScript error round trip, made unforgeable. When a server
//! function called by a plain form fails, leptos_axum redirects back with the
//! serialized error in the URL (`?__path=…&__err=…`), and the page shows it.
//! Anyone could craft such a link and put their words on the shop's pages.
//! So the redirect gets a signature over the error (`__sig`, HMAC-SHA-256
//! with a key made at start-up), and a page request whose `__err` is not
//! signed has the three parameters removed before Leptos sees them. (With
//! several instances, an error redirected by one and rendered by another is
//! dropped: the form is simply shown again.) The key and the checks are in
//! [`crate::server::error_link_key`].

use crate::server::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Uri, header};
use axum::middleware::Next;
use axum::response::Response;

pub async fn sign_error_links(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    // Incoming: an unsigned error never reaches the page.
    if let Some(query) = request.uri().query()
        && let Some(kept) = state.error_links.checked_query(query)
    {
        let path = request.uri().path();
        let rebuilt = if kept.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{kept}")
        };
        if let Ok(uri) = rebuilt.parse::<Uri>() {
            tracing::warn!("an unsigned server-function error in a link was dropped");
            *request.uri_mut() = uri;
        }
    }
    // Outgoing: sign the error a server function redirects back with.
    let mut response = next.run(request).await;
    let signed = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .filter(|location| location.contains("__err="))
        .and_then(|location| state.error_links.sign_location(location));
    if let Some(value) = signed.and_then(|s| HeaderValue::from_str(&s).ok()) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}
