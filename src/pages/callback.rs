use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::api::complete_sign_in;
use crate::auth::callback::CallbackParams;
use crate::components::error_panel::{ErrorPanel, set_http_status};
use crate::error::AppError;

/// `GET /callback`: the provider's answer. On success the server redirects
/// before this renders; on failure it shows what failed, with a 4xx/5xx status.
#[component]
pub fn CallbackPage() -> impl IntoView {
    let query = use_query_map();
    let outcome = Resource::new(
        move || {
            query.with(|q| CallbackParams {
                code: q.get("code"),
                state: q.get("state"),
                error: q.get("error"),
                error_description: q.get("error_description"),
                iss: q.get("iss"),
            })
        },
        complete_sign_in,
    );
    view! {
        <Title text="Signing in \u{2014} Bookstore"/>
        <Suspense fallback=|| view! { <p>"Signing you in\u{2026}"</p> }>
            {move || Suspend::new(async move {
                match outcome.await {
                    Ok(()) => {
                        set_http_status(302);
                        view! { <p class="panel">"Signed in. Taking you back\u{2026}"</p> }.into_any()
                    }
                    Err(err) => {
                        let title = match &err {
                            AppError::SignIn(failure) => failure.title().to_string(),
                            _ => "Sign-in did not complete".to_string(),
                        };
                        view! {
                            <ErrorPanel
                                status=err.status_code()
                                title
                                message=err.to_string()
                                action=("/sign-in".to_string(), "Try signing in again".to_string())
                            />
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `GET /callback/failed?error=…`: why a form_post sign-in failed, with the
/// status that failure carries. The error is data, rendered as text only.
#[component]
pub fn CallbackFailedPage() -> impl IntoView {
    let query = use_query_map();
    let error = query
        .with_untracked(|q| q.get("error"))
        .and_then(|json| serde_json::from_str::<AppError>(&json).ok());
    let error = error
        .unwrap_or_else(|| AppError::BadRequest("Sign-in did not complete. Please start signing in again.".into()));
    let title = match &error {
        AppError::SignIn(failure) => failure.title().to_string(),
        _ => "Sign-in did not complete".to_string(),
    };
    view! {
        <Title text="Sign-in failed \u{2014} Bookstore"/>
        <ErrorPanel
            status=error.status_code()
            title
            message=error.to_string()
            action=("/sign-in".to_string(), "Try signing in again".to_string())
        />
    }
}
