use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::user_menu::UserMenu;

#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand__mark" aria-hidden="true">"\u{1F4DA}"</span>
                <span class="brand__name">"Bookstore"</span>
            </a>
            <nav class="site-nav" aria-label="Main">
                <A href="/">"Home"</A>
                <A href="/account">"Account"</A>
            </nav>
            <UserMenu/>
        </header>
    }
}
