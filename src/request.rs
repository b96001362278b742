//! What a server function reads from the request it serves: the slices of
//! app state the composition root provides as Leptos context (`AuthState`,
//! the database pool, …). Shared by every feature's `api.rs`.

use crate::error::AppError;

/// The context value of type `T`, or 500 (and a log line) when the router
/// did not provide it.
pub fn context<T: Clone + Send + Sync + 'static>() -> Result<T, AppError> {
    leptos::prelude::use_context::<T>().ok_or_else(|| {
        tracing::error!(
            missing = std::any::type_name::<T>(),
            "state missing from the server function context"
        );
        AppError::Internal
    })
}
