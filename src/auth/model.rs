//! What the browser may know about sign-in. Compiled for wasm too, so nothing
//! here may hold a token or a secret.

use serde::{Deserialize, Serialize};

/// The signed-in visitor as the UI sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub subject: String,
    pub name: Option<String>,
    pub username: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub picture: Option<String>,
    /// Role names from the ID token's roles claim.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Whether the roles include the configured admin role (decided on the server).
    #[serde(default)]
    pub is_admin: bool,
}

impl CurrentUser {
    /// Name, else username, else email, else the subject identifier.
    pub fn display_name(&self) -> &str {
        [&self.name, &self.username, &self.email]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .find(|value| !value.trim().is_empty())
            .unwrap_or(&self.subject)
    }
}

/// One identity provider on the sign-in page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderChoice {
    pub id: String,
    pub name: String,
    /// Connectors a link may go straight to ("Continue with Google").
    pub shortcuts: Vec<crate::auth::sign_in_ways::Shortcut>,
    /// Logto's password-reset first screen ("Forgot your password?").
    pub reset_password: bool,
    /// Logto's single sign-on first screen ("Use single sign-on").
    pub single_sign_on: bool,
}

/// An organization the user belongs to (Logto organizations), with their
/// organization roles; the name comes from userinfo when it could be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub id: String,
    pub name: Option<String>,
    pub roles: Vec<String>,
}

impl Membership {
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// The account page: claims from the ID token and from the userinfo endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountProfile {
    pub user: CurrentUser,
    pub id_token_claims: Vec<(String, String)>,
    /// `Err` carries a message when the userinfo endpoint could not be read.
    pub userinfo: Result<Vec<(String, String)>, String>,
    #[serde(default)]
    pub organizations: Vec<Membership>,
    /// The Bookstore API permissions of the user's token for the API
    /// resource (`None` when no API is configured or the token is unavailable).
    #[serde(default)]
    pub api_scopes: Option<Vec<String>>,
}

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
impl CurrentUser {
    /// A user known only by `subject` (tests).
    pub fn with_subject(subject: &str) -> Self {
        CurrentUser {
            subject: subject.into(),
            name: None,
            username: None,
            email: None,
            phone: None,
            picture: None,
            roles: vec![],
            is_admin: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: Option<&str>, username: Option<&str>, email: Option<&str>) -> CurrentUser {
        CurrentUser {
            subject: "sub-1".into(),
            name: name.map(Into::into),
            username: username.map(Into::into),
            email: email.map(Into::into),
            phone: None,
            picture: None,
            roles: vec![],
            is_admin: false,
        }
    }

    #[test]
    fn display_name_falls_back_in_order() {
        assert_eq!(user(Some("Ada"), Some("ada"), Some("a@x")).display_name(), "Ada");
        assert_eq!(user(None, Some("ada"), Some("a@x")).display_name(), "ada");
        assert_eq!(user(Some(" "), None, Some("a@x")).display_name(), "a@x");
        assert_eq!(user(None, None, None).display_name(), "sub-1");
    }

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
