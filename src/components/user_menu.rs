use leptos::either::Either;
use leptos::prelude::*;

use crate::auth::model::{ProviderChoice, Visitor};
use crate::components::account_area::AccountArea;
use crate::components::sign_in_ways::{SignInWays, has_other_ways};
use crate::i18n::td_string;
use crate::language::context::use_locale;
use crate::return_to::auth_link;

/// The sign-in state in the header: the account area island, with its
/// props from the visitor, and the other ways in as server-rendered
/// children (only for a visitor signed out). `None`: the session could not
/// be read, and the menu says so.
#[component]
pub fn UserMenu(visitor: Option<Visitor>, here: String, choices: Vec<ProviderChoice>) -> impl IntoView {
    let locale = use_locale();
    let area = match visitor {
        Some(Visitor { user, .. }) => {
            let choices = if user.is_some() { Vec::new() } else { choices };
            let (sign_in, sign_up) = (auth_link("/sign-in", &here), auth_link("/sign-up", &here));
            Either::Left(view! {
                <AccountArea user sign_in sign_up><MoreWays here choices/></AccountArea>
            })
        }
        None => Either::Right(view! {
            <span class="user-menu__status" role="status">{td_string!(locale, user_menu.unavailable)}</span>
        }),
    };
    view! { <div class="user-menu" data-testid="user-menu">{area}</div> }
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
