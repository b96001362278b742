//! The checks on the authorization response's query parameters, before any
//! network call: provider error, `state` present, `iss` (RFC 9207), `code`.

use serde::{Deserialize, Serialize};

use crate::auth::model::SignInFailure;

/// The callback's query string, as the provider sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackParams {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
    pub iss: Option<String>,
}

/// Checks that do not need the pending attempt. Returns the `code`.
///
/// `iss_required` is true when discovery says the provider always sends `iss`
/// (`authorization_response_iss_parameter_supported`): then a missing `iss` is
/// as suspicious as a wrong one.
pub fn check_response(params: &CallbackParams, issuer: &str, iss_required: bool) -> Result<String, SignInFailure> {
    if params.state.as_deref().is_none_or(str::is_empty) {
        return Err(SignInFailure::MissingState);
    }
    match params.iss.as_deref() {
        Some(iss) if !same_issuer(iss, issuer) => return Err(SignInFailure::IssuerMismatch),
        None if iss_required => return Err(SignInFailure::IssuerMismatch),
        _ => {}
    }
    if let Some(error) = params.error.clone() {
        let description = params.error_description.clone();
        return Err(if error == "access_denied" {
            SignInFailure::Cancelled { error, description }
        } else {
            SignInFailure::ProviderError { error, description }
        });
    }
    params
        .code
        .clone()
        .filter(|code| !code.is_empty())
        .ok_or(SignInFailure::MissingCode)
}

/// Issuer identifiers are compared exactly (RFC 9207 section 2.4), except for
/// one trailing slash that openidconnect's `IssuerUrl` may add or drop.
fn same_issuer(received: &str, expected: &str) -> bool {
    received.trim_end_matches('/') == expected.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUER: &str = "http://127.0.0.1:3001/oidc";

    fn params(pairs: &[(&str, &str)]) -> CallbackParams {
        let get = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.to_string());
        CallbackParams {
            code: get("code"),
            state: get("state"),
            error: get("error"),
            error_description: get("error_description"),
            iss: get("iss"),
        }
    }

    #[test]
    fn a_complete_response_yields_the_code() {
        let p = params(&[("code", "c1"), ("state", "s1"), ("iss", ISSUER)]);
        assert_eq!(check_response(&p, ISSUER, true), Ok("c1".into()));
    }

    #[test]
    fn state_is_required() {
        let p = params(&[("code", "c1"), ("iss", ISSUER)]);
        assert_eq!(check_response(&p, ISSUER, true), Err(SignInFailure::MissingState));
        let empty = params(&[("code", "c1"), ("state", ""), ("iss", ISSUER)]);
        assert_eq!(check_response(&empty, ISSUER, true), Err(SignInFailure::MissingState));
    }

    #[test]
    fn a_foreign_issuer_is_refused() {
        let p = params(&[("code", "c1"), ("state", "s1"), ("iss", "https://evil.example/oidc")]);
        assert_eq!(check_response(&p, ISSUER, false), Err(SignInFailure::IssuerMismatch));
    }

    #[test]
    fn a_missing_issuer_is_refused_when_the_provider_promises_it() {
        let p = params(&[("code", "c1"), ("state", "s1")]);
        assert_eq!(check_response(&p, ISSUER, true), Err(SignInFailure::IssuerMismatch));
        assert_eq!(check_response(&p, ISSUER, false), Ok("c1".into()));
    }

    #[test]
    fn provider_errors_are_reported_with_their_description() {
        let cancelled = params(&[("error", "access_denied"), ("state", "s1"), ("iss", ISSUER)]);
        assert!(matches!(
            check_response(&cancelled, ISSUER, true),
            Err(SignInFailure::Cancelled { .. })
        ));
        let other = params(&[
            ("error", "server_error"),
            ("error_description", "down"),
            ("state", "s1"),
            ("iss", ISSUER),
        ]);
        assert_eq!(
            check_response(&other, ISSUER, true),
            Err(SignInFailure::ProviderError {
                error: "server_error".into(),
                description: Some("down".into())
            })
        );
    }

    #[test]
    fn a_response_without_code_is_refused() {
        let p = params(&[("state", "s1"), ("iss", ISSUER)]);
        assert_eq!(check_response(&p, ISSUER, true), Err(SignInFailure::MissingCode));
    }
}
