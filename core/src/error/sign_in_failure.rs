//! Why a sign-in did not complete: a wire type of [`AppError`](super::AppError).

use serde::{Deserialize, Serialize};

/// Why a sign-in attempt ended without signing the visitor in. These are
/// expected outcomes (a cancelled login, a stale tab), so they are data the UI
/// shows, with a status and a message that says what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInFailure {
    /// The visitor cancelled at the identity provider (`error=access_denied`).
    Cancelled { error: String, description: Option<String> },
    /// The identity provider reported another error on the callback.
    ProviderError { error: String, description: Option<String> },
    /// The callback carried no `state`.
    MissingState,
    /// No pending sign-in matches `state`: expired, already used, or forged.
    UnknownState,
    /// The `iss` parameter names another issuer (RFC 9207 mix-up defence).
    IssuerMismatch,
    /// The callback carried neither `code` nor `error`.
    MissingCode,
    /// The token endpoint refused the code.
    TokenRejected { error: String, description: Option<String> },
    /// The identity provider's answer could not be trusted (bad ID token, …).
    InvalidResponse(String),
    /// A step-up was answered for another account than the one signed in
    /// (or the customer signed out meanwhile): the session is unchanged.
    NotTheSameCustomer,
}

impl SignInFailure {
    pub fn status_code(&self) -> u16 {
        match self {
            SignInFailure::TokenRejected { .. } | SignInFailure::InvalidResponse(_) => 502,
            SignInFailure::NotTheSameCustomer => 403,
            _ => 400,
        }
    }

    /// A short title for the error page.
    pub fn title(&self) -> &'static str {
        match self {
            SignInFailure::Cancelled { .. } => "Sign-in was cancelled",
            SignInFailure::ProviderError { .. } => "The sign-in service reported an error",
            SignInFailure::MissingState | SignInFailure::UnknownState | SignInFailure::MissingCode => {
                "This sign-in link is not valid"
            }
            SignInFailure::IssuerMismatch => "The sign-in answer came from the wrong service",
            SignInFailure::TokenRejected { .. } => "The sign-in service refused the sign-in",
            SignInFailure::InvalidResponse(_) => "The sign-in answer could not be verified",
            SignInFailure::NotTheSameCustomer => "That was another account",
        }
    }

    /// What happened and what to do, for the visitor.
    pub fn message(&self) -> String {
        let detail = |error: &str, description: &Option<String>| match description {
            Some(text) if !text.is_empty() => format!("{error}: {text}"),
            _ => error.to_string(),
        };
        match self {
            SignInFailure::Cancelled { .. } => {
                "You cancelled signing in at the sign-in service. You can try again whenever you like.".into()
            }
            SignInFailure::ProviderError { error, description } => format!(
                "The sign-in service answered \u{201c}{}\u{201d}, so nobody was signed in. Please try again.",
                detail(error, description)
            ),
            SignInFailure::MissingState | SignInFailure::MissingCode => {
                "This address is missing part of the sign-in answer. Please start signing in again.".into()
            }
            SignInFailure::UnknownState => {
                "This sign-in has expired or was already used (for example after a reload or from an old tab). Please start signing in again.".into()
            }
            SignInFailure::IssuerMismatch => {
                "The answer did not come from the sign-in service this attempt was started with, so it was ignored. Please start signing in again.".into()
            }
            SignInFailure::TokenRejected { error, description } => format!(
                "The sign-in service refused to complete the sign-in (\u{201c}{}\u{201d}). Please start signing in again.",
                detail(error, description)
            ),
            SignInFailure::InvalidResponse(reason) => format!(
                "The sign-in service sent an answer that failed a security check ({reason}), so it was not used. Please try again, and contact us if it keeps happening."
            ),
            SignInFailure::NotTheSameCustomer => {
                "You confirmed with another account than the one signed in here. You are still signed in as before, and nothing was done.".into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_have_client_or_gateway_statuses() {
        assert_eq!(SignInFailure::UnknownState.status_code(), 400);
        assert_eq!(SignInFailure::InvalidResponse("x".into()).status_code(), 502);
        assert!(
            SignInFailure::Cancelled {
                error: "access_denied".into(),
                description: None
            }
            .message()
            .contains("try again")
        );
    }
}
