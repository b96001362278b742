//! The header's account area, an island: "Signed in as … / Sign out" or
//! "Sign in / Create account", rendered on the server from the session and
//! hydrated from the same props. It follows the other tabs of this browser
//! ([`crate::auth::other_tabs`]): a sign-out in one shows in all of them
//! without a reload, and so does a sign-in.

use leptos::either::Either;
use leptos::prelude::*;

use crate::auth::model::ShownUser;
use crate::auth::other_tabs::follow_other_tabs;
use crate::i18n::td_string;
use crate::language::context::use_locale;

/// `children` are the server-rendered "More ways to sign in" (none when
/// signed in); they stay out of the wasm and are hidden while signed in.
#[island]
pub fn AccountArea(user: Option<ShownUser>, sign_in: String, sign_up: String, children: Children) -> impl IntoView {
    let locale = use_locale();
    let shown = RwSignal::new(user);
    let signing_out = RwSignal::new(false);
    follow_other_tabs(shown, signing_out);
    let menu = move || match shown.get() {
        Some(user) => Either::Left(view! {
            <span class="user-menu__status">{td_string!(locale, user_menu.signed_in_as)}<strong data-testid="user-name">{user.name}</strong></span>
            // A plain form: the answer is a redirect to the provider's
            // sign-out, a full navigation either way.
            <form method="post" action="/sign-out" class="inline-form" on:submit=move |_| signing_out.set(true)>
                <button class="button button--quiet" type="submit" aria-busy=move || signing_out.get().to_string()>
                    {move || if signing_out.get() { td_string!(locale, user_menu.signing_out) } else { td_string!(locale, user_menu.sign_out) }}
                </button>
            </form>
        }),
        // rel="external": full navigations to server endpoints that redirect
        // to the identity provider.
        None => Either::Right(view! {
            <a class="button" rel="external" href=sign_in.clone()>{td_string!(locale, user_menu.sign_in)}</a>
            <a class="button button--quiet" rel="external" href=sign_up.clone()>{td_string!(locale, user_menu.create_account)}</a>
        }),
    };
    view! {
        {menu}
        <div class="user-menu__others" hidden=move || shown.with(Option::is_some)>{children()}</div>
    }
}
