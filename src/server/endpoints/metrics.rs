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

/// `GET /metrics`.
pub async fn serve(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(expected) = &state.settings.metrics_token {
        // Compared in constant time: the comparison must not tell how much of a guess was right.
        let given = bearer_token(&headers).unwrap_or_default();
        if !bool::from(given.as_bytes().ct_eq(expected.expose_secret().as_bytes())) {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")],
            )
                .into_response();
        }
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
        sessions: state.sessions.count().await,
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
