//! Counts every request by its route pattern and status for `/metrics`.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::server::state::AppState;

/// Counts every request by its route pattern (not its path: ids and queries
/// would make the label set unbounded).
pub async fn count_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "other".to_string());
    let response = next.run(request).await;
    state.metrics.request(route, response.status().as_u16());
    response
}
