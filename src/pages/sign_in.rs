use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::api::start_sign_in;
use crate::auth::model::ProviderChoice;
use crate::auth::return_to::sanitize_return_to;
use crate::components::error_panel::{ErrorPanel, set_http_status};

/// `GET /sign-in` and `GET /sign-up` (optionally `?provider=ID`): starts the
/// flow on the server, which answers with a redirect to the provider. With
/// several providers and none chosen, this page lists them.
#[component]
pub fn SignInPage(sign_up: bool) -> impl IntoView {
    let query = use_query_map();
    let started = Resource::new(
        move || query.with(|q| (q.get("provider"), q.get("return_to"))),
        move |(provider, return_to)| start_sign_in(sign_up, provider, return_to),
    );
    let title = if sign_up { "Create account" } else { "Sign in" };
    view! {
        <Title text=format!("{title} \u{2014} Bookstore")/>
        <Suspense fallback=|| view! { <p>"Preparing sign-in\u{2026}"</p> }>
            {move || Suspend::new(async move {
                match started.await {
                    Ok(choices) if choices.is_empty() => {
                        // The server function set Location; a page render always answers 302.
                        set_http_status(302);
                        view! { <p class="panel">"Taking you to the sign-in page\u{2026}"</p> }.into_any()
                    }
                    Ok(choices) => {
                        let return_to = sanitize_return_to(query.with_untracked(|q| q.get("return_to")).as_deref());
                        view! { <ProviderList title choices sign_up return_to/> }.into_any()
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

#[component]
fn ProviderList(title: &'static str, choices: Vec<ProviderChoice>, sign_up: bool, return_to: String) -> impl IntoView {
    let endpoint = if sign_up { "/sign-up" } else { "/sign-in" };
    view! {
        <section class="panel provider-list">
            <h1>{title}</h1>
            <p>"Choose how you would like to sign in."</p>
            <ul>
                {choices
                    .into_iter()
                    .map(|choice| {
                        let href = provider_link(endpoint, &choice.id, &return_to);
                        view! {
                            <li>
                                <a class="button" rel="external" href=href>{format!("Continue with {}", choice.name)}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// `/sign-in?provider=ID`, keeping `return_to` (already a safe path).
fn provider_link(endpoint: &str, provider: &str, return_to: &str) -> String {
    let base = crate::auth::return_to::auth_link(endpoint, return_to);
    let separator = if base.contains('?') { '&' } else { '?' };
    format!("{base}{separator}provider={provider}")
}
