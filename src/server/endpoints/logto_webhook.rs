//! `POST /webhooks/logto`: Logto's webhooks keep the shop in step with the
//! tenant. The body must be signed by a configured Logto provider's signing
//! key (401 otherwise), at most 64 KB (413), fresh (400); a delivery already
//! acted on is acknowledged again and not repeated. Deleted and suspended
//! users' sessions end on every instance, and the shop is told
//! (`auth::events`); roles and memberships mark sessions to read theirs
//! again. Answers as Logto's retries expect: 2xx done, 5xx try again.

use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::auth::events::{Account, AuthEvent, Profile};
use crate::auth::webhooks::{self, Action, MAX_BODY};
use crate::server::ending_sessions::mark_roles_stale;
use crate::server::state::AppState;

const SIGNATURE: &str = "logto-signature-sha-256";
/// Deliveries are remembered this long (Logto retries within seconds; older
/// ones are refused as stale anyway).
const REMEMBER_SECS: i64 = 24 * 3600;

fn answer(status: StatusCode, message: &str) -> Response {
    let mut response = (status, Json(json!({ "message": message }))).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let Ok(body) = to_bytes(body, MAX_BODY).await else {
        return answer(StatusCode::PAYLOAD_TOO_LARGE, "the body is larger than 64 KB");
    };
    let signature = headers.get(SIGNATURE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let Some(provider) = webhooks::signer(&state.auth.providers, &body, signature) else {
        tracing::warn!("webhook with a missing or wrong signature refused");
        return answer(
            StatusCode::UNAUTHORIZED,
            "the signature does not match a configured signing key",
        );
    };
    let now = chrono::Utc::now().timestamp();
    let delivery = match webhooks::parse(&body, now) {
        Ok(delivery) => delivery,
        Err(refused) => {
            tracing::warn!(reason = %refused, "webhook refused");
            return answer(StatusCode::BAD_REQUEST, &refused.to_string());
        }
    };
    let id = delivery_id(&body);
    match seen(&state, &id).await {
        Ok(true) => {
            tracing::info!(event = %delivery.event, "webhook delivery already acted on");
            return answer(StatusCode::OK, "already done");
        }
        Ok(false) => {}
        Err(err) => {
            tracing::error!(error = %err, "webhook: database unavailable");
            return answer(StatusCode::SERVICE_UNAVAILABLE, "try again later");
        }
    }
    let provider_id = provider.settings.id.as_str();
    if let Err(err) = act(&state, provider_id, webhooks::action(&delivery)).await {
        tracing::error!(event = %delivery.event, error = %err, "webhook not acted on; Logto will retry");
        return answer(StatusCode::SERVICE_UNAVAILABLE, "try again later");
    }
    // Recorded once acted on: a delivery that failed above is retried whole.
    if let Err(err) = remember(&state, &id, now).await {
        tracing::warn!(error = %err, "webhook acted on but not remembered; a replay would act again");
    }
    tracing::info!(provider = provider_id, event = %delivery.event, "webhook acted on");
    answer(StatusCode::OK, "done")
}

/// A delivery's identity: the hash of its body (a retry sends the same).
fn delivery_id(body: &[u8]) -> String {
    Sha256::digest(body).iter().map(|b| format!("{b:02x}")).collect()
}

async fn act(state: &AppState, provider: &str, action: Action) -> Result<(), String> {
    let listeners = &state.auth.listeners;
    match action {
        Action::Delete { subject } => {
            let account = Account {
                provider,
                subject: &subject,
            };
            crate::auth::account_changes::deleted(&state.auth, account).await
        }
        Action::Suspend { subject, suspended } => {
            let account = Account {
                provider,
                subject: &subject,
            };
            crate::auth::account_changes::suspended(&state.auth, account, suspended).await
        }
        Action::Profile {
            subject,
            display_name,
            email,
        } => {
            let account = Account {
                provider,
                subject: &subject,
            };
            let profile = Profile {
                display_name: display_name.as_deref(),
                email: email.as_deref(),
            };
            listeners.announce(AuthEvent::ProfileChanged { account, profile }).await
        }
        Action::Authorization => {
            let marked = mark_roles_stale(state, provider).await.map_err(|e| e.to_string())?;
            tracing::info!(
                provider,
                sessions = marked,
                "roles and organization tokens to be read again"
            );
            Ok(())
        }
        Action::Ignore => Ok(()),
    }
}

async fn seen(state: &AppState, id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<(String,)> = sqlx::query_as("SELECT id FROM webhook_deliveries WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.db)
        .await?;
    Ok(found.is_some())
}

async fn remember(state: &AppState, id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM webhook_deliveries WHERE received_at < $1")
        .bind(now - REMEMBER_SECS)
        .execute(&state.db)
        .await?;
    sqlx::query("INSERT INTO webhook_deliveries (id, received_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING")
        .bind(id)
        .bind(now)
        .execute(&state.db)
        .await?;
    Ok(())
}
