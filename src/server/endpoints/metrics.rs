//! `GET /metrics`: the OpenMetrics exposition of [`crate::metrics::Metrics`]
//! and the values read at scrape time. With `BOOKSTORE_METRICS_TOKEN` set, it
//! needs `Authorization: Bearer <token>`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use secrecy::ExposeSecret;
use subtle::ConstantTimeEq;

use crate::metrics::ScrapeValues;
use crate::server::endpoints::bearer_header::bearer_token;
use crate::server::state::AppState;

/// `GET /metrics`: closed (404) unless `BOOKSTORE_METRICS_TOKEN` is set,
/// then only with that bearer token.
pub async fn serve(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(expected) = &state.settings.metrics_token else {
        return (
            StatusCode::NOT_FOUND,
            "Metrics are off: set BOOKSTORE_METRICS_TOKEN to scrape them with that bearer token.",
        )
            .into_response();
    };
    // Compared in constant time: the comparison must not tell how much of a guess was right.
    let given = bearer_token(&headers).unwrap_or_default();
    if !bool::from(given.as_bytes().ct_eq(expected.expose_secret().as_bytes())) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")],
        )
            .into_response();
    }
    let scrape = ScrapeValues {
        token_refreshes: state.auth.flights.started(),
        provider_fetches: state
            .auth
            .providers
            .all()
            .iter()
            .map(|p| (p.settings.id.clone(), p.oidc.fetch_count()))
            .collect(),
        sessions: state.session_count.get(|| state.sessions.count()).await,
        mail: match &state.mail {
            Some(_) => crate::mail::outbox::counts(&state.db).await.ok(),
            None => None,
        },
    };
    let body = state.metrics.render(scrape);
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        body,
    )
        .into_response()
}
