//! What the catalog-page middlewares share: the key of a kept page, and the
//! render that fills it (kept only when it says it is the same for everyone).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::request::shared_page::SharedPage;
use crate::server::page_cache::{CachedPage, KeptUri, MAX_PAGE_BYTES, RenderClaim};

/// Cookies that do not change a catalog page beyond its key: the language
/// choice (part of the key). Any other cookie may be a session.
pub const HARMLESS_COOKIES: [&str; 1] = [crate::language::COOKIE];

/// A catalog page's response: its body (in `encoding`, when compressed) with
/// the kept page's policy, and what it varies by.
pub fn page_response(body: impl Into<Body>, csp: &HeaderValue, encoding: Option<HeaderValue>) -> Response {
    let mut response = Response::new(body.into());
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
    headers.insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, accept-language, cookie"),
    );
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, encoding);
    }
    response
}

/// One kept page per language and key.
pub fn page_key(headers: &HeaderMap, kept: &KeptUri) -> String {
    format!(
        "{} {}",
        crate::language::tag(crate::language::request::of_headers(headers)),
        kept.canonical
    )
}

/// Renders `request` (a visitor without a session, at the kept URI) and
/// keeps the page when the render says it is the same for everyone; else
/// the render's own response.
pub async fn render_and_keep(
    mut request: Request,
    kept: &KeptUri,
    claim: RenderClaim<'_>,
    next: Next,
) -> Result<std::sync::Arc<CachedPage>, Response> {
    let verdict = SharedPage::default();
    request.extensions_mut().insert(verdict.clone());
    let response = next.run(request).await;
    let csp = response
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let (Some(csp), true) = (
        csp,
        verdict.is_for_everyone() && keepable(response.status(), response.headers()),
    ) else {
        return Err(response);
    };
    let (parts, body) = response.into_parts();
    let html = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(html) => html,
        Err(err) => {
            tracing::error!(error = %err, "a catalog page could not be read to keep it");
            return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
    };
    claim
        .keep(kept.route, &csp, &html)
        .ok_or_else(|| Response::from_parts(parts, Body::from(html)))
}

/// A full, plain HTML page that set no cookie.
fn keepable(status: StatusCode, headers: &HeaderMap) -> bool {
    status == StatusCode::OK
        && !headers.contains_key(header::SET_COOKIE)
        && !headers.contains_key(header::CONTENT_ENCODING)
        && headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
