use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::book_cover::BookCover;
use crate::components::page_result::page_result;
use crate::shop::api::UpdateCart;
use crate::shop::context::use_shop;
use crate::shop::model::MAX_PER_LINE;
use crate::shop::model::{CartLine, CartView};
use crate::shop::money::format_price;

/// `/cart`: the visitor's cart, signed in or not.
#[component]
pub fn CartPage() -> impl IntoView {
    let shop = use_shop();
    let update = ServerAction::<UpdateCart>::new();
    let value = update.value();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            shop.cart_changed();
        }
    });
    view! {
        <Title text="Your cart \u{2014} Bookstore"/>
        <h1>"Your cart"</h1>
        {move || value.get().and_then(Result::err).map(|err| view! { <p class="notice notice--error" role="alert">{err.to_string()}</p> })}
        <Transition fallback=|| view! { <p>"Loading your cart\u{2026}"</p> }>
            {move || Suspend::new(async move {
                page_result(shop.cart.await, "Your cart could not be shown", |cart| view! { <CartContents cart update/> })
            })}
        </Transition>
    }
}

#[component]
fn CartContents(cart: CartView, update: ServerAction<UpdateCart>) -> impl IntoView {
    let notices = cart.notices.clone();
    let total = cart.total_cents();
    let count = cart.item_count();
    if cart.lines.is_empty() {
        return view! {
            {notices.into_iter().map(|n| view! { <p class="notice" role="status">{n}</p> }).collect_view()}
            <section class="panel">
                <p data-testid="cart-empty">"Your cart is empty."</p>
                <p><A href="/books" attr:class="button">"Browse books"</A></p>
            </section>
        }
        .into_any();
    }
    view! {
        {notices.into_iter().map(|n| view! { <p class="notice" role="status">{n}</p> }).collect_view()}
        <ul class="cart-lines" aria-label="Books in your cart">
            {cart.lines.into_iter().map(|line| view! { <CartRow line update/> }).collect_view()}
        </ul>
        <section class="cart-summary panel" aria-label="Order summary">
            <p>
                {format!("{count} {}", if count == 1 { "item" } else { "items" })}
                " \u{b7} Total "
                <strong class="price" data-testid="cart-total">{format_price(total)}</strong>
            </p>
            <p class="cart-summary__note">"Shipping is free. You will sign in before paying if you have not already."</p>
            // A full page load: a signed-out visitor is sent to sign in by the server.
            <a class="button button--primary" rel="external" href="/checkout">"Go to checkout"</a>
        </section>
    }
    .into_any()
}

#[component]
fn CartRow(line: CartLine, update: ServerAction<UpdateCart>) -> impl IntoView {
    let pending = update.pending();
    let book = line.book;
    let authors = book.authors_text();
    let quantity_id = format!("quantity-{}", book.id);
    let max = book.stock.clamp(1, i64::from(MAX_PER_LINE));
    let line_total = format_price(book.price_cents * i64::from(line.quantity));
    let (cover_title, link_title) = (book.title.clone(), book.title.clone());
    let quantity_label = format!("Quantity of {}", book.title);
    let remove_label = format!(" {}", book.title);
    let cover_authors = authors.clone();
    let href = book.href();
    view! {
        <li class="cart-line" data-testid="cart-line">
            <BookCover id=book.id title=cover_title authors=cover_authors width=64/>
            <div class="cart-line__book">
                <A href=href>{link_title}</A>
                <p class="book-card__authors">{authors}</p>
                <p>{format_price(book.price_cents)} " each"</p>
            </div>
            <ActionForm action=update attr:class="cart-line__quantity">
                <input type="hidden" name="book_id" value=book.id.to_string()/>
                <label for=quantity_id.clone()>{quantity_label}</label>
                <input id=quantity_id type="number" name="quantity" min="1" max=max.to_string() value=line.quantity.to_string() required/>
                <button class="button button--quiet" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { "Updating\u{2026}" } else { "Update" }}
                </button>
            </ActionForm>
            <p class="price cart-line__total">{line_total}</p>
            <ActionForm action=update attr:class="cart-line__remove">
                <input type="hidden" name="book_id" value=book.id.to_string()/>
                <input type="hidden" name="quantity" value="0"/>
                <button class="button button--quiet" type="submit" disabled=move || pending.get()>
                    "Remove" <span class="visually-hidden">{remove_label}</span>
                </button>
            </ActionForm>
        </li>
    }
}
