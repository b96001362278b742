//! "Add to cart": a form that works without JavaScript (the server answers
//! with a redirect back) and, hydrated, adds in place with a busy state.

use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;

use crate::shop::api::AddToCart as AddToCartFn;
use crate::shop::context::use_shop;

#[component]
pub fn AddToCart(book_id: i64, stock: i64, #[prop(into)] title: String) -> impl IntoView {
    let shop = use_shop();
    let action = ServerAction::<AddToCartFn>::new();
    let pending = action.pending();
    let value = action.value();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            shop.cart_changed();
        }
    });
    let sold_out = stock <= 0;
    let locale = use_locale();
    view! {
        <ActionForm action=action attr:class="add-to-cart">
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
                    Some(Ok(_)) => view! { <span class="ok">{td_string!(locale, add_to_cart.added)}{td_string!(locale, format.sentence_space)}<a href="/cart">{td_string!(locale, add_to_cart.view_cart)}</a></span> }.into_any(),
                    Some(Err(err)) => view! { <span class="error">{err.text(locale)}</span> }.into_any(),
                    None => ().into_any(),
                }}
            </span>
        </ActionForm>
    }
}
