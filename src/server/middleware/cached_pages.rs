//! Serves the catalog pages kept for visitors without a session
//! ([`crate::server::page_cache`]) before anything else runs for them (no
//! session lookup, no routing, no render, no compression), and keeps the
//! first render of each path and query. Visitors with a session cookie
//! (signed in, or with a cart) always get their own render.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::server::page_cache::{CachedPage, Encoding, MAX_PAGE_BYTES, PageCache, content_encoding};
use crate::server::session_store::{SECURE_SESSION_COOKIE, SESSION_COOKIE};
use crate::server::state::AppState;

pub async fn serve_cached_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(route) = cacheable(&request) else {
        return next.run(request).await;
    };
    // One kept page per language and path: the language is part of the key.
    let key = format!(
        "{} {}",
        crate::language::tag(crate::language::request::of_headers(request.headers())),
        request.uri().path_and_query().map(|pq| pq.as_str()).unwrap_or_default()
    );
    let encoding = Encoding::negotiate(
        request
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok()),
    );
    if let Some(page) = state.pages.get(&key) {
        state.metrics.request(route.to_string(), 200);
        return respond(&page, encoding);
    }
    let Some(claim) = state.pages.claim(&key) else {
        return next.run(request).await;
    };
    let response = next.run(request).await;
    let csp = response
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let (Some(csp), true) = (csp, keepable(response.status(), response.headers())) else {
        return response;
    };
    let (parts, body) = response.into_parts();
    let html = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(html) => html,
        Err(err) => {
            tracing::error!(error = %err, "a catalog page could not be read to keep it");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    match claim.keep(route, &csp, &html) {
        Some(page) => respond(&page, encoding),
        None => Response::from_parts(parts, Body::from(html)),
    }
}

/// The route pattern when this request may get (and fill) a kept page: a GET
/// of a catalog page, without a session cookie and without the
/// server-function error parameters of a no-JavaScript form.
fn cacheable(request: &Request) -> Option<&'static str> {
    if request.method() != Method::GET || has_session_cookie(request.headers()) {
        return None;
    }
    if request.uri().query().is_some_and(|q| q.contains("__")) {
        return None;
    }
    PageCache::route_of(request.uri().path())
}

fn has_session_cookie(headers: &HeaderMap) -> bool {
    crate::request::cookies(headers).any(|(name, _)| name == SESSION_COOKIE || name == SECURE_SESSION_COOKIE)
}

/// A full, plain HTML page that set no cookie: the same for every visitor without one.
fn keepable(status: StatusCode, headers: &HeaderMap) -> bool {
    status == StatusCode::OK
        && !headers.contains_key(header::SET_COOKIE)
        && !headers.contains_key(header::CONTENT_ENCODING)
        && headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"))
}

fn respond(page: &CachedPage, encoding: Encoding) -> Response {
    let body = match encoding {
        Encoding::Brotli => page.brotli.clone(),
        Encoding::Gzip => page.gzip.clone(),
        Encoding::Identity => page.identity.clone(),
    };
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CONTENT_SECURITY_POLICY, page.csp.clone());
    headers.insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, accept-language, cookie"),
    );
    if let Some(value) = content_encoding(encoding) {
        headers.insert(header::CONTENT_ENCODING, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str, cookie: Option<&str>) -> Request {
        let mut builder = Request::builder().uri(uri);
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn only_visitors_without_a_session_share_pages() {
        assert_eq!(cacheable(&request("/", None)), Some("/"));
        assert_eq!(cacheable(&request("/books?q=cat", Some("theme=dark"))), Some("/books"));
        assert_eq!(cacheable(&request("/", Some("a=1; bookstore.sid=xyz"))), None);
        assert_eq!(cacheable(&request("/", Some("__Host-bookstore.sid=xyz"))), None);
        assert_eq!(cacheable(&request("/books?__err=x&__path=y", None)), None);
        assert_eq!(cacheable(&request("/cart", None)), None);
        let post = Request::builder()
            .method(Method::POST)
            .uri("/")
            .body(Body::empty())
            .unwrap();
        assert_eq!(cacheable(&post), None);
    }

    #[test]
    fn pages_that_set_a_cookie_or_failed_are_not_kept() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        assert!(keepable(StatusCode::OK, &headers));
        assert!(!keepable(StatusCode::NOT_FOUND, &headers));
        headers.insert(header::SET_COOKIE, HeaderValue::from_static("bookstore.sid=1"));
        assert!(!keepable(StatusCode::OK, &headers));
    }
}
