//! `GET /sign-in`, `/sign-up` and `/callback` are server functions a browser
//! navigates to. They redirect on their own, success or failure; only a
//! query string that does not decode fails before them, and for a failed
//! server function leptos_axum redirects a browser back to its `Referer`
//! (at the callback: the identity provider) or to `/`, the error lost. Such
//! a failure is sent to the sign-in failure page instead, like every other.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const PATHS: [&str; 4] = ["/sign-in", "/sign-up", "/callback", "/sign-in/link"];

/// The failure page for an answer that could not be read (its words: "This
/// sign-in link is not valid", 400).
const MALFORMED: &str = "/callback/failed?reason=malformed";

pub async fn failures_to_the_failure_page(request: Request, next: Next) -> Response {
    let navigation = request.method() == Method::GET && PATHS.contains(&request.uri().path());
    let response = next.run(request).await;
    // leptos_axum marks a failed server function's answer with this header.
    if navigation && response.headers().contains_key("serverfnerror") {
        tracing::warn!("a sign-in endpoint's query could not be read");
        return (
            StatusCode::FOUND,
            [(header::LOCATION, HeaderValue::from_static(MALFORMED))],
        )
            .into_response();
    }
    response
}
