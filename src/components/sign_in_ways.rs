use leptos::prelude::*;

use crate::auth::model::ProviderChoice;
use crate::auth::sign_in_ways::sign_in_href;
use crate::i18n::td_string;
use crate::language::context::use_locale;

/// The other ways into one provider: "Continue with Google" per configured
/// connector, "Use single sign-on" and "Forgot your password?" (Logto's
/// first screens). Renders nothing for a provider with none of them.
#[component]
pub fn SignInWays(choice: ProviderChoice, return_to: String) -> impl IntoView {
    let locale = use_locale();
    let link = move |options: &[(&str, &str)]| sign_in_href("/sign-in", &choice.id, &return_to, options);
    let shortcuts = choice
        .shortcuts
        .iter()
        .map(|shortcut| {
            let label = match &shortcut.name {
                Some(name) => td_string!(locale, sign_in.continue_with, name = name.clone()),
                None => td_string!(locale, sign_in.continue_with_sso).to_string(),
            };
            let href = link(&[("direct_sign_in", &shortcut.target)]);
            view! {
                <li><a class="button button--quiet" rel="external" data-direct-sign-in=shortcut.target.clone() href=href>{label}</a></li>
            }
        })
        .collect_view();
    let single_sign_on = choice.single_sign_on.then(|| {
        let href = link(&[("first_screen", "single_sign_on")]);
        view! { <li><a rel="external" href=href>{td_string!(locale, sign_in.use_single_sign_on)}</a></li> }
    });
    let reset_password = choice.reset_password.then(|| {
        let href = link(&[("first_screen", "reset_password")]);
        view! { <li><a rel="external" href=href>{td_string!(locale, sign_in.forgot_password)}</a></li> }
    });
    view! { <ul class="sign-in-ways">{shortcuts}{single_sign_on}{reset_password}</ul> }
}

/// Whether a provider has any way besides its main button.
pub fn has_other_ways(choice: &ProviderChoice) -> bool {
    !choice.shortcuts.is_empty() || choice.single_sign_on || choice.reset_password
}
