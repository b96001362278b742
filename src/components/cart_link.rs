use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::cart_count::CartCount;
use crate::i18n::td_string;
use crate::language::context::use_locale;
use crate::shop::context::use_shop;

/// "Cart (3)" in the header: a server-rendered link around the count island.
#[component]
pub fn CartLink() -> impl IntoView {
    let cart = use_shop().cart;
    let locale = use_locale();
    view! {
        <A href="/cart" attr:class="cart-link" attr:data-testid="cart-link">
            {td_string!(locale, site.cart)}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let count = cart.await.map(|c| c.item_count()).unwrap_or(0);
                    view! { <CartCount count/> }
                })}
            </Suspense>
        </A>
    }
}
