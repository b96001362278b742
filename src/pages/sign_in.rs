use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::api::start_sign_in;
use crate::components::error_panel::{ErrorPanel, set_http_status};

/// `GET /sign-in` and `GET /sign-up`: starts the flow on the server, which
/// answers with a redirect to the provider. Rendered only if that fails.
#[component]
pub fn SignInPage(sign_up: bool) -> impl IntoView {
    let query = use_query_map();
    let started = Resource::new(
        move || query.with(|q| q.get("return_to")),
        move |return_to| start_sign_in(sign_up, return_to),
    );
    let title = if sign_up { "Create account" } else { "Sign in" };
    view! {
        <Title text=format!("{title} \u{2014} Bookstore")/>
        <Suspense fallback=|| view! { <p>"Preparing sign-in\u{2026}"</p> }>
            {move || Suspend::new(async move {
                match started.await {
                    Ok(()) => {
                        // The server function set Location; a page render always answers 302.
                        set_http_status(302);
                        view! { <p class="panel">"Taking you to the sign-in page\u{2026}"</p> }.into_any()
                    }
                    Err(err) => view! {
                        <ErrorPanel
                            status=err.status_code()
                            title="Sign-in could not start".to_string()
                            message=err.to_string()
                            action=("/sign-in".to_string(), "Try again".to_string())
                        />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
