//! How sign-in's own errors become the `AppError` a visitor sees (each
//! logged here with its cause, which never crosses the wire).

use crate::auth::model::SignInFailure;
use crate::auth::session::SessionError;
use crate::error::{AppError, error_chain};
use crate::oidc::client::FlowError;

/// The provider granted no access to an organization, in the request's language.
pub fn not_granted() -> AppError {
    AppError::Forbidden(
        crate::i18n::td_string!(crate::language::context::current(), errors.organization_not_granted).to_string(),
    )
}

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

/// Where a failed sign-in sends the visitor: the failure page with a code,
/// never text (the page shows only words the server chose for that code, so
/// a link cannot put words on the shop's pages), plus the provider's error
/// or token endpoint's error code when it is one of the standard ones.
pub fn failure_link(err: &AppError) -> String {
    let reason = match err {
        AppError::BadRequest(_) => "unknown_provider",
        other => other.sign_in_code(),
    };
    let mut link = format!("/callback/failed?reason={reason}");
    if let AppError::SignIn(
        SignInFailure::Cancelled { error, .. }
        | SignInFailure::ProviderError { error, .. }
        | SignInFailure::TokenRejected { error, .. },
    ) = err
        && let Some(code) = crate::error::standard_oauth_error(error)
    {
        link.push_str("&error=");
        link.push_str(code);
    }
    link
}

/// The failure page for a sign-in that did not complete; for a step-up it
/// also says the customer is still signed in and links back to the page the
/// step-up was for (a safe path, checked again by the page).
pub fn failed_link(failed: &crate::auth::sign_in::Failed) -> String {
    let link = failure_link(&failed.error);
    match &failed.step_up_return_to {
        Some(back) => format!(
            "{link}&step_up=1&return_to={}",
            form_urlencoded::byte_serialize(back.as_bytes()).collect::<String>()
        ),
        None => link,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_step_up_links_back_to_its_page() {
        let failed = crate::auth::sign_in::Failed {
            error: AppError::SignIn(SignInFailure::NotTheSameCustomer),
            step_up_return_to: Some("/checkout?x=1".into()),
        };
        assert_eq!(
            failed_link(&failed),
            "/callback/failed?reason=not_the_same_customer&step_up=1&return_to=%2Fcheckout%3Fx%3D1"
        );
    }

    #[test]
    fn failure_links_carry_codes_only() {
        let provider = |error: &str| {
            failure_link(&AppError::SignIn(SignInFailure::ProviderError {
                error: error.into(),
                description: Some("<b>words</b>".into()),
            }))
        };
        assert_eq!(
            provider("temporarily_unavailable"),
            "/callback/failed?reason=provider_error&error=temporarily_unavailable"
        );
        assert_eq!(provider("<script>"), "/callback/failed?reason=provider_error");
        assert_eq!(
            failure_link(&AppError::BadRequest("no such provider".into())),
            "/callback/failed?reason=unknown_provider"
        );
        assert_eq!(
            failure_link(&AppError::ProviderUnavailable),
            "/callback/failed?reason=provider_unavailable"
        );
    }
}
