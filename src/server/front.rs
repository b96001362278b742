//! The front door: catalog pages already in memory are answered here, before
//! the router and its layers run (axum's `from_fn` layers clone the service
//! stack below them on every request, which a page from memory does not
//! need). A kept page for a visitor without a session, or one assembled for
//! a kept visitor whose page and slots are ready; everything else (and the
//! first request that fills them) goes to the router. Responses get what the
//! outer layers would have added: the security headers and a request id.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::Router;
use axum::http::{HeaderMap, HeaderName, Method, Request, Uri, header};
use axum::response::Response;
use tower::Service;
use tower_http::request_id::{MakeRequestId, MakeRequestUuid};

use crate::server::middleware::cached_pages::{respond, without_session};
use crate::server::middleware::kept_render::page_key;
use crate::server::middleware::security_headers::add_security_headers;
use crate::server::middleware::visitor_pages::{assemble, session_cookie_name, session_id};
use crate::server::page_cache::{Encoding, KeptUri};
use crate::server::state::AppState;
use crate::server::telemetry::acceptable_request_id;

/// The router, behind the front door.
#[derive(Clone)]
pub struct Front {
    router: Router,
    state: AppState,
    /// The connection's peer, given to the router's requests as
    /// `ConnectInfo` (the client a rate limit counts).
    peer: Option<std::net::SocketAddr>,
}

impl Front {
    pub fn new(router: Router, state: AppState) -> Self {
        Front {
            router,
            state,
            peer: None,
        }
    }

    /// This front door for one connection from `peer`.
    pub fn for_peer(&self, peer: std::net::SocketAddr) -> Self {
        Front {
            peer: Some(peer),
            ..self.clone()
        }
    }
}

impl<B> Service<Request<B>> for Front
where
    Router: Service<Request<B>, Response = Response, Error = Infallible>,
    <Router as Service<Request<B>>>::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Service::<Request<B>>::poll_ready(&mut self.router, cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        match from_memory(&self.state, request.method(), request.uri(), request.headers()) {
            Some(mut response) => {
                finish(&request, response.headers_mut());
                Box::pin(std::future::ready(Ok(response)))
            }
            None => {
                if let Some(peer) = self.peer {
                    request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
                }
                Box::pin(self.router.call(request))
            }
        }
    }
}

/// The page from memory, if it is there and complete.
fn from_memory(state: &AppState, method: &Method, uri: &Uri, headers: &HeaderMap) -> Option<Response> {
    if let Some(kept) = without_session(method, uri, headers) {
        let page = state.pages.get(&page_key(headers, &kept))?;
        state.metrics.request(kept.route.to_string(), 200);
        return Some(respond(&page, Encoding::negotiate(accepted(headers))));
    }
    if method != Method::GET {
        return None;
    }
    let kept = KeptUri::of(uri)?;
    let id = session_id(headers, session_cookie_name(state))?;
    let visitor = state.sessions.visitors.get(&id)?;
    let page = state.pages.get(&page_key(headers, &kept))?;
    // The slots are found by the first assembly, in the router.
    page.slots.get()?.as_ref()?;
    assemble(state, headers, &kept, &visitor, &page)
}

fn accepted(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok())
}

/// What the router's outer layers add: the security headers, and the
/// request's id (the client's, when short and plain, else a new one).
fn finish<B>(request: &Request<B>, headers: &mut HeaderMap) {
    add_security_headers(headers);
    let request_id = HeaderName::from_static("x-request-id");
    let id = match request.headers().get(&request_id) {
        Some(id) if acceptable_request_id(id.as_bytes()) => Some(id.clone()),
        _ => MakeRequestUuid
            .make_request_id(request)
            .map(|id| id.into_header_value()),
    };
    if let Some(id) = id {
        headers.insert(request_id, id);
    }
}
