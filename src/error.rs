//! The one error type every server function returns. It crosses the wire, so it
//! holds only what a visitor may see; causes are logged on the server where they
//! happen (see `auth::flow` and `server::`), never serialized.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::auth::model::SignInFailure;
use crate::shop::model::FieldError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("The page you asked for does not exist.")]
    NotFound,
    #[error("You need to sign in to see this page.")]
    Unauthorized,
    /// Signed in, but not allowed (a role or organization permission is missing).
    #[error("{0}")]
    Forbidden(String),
    /// The sign-in can no longer be renewed (revoked, expired, signed out
    /// elsewhere); the session has been ended.
    #[error("Your sign-in has expired. Please sign in again.")]
    SessionExpired,
    #[error("{0}")]
    BadRequest(String),
    /// A form with problems; each is shown next to its field.
    #[error("Please correct the fields marked below.")]
    Invalid(Vec<FieldError>),
    /// The request cannot be done as things stand (stock ran out, empty cart).
    #[error("{0}")]
    Conflict(String),
    #[error("{}", .0.message())]
    SignIn(SignInFailure),
    #[error("Sign-in is unavailable right now. Please try again shortly.")]
    ProviderUnavailable,
    /// The database or session store cannot be reached; nothing was changed.
    #[error("The bookstore is briefly unavailable. Nothing was changed; please try again in a minute.")]
    Unavailable,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    #[error("The request could not be completed: {0}")]
    Framework(String),
}

impl AppError {
    /// The HTTP status a page or response showing this error should carry.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthorized | AppError::SessionExpired => 401,
            AppError::Forbidden(_) => 403,
            AppError::BadRequest(_) | AppError::Framework(_) => 400,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::SignIn(failure) => failure.status_code(),
            AppError::ProviderUnavailable | AppError::Unavailable => 503,
            AppError::Internal => 500,
        }
    }
}

impl AppError {
    /// The message for one form field, if the error is about it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors.iter().find(|e| e.field == field).map(|e| e.message.clone()),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Framework(value.to_string())
    }
}

/// The cause of a module error, kept with its own chain (`#[source]`), so
/// the log line that finally reports it shows every step.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error and its causes on one line, for logs.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_meaning() {
        assert_eq!(AppError::NotFound.status_code(), 404);
        assert_eq!(AppError::Unauthorized.status_code(), 401);
        assert_eq!(AppError::ProviderUnavailable.status_code(), 503);
        assert_eq!(AppError::Internal.status_code(), 500);
        assert_eq!(AppError::Unavailable.status_code(), 503);
        assert_eq!(AppError::Invalid(vec![]).status_code(), 422);
        assert_eq!(AppError::Conflict("sold out".into()).status_code(), 409);
        assert_eq!(
            AppError::SignIn(SignInFailure::Cancelled {
                error: "access_denied".into(),
                description: None
            })
            .status_code(),
            400
        );
    }

    #[test]
    fn framework_errors_become_app_errors() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Request("boom".into()));
        assert!(matches!(err, AppError::Framework(_)));
        assert_eq!(err.status_code(), 400);
    }
}
