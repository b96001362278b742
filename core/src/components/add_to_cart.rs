//! "Add to cart", an island: a form that works without JavaScript (the
//! server answers with a redirect back) and, hydrated, adds in place with a
//! busy state and moves the header's count ([`crate::components::cart_count`]).

use leptos::either::Either;
use leptos::prelude::*;

use crate::components::cart_count::cart_items;
use crate::i18n::td_string;
use crate::language::context::use_locale;
use crate::shop::api::AddToCart as AddToCartFn;

#[island]
pub fn AddToCart(book_id: i64, stock: i64, title: String) -> impl IntoView {
    let action = ServerAction::<AddToCartFn>::new();
    let pending = action.pending();
    let value = action.value();
    let count = cart_items(None);
    Effect::new(move |_| {
        if let Some(Ok(change)) = value.get() {
            count.set(change.item_count);
        }
    });
    let sold_out = stock <= 0;
    let locale = use_locale();
    // Dispatched directly (not `ActionForm`, which would read the form's
    // fields back through a query-string parser in the wasm).
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(AddToCartFn {
            book_id,
            quantity: None,
        });
    };
    view! {
        <form method="post" action={<AddToCartFn as leptos::server_fn::ServerFn>::PATH} class="add-to-cart" on:submit=on_submit>
            <input type="hidden" name="book_id" value=book_id.to_string()/>
            <button class="button" type="submit" disabled=move || sold_out || pending.get()>
                {move || {
                    if sold_out {
                        td_string!(locale, add_to_cart.sold_out)
                    } else if pending.get() {
                        td_string!(locale, add_to_cart.adding)
                    } else {
                        td_string!(locale, add_to_cart.add)
                    }
                }}
                <span class="visually-hidden">{format!(": {title}")}</span>
            </button>
            <span class="add-to-cart__status" role="status">
                {move || match value.get() {
                    Some(Ok(_)) => Some(Either::Left(view! { <span class="ok">{td_string!(locale, add_to_cart.added)}{td_string!(locale, format.sentence_space)}<a href="/cart">{td_string!(locale, add_to_cart.view_cart)}</a></span> })),
                    Some(Err(err)) => Some(Either::Right(view! { <span class="error">{err.text(locale)}</span> })),
                    None => None,
                }}
            </span>
        </form>
    }
}
