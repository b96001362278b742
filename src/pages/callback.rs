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

/// `GET /callback/failed?reason=CODE`: why a form_post sign-in failed, with
/// the status that failure carries. Only the code comes from the link; the
/// words are the server's own (`AppError::sign_in_failure_text`).
#[component]
pub fn CallbackFailedPage() -> impl IntoView {
    let query = use_query_map();
    let code = query.with_untracked(|q| q.get("reason")).unwrap_or_default();
    let (status, title, message) = AppError::sign_in_failure_text(&code);
    view! {
        <Title text="Sign-in failed \u{2014} Bookstore"/>
        <ErrorPanel
            status
            title=title.to_string()
            message=message.to_string()
            action=("/sign-in".to_string(), "Try signing in again".to_string())
        />
    }
}
