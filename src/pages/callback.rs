use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::error_panel::ErrorPanel;
use crate::error::{AppError, standard_oauth_error};
use crate::return_to::sanitize_return_to;

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
    // A step-up that did not complete: still signed in, nothing done; back
    // to the page it was for (a same-origin path, or home).
    let step_up_back = query
        .with_untracked(|q| q.get("step_up").filter(|v| v == "1").map(|_| q.get("return_to")))
        .map(|back| sanitize_return_to(back.as_deref()));
    let locale = use_locale();
    let (status, title, message) = AppError::sign_in_failure_text(locale, &code);
    let message = match provider_error {
        Some(error) => td_string!(locale, sign_in_failure.provider_said, message, error),
        None => message,
    };
    let (message, action) = match step_up_back {
        Some(back) => (
            format!("{message} {}", td_string!(locale, sign_in_failure.step_up_kept)),
            (back, td_string!(locale, sign_in_failure.go_back).to_string()),
        ),
        None => (
            message,
            (
                "/sign-in".to_string(),
                td_string!(locale, sign_in_failure.try_again).to_string(),
            ),
        ),
    };
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, sign_in_failure.page_title))/>
        <ErrorPanel
            status
            title
            message
            action
        />
    }
}
