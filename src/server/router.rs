//! The routes: Leptos pages and server functions (with the feature state
//! they read as context), the endpoints outside Leptos, static files, and the
//! layers every request passes through.

use axum::Router;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};

use crate::app::{App, shell};
use crate::server::endpoints::{assets, backchannel, form_post, health, metrics, rest_v1};
use crate::server::middleware::{
    cached_pages, csp, error_links, navigation_endpoints, panics, request_metrics, same_origin, security_headers,
    server_fn_status,
};
use crate::server::session_store::Sessions;
use crate::server::state::AppState;
use crate::server::telemetry;

/// The routes: Leptos pages and server functions, static files, sessions, headers.
pub fn router(state: AppState, sessions: Sessions) -> Router {
    let routes = route_list();
    let leptos_options = state.leptos_options.clone();
    let pkg = format!("/{}", leptos_options.site_pkg_dir);
    let assets = assets::router(&leptos_options.site_root, &leptos_options.site_pkg_dir);
    // Pages (the not-found page too) and server functions get the feature
    // slices as context (never `AppState` itself), and every rendered page
    // its CSP header.
    let request_context = {
        let state = state.clone();
        // Made once, shared by every request.
        let keep_language =
            crate::language::keep::CustomerLanguage(std::sync::Arc::new(crate::auth::language_choice::KeepOnAccount));
        move || provide_request_context(&state, keep_language.clone())
    };
    Router::new()
        .leptos_routes_with_context(&state, routes, request_context.clone(), move || {
            shell(leptos_options.clone())
        })
        // responseMode=form_post: the provider posts its answer here.
        .route("/callback", axum::routing::post(form_post::relay))
        .merge(rest_v1::router())
        .route("/backchannel-logout", axum::routing::post(backchannel::logout))
        .route(
            "/webhooks/logto",
            axum::routing::post(crate::server::endpoints::logto_webhook::receive),
        )
        .route("/metrics", axum::routing::get(metrics::serve))
        .route("/healthz", axum::routing::get(health::healthz))
        .route("/readyz", axum::routing::get(health::readyz))
        .nest_service(&pkg, assets)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            request_context,
            shell,
        ))
        // Route layers: server-function errors get their real status, then the
        // request is counted under its route pattern (with that status).
        .route_layer(axum::middleware::from_fn(server_fn_status::server_fn_error_status))
        .route_layer(axum::middleware::from_fn(
            navigation_endpoints::failures_to_the_failure_page,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            request_metrics::count_requests,
        ))
        // State changes only from the app's own pages, refused before anything acts on them.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            same_origin::require_same_origin,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error_links::sign_error_links,
        ))
        .layer(sessions.layer(&state.settings.session))
        // Catalog pages for visitors without a session come from here, before
        // the session is looked at (they have none) or anything renders.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cached_pages::serve_cached_pages,
        ))
        // A panic while handling or rendering becomes a 500 page (with the
        // headers below) instead of a dropped connection.
        .layer(panics::layer())
        .layer(axum::middleware::from_fn(security_headers::security_headers))
        // Slow clients (a body trickling in) and stuck handlers end with 408.
        // Headers are bounded by hyper's own read timeout (30 s).
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            state.settings.request_timeout,
        ))
        // Pages and JSON compressed on the fly at a quality that costs little
        // CPU (brotli 4, gzip 4; tower-http's default brotli is 11); assets
        // and kept pages are compressed once, at build or when kept.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::compression::CompressionLevel::Precise(4)),
        )
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(telemetry::request_span))
        // Outermost: every request gets an id (or keeps the proxy's), echoed in the response.
        .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(
            tower_http::request_id::MakeRequestUuid,
        ))
        // Before the id is kept: a client's id must be short and plain.
        .layer(axum::middleware::from_fn(telemetry::bound_request_id))
        .with_state(state)
}

/// The app's routes, generated once per process. Leptos raises a
/// process-wide "suppress resource loading" flag while it generates them; a
/// page whose resource first polls meanwhile never finishes rendering
/// (leptos-rs/leptos#4773). One generation, before any router serves, rules
/// that out wherever several routers share a process (the integration tests
/// build one per test).
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn provide_request_context(state: &AppState, keep_language: crate::language::keep::CustomerLanguage) {
    provide_context(state.auth.clone());
    provide_context(state.db.clone());
    provide_context(state.catalog.clone());
    provide_context(state.derived.clone());
    provide_context(state.sessions.visitors.clone());
    if let Some(mail) = &state.mail {
        provide_context(mail.clone());
    }
    provide_context(keep_language);
    provide_context(crate::language::request::CookieSecurity {
        secure: state.settings.session.secure_cookie,
    });
    csp::apply(state);
}
