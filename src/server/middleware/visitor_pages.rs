//! Catalog pages (`/`, `/books`, `/books/{id}`) for a visitor with a
//! session: the page kept for visitors without one, with the regions that
//! differ per visitor (the header; the home page's sign-in status) rendered
//! for this visitor on each request, from what is kept of them
//! (`auth::visitors`). No session lookup, no database, no page render; a
//! region rendered for one visitor is never served to another.
//!
//! A visitor not kept (or a page whose regions were not found) gets a full
//! render, whose header leaves what it read for the next page views.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::*;

use crate::auth::model::{ProviderChoice, Visitor};
use crate::auth::visitors::Offered;
use crate::components::site_header::HeaderFor;
use crate::i18n::Locale;
use crate::pages::home::HomeStatus;
use crate::server::middleware::kept_render::{HARMLESS_COOKIES, page_key, page_response, render_and_keep};
use crate::server::page_cache::{CachedPage, Encoding, KeptUri, Slots};
use crate::server::session_store::{SECURE_SESSION_COOKIE, SESSION_COOKIE};
use crate::server::state::AppState;

/// The name of the session cookie this server sets.
pub fn session_cookie_name(state: &AppState) -> &'static str {
    if state.settings.session.secure_cookie {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

pub async fn serve(state: &AppState, mut request: Request, kept: KeptUri, next: Next) -> Response {
    let Some(id) = session_id(request.headers(), session_cookie_name(state)) else {
        return next.run(request).await;
    };
    let visitors = &state.sessions.visitors;
    if let Some(visitor) = visitors.get(&id)
        && let Some(response) = assembled(state, request.headers(), &kept, &visitor, next.clone()).await
    {
        return response;
    }
    // A full render; its header leaves what it read of the visitor.
    let ticket = visitors.ticket();
    let offered = Offered::default();
    request.extensions_mut().insert(offered.clone());
    let response = next.run(request).await;
    if response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && let Some(visitor) = offered.take()
        // A visitor who shows as nobody gains nothing from being kept (and
        // made-up session ids must not fill the store).
        && (visitor.user.is_some() || visitor.cart_count > 0)
    {
        visitors.fill(&id, visitor, ticket);
    }
    response
}

/// The kept page with this visitor's regions; `None` when it cannot be
/// assembled (the page is being rendered by another request, or its
/// regions were not found).
async fn assembled(
    state: &AppState,
    headers: &HeaderMap,
    kept: &KeptUri,
    visitor: &Visitor,
    next: Next,
) -> Option<Response> {
    let key = page_key(headers, kept);
    let page = match state.pages.get(&key) {
        Some(page) => page,
        None => {
            let claim = state.pages.claim(&key)?;
            render_and_keep(for_everyone(headers, kept), kept, claim, next)
                .await
                .ok()?
        }
    };
    assemble(state, headers, kept, visitor, &page)
}

/// `page` with this visitor's regions, when its slots can be (or were)
/// found: synchronous, no database, no session.
pub fn assemble(
    state: &AppState,
    headers: &HeaderMap,
    kept: &KeptUri,
    visitor: &Visitor,
    page: &CachedPage,
) -> Option<Response> {
    let locale = crate::language::request::of_headers(headers);
    let choices = state.auth.providers.choices();
    let home = kept.route == "/";
    let slots = page.slots.get_or_init(|| {
        let nobody = regions(locale, &Visitor::default(), &kept.canonical, &choices, home);
        let found = Slots::find(&page.identity, &nobody);
        if found.is_none() {
            tracing::warn!(
                route = kept.route,
                "the visitor's regions were not found in a kept page; its visitors get full renders"
            );
        }
        found
    });
    let slots = slots.as_ref()?;
    let parts = regions(locale, visitor, &kept.canonical, &choices, home);
    // Browsers ask for brotli: the kept parts are compressed already.
    let accepts = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok());
    let brotli = Encoding::negotiate(accepts) == Encoding::Brotli;
    let (body, encoding) = match brotli.then(|| slots.splice_brotli(&parts)).flatten() {
        Some(body) => (body, Some(HeaderValue::from_static("br"))),
        None => (slots.splice(&page.identity, &parts), None),
    };
    state.metrics.request(kept.route.to_string(), 200);
    Some(page_response(body, &page.csp, encoding))
}

/// The regions of a catalog page that differ per visitor, rendered for
/// `visitor`: the header, and on the home page the sign-in status.
pub fn regions(locale: Locale, visitor: &Visitor, here: &str, choices: &[ProviderChoice], home: bool) -> Vec<String> {
    // Islands with children need a render context, as in a page: one that
    // serializes nothing outside islands.
    let context = std::sync::Arc::new(hydration_context::SsrSharedContext::new_islands());
    Owner::new_root(Some(context)).with(|| {
        provide_context(locale);
        let header =
            view! { <HeaderFor visitor=Some(visitor.clone()) here=here.to_string() choices=choices.to_vec()/> };
        let mut regions = vec![header.to_html()];
        if home {
            regions.push(view! { <HomeStatus user=Ok(visitor.user.clone())/> }.to_html());
        }
        regions
    })
}

/// The same request from a visitor without a session (the language cookie
/// kept): what the kept page is rendered from.
fn for_everyone(original: &HeaderMap, kept: &KeptUri) -> Request {
    let mut everyone = Request::new(Body::empty());
    *everyone.uri_mut() = kept.uri.clone();
    let headers = everyone.headers_mut();
    for (name, value) in original {
        if name != header::COOKIE {
            headers.append(name, value.clone());
        }
    }
    let harmless: Vec<String> = crate::request::cookies(original)
        .filter(|(name, _)| HARMLESS_COOKIES.contains(name))
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    if let Ok(value) = HeaderValue::from_str(&harmless.join("; "))
        && !harmless.is_empty()
    {
        headers.insert(header::COOKIE, value);
    }
    everyone
}

/// The session id the request carries: the value of its one session cookie.
pub fn session_id(headers: &HeaderMap, name: &str) -> Option<String> {
    let mut ids = crate::request::cookies(headers).filter(|(cookie, _)| *cookie == name);
    let (_, id) = ids.next()?;
    (ids.next().is_none() && !id.is_empty()).then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_session_cookie_or_none() {
        let headers = |value: &'static str| {
            let mut map = axum::http::HeaderMap::new();
            map.insert(header::COOKIE, HeaderValue::from_static(value));
            map
        };
        assert_eq!(
            session_id(&headers("lang=ja; bookstore.sid=abc"), "bookstore.sid").as_deref(),
            Some("abc")
        );
        assert_eq!(
            session_id(&headers("bookstore.sid=a; bookstore.sid=b"), "bookstore.sid"),
            None
        );
        assert_eq!(session_id(&headers("lang=ja"), "bookstore.sid"), None);
        assert_eq!(session_id(&headers("bookstore.sid="), "bookstore.sid"), None);
    }
}
