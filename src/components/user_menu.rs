use leptos::prelude::*;

use crate::auth::context::use_auth;
use crate::auth::model::{ProviderChoice, ShownUser};
use crate::components::account_area::AccountArea;
use crate::components::error_panel::set_http_status;
use crate::components::page_result::use_here;
use crate::components::sign_in_ways::{SignInWays, has_other_ways};
use crate::i18n::td_string;
use crate::language::context::use_locale;
use crate::return_to::auth_link;

/// The sign-in state in the header: the account area island, with its
/// props from the session, and the other ways in as server-rendered children.
#[component]
pub fn UserMenu() -> impl IntoView {
    let auth = use_auth();
    let here = use_here();
    let locale = use_locale();
    view! {
        <div class="user-menu" data-testid="user-menu">
            <Suspense fallback=move || view! { <span class="user-menu__status">{td_string!(locale, user_menu.checking)}</span> }>
                {move || Suspend::new(async move {
                    let here = here();
                    let (sign_in, sign_up) = (auth_link("/sign-in", &here), auth_link("/sign-up", &here));
                    match auth.user.await {
                        Ok(user) => {
                            // The other ways in matter only to a visitor signed out.
                            let choices = match user {
                                Some(_) => Vec::new(),
                                None => auth.choices.await.unwrap_or_default(),
                            };
                            let user = user.as_ref().map(ShownUser::from);
                            view! {
                                <AccountArea user sign_in sign_up><MoreWays here choices/></AccountArea>
                            }
                            .into_any()
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
