//! What a server function reads from the request it serves: the app state
//! and the session. Shared by every `api.rs`.

use crate::auth::session::AuthSession;
use crate::error::AppError;
use crate::server::state::AppState;

pub fn state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

pub async fn session() -> Result<AuthSession, AppError> {
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|err| {
        tracing::error!(error = %err, "no session on the request: is the session layer installed?");
        AppError::Internal
    })?;
    Ok(AuthSession(session))
}
