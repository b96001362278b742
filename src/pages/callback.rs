use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::error_panel::ErrorPanel;
use crate::error::{AppError, standard_oauth_error};

/// `GET /callback/failed?reason=CODE[&error=OAUTH_CODE]`: why a sign-in
/// failed, with the status that failure carries. (`GET /callback` itself is a
/// server function that answers with a redirect.) Only codes come from the
/// link; the words are the server's own (`AppError::sign_in_failure_text`),
/// and a provider's error code is named only when it is a standard one.
#[component]
pub fn CallbackFailedPage() -> impl IntoView {
    let query = use_query_map();
    let code = query.with_untracked(|q| q.get("reason")).unwrap_or_default();
    let provider_error = query
        .with_untracked(|q| q.get("error"))
        .and_then(|e| standard_oauth_error(&e));
    let (status, title, message) = AppError::sign_in_failure_text(&code);
    let message = match provider_error {
        Some(error) => format!("{message} (The sign-in service said: {error}.)"),
        None => message.to_string(),
    };
    view! {
        <Title text="Sign-in failed \u{2014} Bookstore"/>
        <ErrorPanel
            status
            title=title.to_string()
            message
            action=("/sign-in".to_string(), "Try signing in again".to_string())
        />
    }
}
