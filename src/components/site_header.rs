use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::context::use_auth;
use crate::components::cart_link::CartLink;
use crate::components::language_switch::LanguageSwitch;
use crate::components::user_menu::UserMenu;
use crate::i18n::td_string;
use crate::language::context::use_locale;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let locale = use_locale();
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                <svg class="brand__mark" viewBox="0 0 64 64" width="28" height="28" aria-hidden="true">
                    <rect width="64" height="64" rx="12" fill="#7a2e1d"></rect>
                    <path d="M14 16h16a6 6 0 0 1 6 6v28a5 5 0 0 0-5-5H14z" fill="#f6efe4"></path>
                    <path d="M50 16H38a6 6 0 0 0-6 6v28a5 5 0 0 1 5-5h13z" fill="#e9dcc6"></path>
                </svg>
                <span class="brand__name">{td_string!(locale, site.name)}</span>
            </a>
            <nav class="site-nav" aria-label=td_string!(locale, site.nav_label)>
                <A href="/" exact=true>{td_string!(locale, site.nav_home)}</A>
                <A href="/books">{td_string!(locale, site.nav_books)}</A>
                <A href="/orders">{td_string!(locale, site.nav_orders)}</A>
                <A href="/account">{td_string!(locale, site.nav_account)}</A>
                <AdminLink/>
                <CartLink/>
            </nav>
            <UserMenu/>
            <LanguageSwitch/>
        </header>
    }
}

/// "Admin", for staff only (the admin pages check the role on the server).
#[component]
fn AdminLink() -> impl IntoView {
    let user = use_auth().user;
    let label = td_string!(use_locale(), site.nav_admin);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let is_admin = matches!(user.await, Ok(Some(user)) if user.is_admin);
                is_admin.then(|| view! { <A href="/admin">{label}</A> })
            })}
        </Transition>
    }
}
