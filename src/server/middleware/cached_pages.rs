//! Serves the catalog pages kept for visitors without a session
//! ([`crate::server::page_cache`]) before anything else runs for them (no
//! session lookup, no routing, no render, no compression), and keeps a
//! render only when it says it is the same for everyone.
//!
//! Two checks, and only the second is trusted:
//! - on the request, a fast guess that errs towards "has a session": any
//!   cookie but the harmless ones, any `Cookie` header that is not plain
//!   visible ASCII, sends the visitor to their own render;
//! - on the response, the render's own verdict ([`SharedPage`]): a render
//!   that read a session (the user, the cart) or could only show a degraded
//!   page marks it, and a page that sets a cookie or is not a plain 200 HTML
//!   page is never kept either. So a spelling of the session cookie the
//!   guess did not foresee costs a render, never a customer's page served
//!   to strangers.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::server::middleware::kept_render::{HARMLESS_COOKIES, page_key, page_response, render_and_keep};
use crate::server::page_cache::{CachedPage, Encoding, KeptUri, content_encoding};
use crate::server::state::AppState;

pub async fn serve_cached_pages(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(kept) = cacheable(&request) else {
        // A visitor with a session: their own header in a kept page.
        if request.method() == Method::GET
            && let Some(kept) = KeptUri::of(request.uri())
        {
            return super::visitor_pages::serve(&state, request, kept, next).await;
        }
        return next.run(request).await;
    };
    let key = page_key(request.headers(), &kept);
    let encoding = Encoding::negotiate(
        request
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok()),
    );
    if let Some(page) = state.pages.get(&key) {
        state.metrics.request(kept.route.to_string(), 200);
        return respond(&page, encoding);
    }
    // The render reads only what the key says, so whatever it echoes (the
    // search, a `return_to`) is what every visitor sharing the key asked for.
    *request.uri_mut() = kept.uri.clone();
    let Some(claim) = state.pages.claim(&key) else {
        return next.run(request).await;
    };
    match render_and_keep(request, &kept, claim, next).await {
        Ok(page) => respond(&page, encoding),
        Err(response) => response,
    }
}

/// The key when this request may get (and fill) a kept page: a GET of a
/// catalog page by a visitor who, as far as the request shows, has no session.
fn cacheable(request: &Request) -> Option<KeptUri> {
    without_session(request.method(), request.uri(), request.headers())
}

/// The key of a GET of a catalog page by a visitor without a session.
pub fn without_session(method: &Method, uri: &axum::http::Uri, headers: &HeaderMap) -> Option<KeptUri> {
    if method != Method::GET || may_have_session(headers) {
        return None;
    }
    KeptUri::of(uri)
}

/// Whether the request may carry a session, erring towards yes: a cookie
/// header that cannot be read as visible ASCII, a piece that is not
/// `name=value`, or any name but the harmless ones (a session cookie by
/// another spelling: percent-encoded, quoted, in a second header…).
fn may_have_session(headers: &HeaderMap) -> bool {
    headers.get_all(header::COOKIE).iter().any(|value| {
        let Ok(value) = value.to_str() else {
            return true;
        };
        value
            .split(';')
            .map(str::trim)
            .filter(|piece| !piece.is_empty())
            .any(|piece| match piece.split_once('=') {
                Some((name, _)) => !HARMLESS_COOKIES.contains(&name.trim()),
                None => true,
            })
    })
}

pub fn respond(page: &CachedPage, encoding: Encoding) -> Response {
    let body = match encoding {
        Encoding::Brotli => page.brotli.clone(),
        Encoding::Gzip => page.gzip.clone(),
        Encoding::Identity => page.identity.clone(),
    };
    page_response(body, &page.csp, content_encoding(encoding))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::HeaderValue;

    fn request(uri: &str, cookies: &[&[u8]]) -> Request {
        let mut builder = Request::builder().uri(uri);
        for cookie in cookies {
            builder = builder.header(header::COOKIE, HeaderValue::from_bytes(cookie).unwrap());
        }
        builder.body(Body::empty()).unwrap()
    }

    fn route(uri: &str, cookies: &[&[u8]]) -> Option<&'static str> {
        cacheable(&request(uri, cookies)).map(|kept| kept.route)
    }

    #[test]
    fn only_visitors_without_a_session_share_pages() {
        assert_eq!(route("/", &[]), Some("/"));
        assert_eq!(route("/books?q=cat", &[b"lang=ja"]), Some("/books"));
        assert_eq!(route("/books?__err=x&__path=y", &[]), None);
        assert_eq!(route("/cart", &[]), None);
        let post = Request::builder()
            .method(Method::POST)
            .uri("/")
            .body(Body::empty())
            .unwrap();
        assert!(cacheable(&post).is_none());
    }

    #[test]
    fn any_cookie_the_cache_cannot_vouch_for_counts_as_a_session() {
        for cookies in [
            &[b"a=1; bookstore.sid=xyz".as_slice()][..],
            &[b"__Host-bookstore.sid=xyz"],
            &[b"bookstore%2Esid=xyz"],
            &[b"bookstore.sid=\"xyz\""],
            &[b"theme=dark"],
            &[b"lang=en; pref=caf\xc3\xa9"],
            &[b"lang=en", b"bookstore.sid=xyz"],
            &[b"lang"],
        ] {
            assert_eq!(route("/", cookies), None, "{cookies:?}");
        }
        assert_eq!(route("/", &[b"lang=ja; "]), Some("/"));
    }
}
