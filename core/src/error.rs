//! The one error type every server function returns. It crosses the wire, so it
//! holds only what a visitor may see; causes are logged on the server where they
//! happen (see `auth::app_errors` and `db::app_error`), never serialized.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::i18n::{Locale, td_string};

mod field_error;
mod sign_in_failure;

pub use field_error::FieldError;
pub use sign_in_failure::SignInFailure;

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
    /// A short, fixed code for a sign-in error (a metrics label, and what
    /// `/callback/failed?reason=` carries instead of any text).
    pub fn sign_in_code(&self) -> &'static str {
        match self {
            AppError::SignIn(failure) => match failure {
                SignInFailure::Cancelled { .. } => "cancelled",
                SignInFailure::ProviderError { .. } => "provider_error",
                SignInFailure::MissingState => "missing_state",
                SignInFailure::UnknownState => "unknown_state",
                SignInFailure::IssuerMismatch => "issuer_mismatch",
                SignInFailure::MissingCode => "missing_code",
                SignInFailure::TokenRejected { .. } => "token_rejected",
                SignInFailure::InvalidResponse(_) => "invalid_response",
                SignInFailure::NotTheSameCustomer => "not_the_same_customer",
            },
            AppError::ProviderUnavailable => "provider_unavailable",
            AppError::Unavailable => "unavailable",
            _ => "internal",
        }
    }

    /// The status, title and message shown for a sign-in code, in `locale`;
    /// only text chosen here, whatever a link carries.
    pub fn sign_in_failure_text(locale: Locale, code: &str) -> (u16, String, String) {
        let again = || td_string!(locale, sign_in_failure.did_not_complete);
        let invalid_link = || td_string!(locale, sign_in_failure.invalid_link_title);
        let (status, title, message) = match code {
            "cancelled" => (
                400,
                td_string!(locale, sign_in_failure.cancelled_title),
                td_string!(locale, sign_in_failure.cancelled),
            ),
            "provider_error" => (
                400,
                td_string!(locale, sign_in_failure.provider_error_title),
                td_string!(locale, sign_in_failure.provider_error),
            ),
            "missing_state" | "missing_code" => (400, invalid_link(), td_string!(locale, sign_in_failure.missing_part)),
            "unknown_state" => (400, invalid_link(), td_string!(locale, sign_in_failure.unknown_state)),
            "issuer_mismatch" => (
                400,
                td_string!(locale, sign_in_failure.issuer_mismatch_title),
                td_string!(locale, sign_in_failure.issuer_mismatch),
            ),
            "token_rejected" => (
                502,
                td_string!(locale, sign_in_failure.token_rejected_title),
                td_string!(locale, sign_in_failure.token_rejected),
            ),
            "invalid_response" => (
                502,
                td_string!(locale, sign_in_failure.invalid_response_title),
                td_string!(locale, sign_in_failure.invalid_response),
            ),
            "not_the_same_customer" => (
                403,
                td_string!(locale, sign_in_failure.not_you_title),
                td_string!(locale, sign_in_failure.not_you),
            ),
            "provider_unavailable" => (503, again(), td_string!(locale, sign_in_failure.provider_unavailable)),
            "unknown_provider" => (
                400,
                td_string!(locale, sign_in_failure.unknown_provider_title),
                td_string!(locale, sign_in_failure.unknown_provider),
            ),
            "unavailable" => (503, again(), td_string!(locale, sign_in_failure.unavailable)),
            "internal" => (500, again(), td_string!(locale, sign_in_failure.internal)),
            // Not a code the server writes: a mangled or made-up link.
            _ => (400, again(), td_string!(locale, sign_in_failure.malformed)),
        };
        (status, title.to_string(), message.to_string())
    }

    /// What the visitor reads for this error, in `locale`. Fixed messages
    /// come from the locale files; the text a variant carries was written by
    /// the server in the request's language (`language::context::current`).
    pub fn text(&self, locale: Locale) -> String {
        match self {
            AppError::NotFound => td_string!(locale, errors.not_found).to_string(),
            AppError::Unauthorized => td_string!(locale, errors.unauthorized).to_string(),
            AppError::SessionExpired => td_string!(locale, errors.session_expired).to_string(),
            AppError::Invalid(_) => td_string!(locale, errors.invalid).to_string(),
            AppError::ProviderUnavailable => td_string!(locale, errors.provider_unavailable).to_string(),
            AppError::Unavailable => td_string!(locale, errors.unavailable).to_string(),
            AppError::Internal => td_string!(locale, errors.internal).to_string(),
            AppError::Framework(detail) => td_string!(locale, errors.framework, detail),
            AppError::SignIn(_) => AppError::sign_in_failure_text(locale, self.sign_in_code()).2,
            AppError::Forbidden(text) | AppError::BadRequest(text) | AppError::Conflict(text) => text.clone(),
        }
    }

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

/// The error codes of RFC 6749 (4.1.2.1 and 5.2) and OpenID Connect Core
/// (3.1.2.6) an authorization response or token endpoint may send: the
/// failure page names one of these, never a code it does not know.
pub fn standard_oauth_error(code: &str) -> Option<&'static str> {
    const CODES: [&str; 19] = [
        "invalid_client",
        "invalid_grant",
        "unsupported_grant_type",
        "invalid_request",
        "unauthorized_client",
        "access_denied",
        "unsupported_response_type",
        "invalid_scope",
        "server_error",
        "temporarily_unavailable",
        "interaction_required",
        "login_required",
        "account_selection_required",
        "consent_required",
        "invalid_request_uri",
        "invalid_request_object",
        "request_not_supported",
        "request_uri_not_supported",
        "registration_not_supported",
    ];
    CODES.into_iter().find(|known| *known == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale::{en, ja};

    #[test]
    fn fixed_messages_are_written_in_the_visitors_language() {
        assert_eq!(AppError::NotFound.text(en), AppError::NotFound.to_string());
        assert_eq!(AppError::NotFound.text(ja), "お探しのページは見つかりません。");
        assert_eq!(
            AppError::Conflict("在庫切れ".into()).text(en),
            "在庫切れ",
            "server-written text is kept"
        );
        let (status, title, _) = AppError::sign_in_failure_text(ja, "cancelled");
        assert_eq!((status, title.as_str()), (400, "サインインはキャンセルされました"));
        assert_eq!(AppError::sign_in_failure_text(en, "nonsense").0, 400);
    }

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
