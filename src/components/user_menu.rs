use leptos::prelude::*;

use crate::auth::context::use_auth;
use crate::auth::model::{CurrentUser, ProviderChoice};
use crate::components::error_panel::set_http_status;
use crate::components::page_result::use_here;
use crate::components::sign_in_ways::{SignInWays, has_other_ways};
use crate::i18n::td_string;
use crate::language::context::use_locale;
use crate::return_to::auth_link;

/// The sign-in state in the header. Server-rendered from the session, then
/// hydrated from the same serialized value.
#[component]
pub fn UserMenu() -> impl IntoView {
    let auth = use_auth();
    let here = use_here();
    let locale = use_locale();
    view! {
        <div class="user-menu" data-testid="user-menu">
            <Suspense fallback=move || view! { <span class="user-menu__status">{td_string!(locale, user_menu.checking)}</span> }>
                {move || Suspend::new(async move {
                    // Signed out in another tab: the same cookie, so here too.
                    let elsewhere = auth.signed_out_elsewhere.get();
                    match auth.user.await.map(|user| user.filter(|_| !elsewhere)) {
                        Ok(Some(user)) => view! { <SignedIn user/> }.into_any(),
                        Ok(None) => {
                            // Awaited here, not in a Suspense of its own: one
                            // boundary hydrates the same as it rendered.
                            let choices = auth.choices.await.unwrap_or_default();
                            view! { <SignedOut here=here() choices/> }.into_any()
                        }
                        // The session could not be read (its store is out of
                        // reach): say so, and answer with the error's status
                        // rather than show a signed-in customer as signed out.
                        Err(err) => {
                            set_http_status(err.status_code());
                            view! {
                                <span class="user-menu__status" role="status">{td_string!(locale, user_menu.unavailable)}</span>
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
fn SignedOut(here: String, choices: Vec<ProviderChoice>) -> impl IntoView {
    let locale = use_locale();
    // rel="external": these are full navigations to server endpoints that
    // redirect to the identity provider, not client-side routes.
    view! {
        <a class="button" rel="external" href=auth_link("/sign-in", &here)>{td_string!(locale, user_menu.sign_in)}</a>
        <a class="button button--quiet" rel="external" href=auth_link("/sign-up", &here)>{td_string!(locale, user_menu.create_account)}</a>
        <MoreWays here choices/>
    }
}

/// "More ways to sign in": the configured connectors and Logto's first
/// screens, in a disclosure that opens without JavaScript. Nothing when no
/// provider has any (or the list could not be read: the buttons still work).
#[component]
fn MoreWays(here: String, choices: Vec<ProviderChoice>) -> impl IntoView {
    let locale = use_locale();
    let with_ways: Vec<_> = choices.into_iter().filter(has_other_ways).collect();
    let several = with_ways.len() > 1;
    (!with_ways.is_empty()).then(|| {
        view! {
            <details class="user-menu__more">
                <summary>{td_string!(locale, user_menu.more_ways)}</summary>
                <div class="user-menu__ways">
                    {with_ways
                        .into_iter()
                        .map(|choice| {
                            let label = several.then(|| view! { <p class="user-menu__provider">{choice.name.clone()}</p> });
                            view! { {label}<SignInWays choice return_to=here.clone()/> }
                        })
                        .collect_view()}
                </div>
            </details>
        }
    })
}

#[component]
fn SignedIn(user: CurrentUser) -> impl IntoView {
    let sign_out = use_auth().sign_out;
    let pending = sign_out.pending();
    let locale = use_locale();
    view! {
        <span class="user-menu__status">{td_string!(locale, user_menu.signed_in_as)}<strong data-testid="user-name">{user.display_name().to_string()}</strong></span>
        <ActionForm action=sign_out attr:class="inline-form">
            <button class="button button--quiet" type="submit" disabled=move || pending.get()>
                {move || if pending.get() { td_string!(locale, user_menu.signing_out) } else { td_string!(locale, user_menu.sign_out) }}
            </button>
        </ActionForm>
    }
}
