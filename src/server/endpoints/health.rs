//! Health endpoints for load balancers and orchestrators: `/healthz` says the
//! process answers; `/readyz` says it can serve sign-ins and orders (the
//! database answers and every provider's metadata is loaded), with 503 and
//! the reason otherwise.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::server::state::AppState;

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(state): State<AppState>) -> Response {
    let database = crate::db::ping(&state.db).await;
    let mut providers = Map::new();
    for provider in state.auth.providers.all() {
        // A provider not loaded yet gets one attempt now (it may have just come
        // back), unless one failed moments ago: probes cannot hammer it.
        let loaded = provider.oidc.ready().await;
        providers.insert(
            provider.settings.id.clone(),
            Value::from(if loaded { "loaded" } else { "unavailable" }),
        );
    }
    let ready = database && providers.values().all(|v| v == "loaded");
    let body = json!({
        "status": if ready { "ready" } else { "not ready" },
        "database": if database { "ok" } else { "unavailable" },
        "providers": providers,
    });
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}
