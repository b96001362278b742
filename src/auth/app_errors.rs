//! How sign-in's own errors become the `AppError` a visitor sees (each
//! logged here with its cause, which never crosses the wire).

use crate::auth::model::SignInFailure;
use crate::auth::session::SessionError;
use crate::error::{AppError, error_chain};
use crate::oidc::client::FlowError;

impl From<SessionError> for AppError {
    fn from(err: SessionError) -> Self {
        // The store (database or Redis) is out of reach: nothing was changed.
        tracing::warn!(error = %error_chain(&err), "session store unavailable");
        AppError::Unavailable
    }
}

impl From<FlowError> for AppError {
    fn from(err: FlowError) -> Self {
        match err {
            FlowError::TokenRejected { error, description } => {
                AppError::SignIn(SignInFailure::TokenRejected { error, description })
            }
            FlowError::InvalidResponse(reason) => AppError::SignIn(SignInFailure::InvalidResponse(reason)),
            FlowError::Unreachable(cause) => {
                tracing::error!(error = %error_chain(cause.as_ref()), "identity provider unreachable");
                AppError::ProviderUnavailable
            }
            FlowError::Misconfigured(what) => {
                tracing::error!("identity provider metadata lacks {what}");
                AppError::ProviderUnavailable
            }
        }
    }
}
