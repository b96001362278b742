use leptos::prelude::*;

use crate::auth::context::use_auth;
use crate::auth::model::CurrentUser;
use crate::auth::return_to::auth_link;
use crate::components::error_panel::set_http_status;
use crate::components::page_result::use_here;

/// The sign-in state in the header. Server-rendered from the session, then
/// hydrated from the same serialized value.
#[component]
pub fn UserMenu() -> impl IntoView {
    let auth = use_auth();
    let here = use_here();
    view! {
        <div class="user-menu" data-testid="user-menu">
            <Suspense fallback=|| view! { <span class="user-menu__status">"Checking sign-in\u{2026}"</span> }>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => view! { <SignedIn user/> }.into_any(),
                        Ok(None) => view! { <SignedOut here=here()/> }.into_any(),
                        // The session could not be read (its store is out of
                        // reach): say so, and answer with the error's status
                        // rather than show a signed-in customer as signed out.
                        Err(err) => {
                            set_http_status(err.status_code());
                            view! {
                                <span class="user-menu__status" role="status">"Sign-in status unavailable"</span>
                            }
                            .into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn SignedOut(here: String) -> impl IntoView {
    // rel="external": these are full navigations to server endpoints that
    // redirect to the identity provider, not client-side routes.
    view! {
        <a class="button" rel="external" href=auth_link("/sign-in", &here)>"Sign in"</a>
        <a class="button button--quiet" rel="external" href=auth_link("/sign-up", &here)>"Create account"</a>
    }
}

#[component]
fn SignedIn(user: CurrentUser) -> impl IntoView {
    let sign_out = use_auth().sign_out;
    let pending = sign_out.pending();
    view! {
        <span class="user-menu__status">"Signed in as " <strong data-testid="user-name">{user.display_name().to_string()}</strong></span>
        <ActionForm action=sign_out attr:class="inline-form">
            <button class="button button--quiet" type="submit" disabled=move || pending.get()>
                {move || if pending.get() { "Signing out\u{2026}" } else { "Sign out" }}
            </button>
        </ActionForm>
    }
}
