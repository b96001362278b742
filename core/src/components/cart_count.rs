//! The header's cart count, an island: the server renders it from the cart,
//! and in the browser every "Add to cart" on the page moves it without a
//! reload. The count lives in [`CartItems`], provided once on the root
//! owner every island descends from (`hydrate` in `lib.rs`), so the islands
//! share it without a common parent island.

use leptos::prelude::*;

use crate::language::context::use_locale;
use crate::language::counts::items;

/// The number of items in the visitor's cart, shared by the islands of one
/// page (browser only: on the server each island renders from its props).
#[derive(Clone, Copy)]
pub struct CartItems(pub RwSignal<u32>);

/// Provides the shared count (in the browser, before the islands hydrate).
pub fn provide_cart_count() {
    provide_context(CartItems(RwSignal::new(0)));
}

/// The shared count when there is one (the browser), else a count of the
/// island's own.
pub fn cart_items(initial: Option<u32>) -> RwSignal<u32> {
    match use_context::<CartItems>() {
        Some(CartItems(shared)) => {
            if let Some(count) = initial {
                shared.set(count);
            }
            shared
        }
        None => RwSignal::new(initial.unwrap_or_default()),
    }
}

#[island]
pub fn CartCount(count: u32) -> impl IntoView {
    let count = cart_items(Some(count));
    let locale = use_locale();
    view! {
        <span class="cart-link__count" aria-label=move || items(locale, count.get())>{move || count.get()}</span>
    }
}
