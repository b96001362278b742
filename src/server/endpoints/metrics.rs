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
/// A count that is expensive to make (the sessions table), made at most once
/// per [`COUNT_EVERY`] however often `/metrics` is scraped.
#[derive(Default)]
pub struct CountCache {
    last: tokio::sync::Mutex<Option<(std::time::Instant, Option<i64>)>>,
}

pub const COUNT_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

impl CountCache {
    pub async fn get<F, Fut>(&self, count: F) -> Option<i64>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Option<i64>>,
    {
        let mut last = self.last.lock().await;
        if let Some((at, value)) = *last
            && at.elapsed() < COUNT_EVERY
        {
            return value;
        }
        let value = count().await;
        *last = Some((std::time::Instant::now(), value));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn sessions_are_counted_at_most_once_a_minute() {
        let cache = CountCache::default();
        let counted = AtomicU32::new(0);
        for _ in 0..5 {
            let value = cache
                .get(|| async {
                    counted.fetch_add(1, Ordering::SeqCst);
                    Some(7)
                })
                .await;
            assert_eq!(value, Some(7));
        }
        assert_eq!(counted.load(Ordering::SeqCst), 1);
    }
}
