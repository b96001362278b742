//! `GET /sign-in`, `/sign-up` and `/callback` are server functions a browser
//! navigates to. They redirect on their own, success or failure; only a
//! query string that does not decode fails before them, and for a failed
//! server function leptos_axum redirects a browser to its `Referer`, which
//! at the callback is the identity provider. Without the header that
//! failure answers here, with its 400 status and message.

use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;

pub const PATHS: [&str; 3] = ["/sign-in", "/sign-up", "/callback"];

pub async fn no_referer_bounce(mut request: Request, next: Next) -> Response {
    if request.method() == Method::GET && PATHS.contains(&request.uri().path()) {
        request.headers_mut().remove(header::REFERER);
    }
    next.run(request).await
}
