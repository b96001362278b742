//! `POST /backchannel-logout`: the provider's logout tokens end the matching
//! sessions (see `auth::backchannel`). Answers 200 when done (also when no
//! session matched), 400 with the reason for a bad or replayed token, 503 when
//! the provider's keys cannot be fetched or the sessions cannot be deleted
//! (the provider retries, with the same token).

use std::collections::HashMap;

use axum::Form;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::auth::session_index;
use crate::oidc::jwt::segment_json;
use crate::oidc::logout_token::{self, LogoutError};
use crate::server::state::AppState;

fn answer(status: StatusCode, description: Option<&str>) -> Response {
    let body = match description {
        Some(text) => json!({ "error": "invalid_request", "error_description": text }),
        None => json!({}),
    };
    let mut response = (status, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

pub async fn logout(State(state): State<AppState>, Form(form): Form<HashMap<String, String>>) -> Response {
    let Some(token) = form.get("logout_token") else {
        return answer(StatusCode::BAD_REQUEST, Some("logout_token is missing"));
    };
    // The (still unverified) issuer and audience pick the provider whose keys
    // must have signed it: two clients of one issuer are two providers.
    let claims = segment_json(token, 1).unwrap_or_default();
    let Some(provider) = state.auth.providers.for_logout_token(&claims) else {
        tracing::warn!("back-channel logout from an unknown issuer refused");
        return answer(
            StatusCode::BAD_REQUEST,
            Some("the logout token comes from no configured provider"),
        );
    };
    let target = match logout_token::verify(&provider.settings, &provider.oidc, token).await {
        Ok(target) => target,
        Err(LogoutError::Invalid(reason)) => {
            tracing::warn!(%reason, "back-channel logout refused");
            return answer(StatusCode::BAD_REQUEST, Some(reason));
        }
        Err(err) => {
            tracing::error!(error = %err, "back-channel logout could not be checked");
            return answer(StatusCode::SERVICE_UNAVAILABLE, Some("try again later"));
        }
    };
    let ended = crate::server::ending_sessions::end_sessions(
        &state,
        &target.provider,
        target.sid.as_deref(),
        target.subject.as_deref(),
    );
    let ended = match ended.await {
        Ok(count) => count,
        Err(err) => {
            tracing::error!(error = %err, "back-channel logout: sessions not ended");
            return answer(StatusCode::SERVICE_UNAVAILABLE, Some("try again later"));
        }
    };
    // The token is recorded as used only now that its sessions are gone: a
    // deletion that failed answered 503 above, and the provider's retry of
    // the same token must still be honoured. (Ending the same sessions twice
    // is harmless, so a replay is refused after the fact.)
    let now = chrono::Utc::now().timestamp();
    match session_index::first_use(&state.db, &target.jti, now).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!("replayed back-channel logout token refused");
            return answer(StatusCode::BAD_REQUEST, Some("this logout token was used before"));
        }
        Err(err) => {
            tracing::error!(error = %err, "back-channel logout: database failed");
            return answer(StatusCode::SERVICE_UNAVAILABLE, Some("try again later"));
        }
    }
    tracing::info!(provider = %target.provider, sessions = ended, "back-channel logout ended sessions");
    answer(StatusCode::OK, None)
}
