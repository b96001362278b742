//! Same-origin checks on everything that changes state. `SameSite=Lax`
//! keeps other sites' forms out, but not a sibling on the same site (another
//! subdomain or port of the same registrable domain). So every request that
//! is not a safe method (GET, HEAD, OPTIONS) must come from the app's own
//! public origin, by its `Origin` header or, without one, `Sec-Fetch-Site`
//! or the `Referer`'s origin. The provider-facing endpoints are exempt, as
//! their protocols need: the form_post answer to `/callback` and
//! `POST /backchannel-logout` and `POST /webhooks/logto` come from the provider.
//!
//! A request with none of those headers is not a browser's cross-site
//! request (browsers send `Origin` on every cross-origin POST), so it passes:
//! scripts and server-to-server callers keep working.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::server::state::AppState;

/// Paths the identity provider posts to.
const PROVIDER_FACING: [&str; 3] = ["/callback", "/backchannel-logout", "/webhooks/logto"];

/// Whether `headers` show a request from `origin` (or no browser context at
/// all). A header that is there but not visible ASCII is refused, never read
/// as absent.
pub fn same_origin(headers: &HeaderMap, origin: &str) -> bool {
    let text = |name: &str| headers.get(name).map(|v| v.to_str().ok());
    if let Some(from) = text(header::ORIGIN.as_str()) {
        return from == Some(origin);
    }
    if let Some(site) = text("sec-fetch-site") {
        return matches!(site, Some("same-origin" | "none"));
    }
    if let Some(referer) = text(header::REFERER.as_str()) {
        return referer
            .and_then(|r| url::Url::parse(r).ok())
            .is_some_and(|r| r.origin().ascii_serialization() == origin);
    }
    true
}

pub async fn require_same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let exempt = PROVIDER_FACING.contains(&request.uri().path());
    let origin = state.settings.public_url.origin().ascii_serialization();
    if safe || exempt || same_origin(request.headers(), &origin) {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), "cross-origin state change refused");
    // Said in the visitor's language (`errors.cross_origin`).
    let locale = crate::language::request::of_headers(request.headers());
    let refused = crate::i18n::td_string!(locale, errors.cross_origin);
    (StatusCode::FORBIDDEN, refused).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = "https://books.example.com";

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn only_the_apps_own_origin_may_change_state() {
        assert!(same_origin(&headers(&[("origin", APP)]), APP));
        assert!(same_origin(&headers(&[]), APP), "no browser context: a script");
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")]), APP));
        assert!(same_origin(
            &headers(&[("referer", "https://books.example.com/cart")]),
            APP
        ));
        for refused in [
            headers(&[("origin", "https://evil.example")]),
            headers(&[("origin", "https://shop.books.example.com")]),
            headers(&[("origin", "https://books.example.com:8443")]),
            headers(&[("origin", "null")]),
            HeaderMap::from_iter([(
                header::ORIGIN,
                axum::http::HeaderValue::from_bytes(b"https://books.example.com\xff").unwrap(),
            )]),
            HeaderMap::from_iter([(
                header::REFERER,
                axum::http::HeaderValue::from_bytes(b"https://books.example.com/\xe9").unwrap(),
            )]),
            headers(&[("sec-fetch-site", "same-site")]),
            headers(&[("sec-fetch-site", "cross-site")]),
            headers(&[("referer", "https://sibling.example.com/")]),
            // Origin decides even when Sec-Fetch-Site says otherwise.
            headers(&[("origin", "https://evil.example"), ("sec-fetch-site", "same-origin")]),
        ] {
            assert!(!same_origin(&refused, APP), "{refused:?}");
        }
    }
}
