use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use crate::language::counts::items;
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
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, cart.title))/>
        <h1>{td_string!(locale, cart.title)}</h1>
        {move || value.get().and_then(Result::err).map(|err| view! { <p class="notice notice--error" role="alert">{err.text(locale)}</p> })}
        <Transition fallback=move || view! { <p>{td_string!(locale, cart.loading)}</p> }>
            {move || Suspend::new(async move {
                page_result(shop.cart.await, td_string!(locale, cart.failed), |cart| view! { <CartContents cart update/> })
            })}
        </Transition>
    }
}

#[component]
fn CartContents(cart: CartView, update: ServerAction<UpdateCart>) -> impl IntoView {
    let notices = cart.notices.clone();
    let total = cart.total_cents();
    let count = cart.item_count();
    let locale = use_locale();
    let notices = move || {
        notices
            .iter()
            .map(|n| view! { <p class="notice" role="status">{n.text(locale)}</p> })
            .collect_view()
    };
    if cart.lines.is_empty() {
        return view! {
            {notices()}
            <section class="panel">
                <p data-testid="cart-empty">{td_string!(locale, cart.empty)}</p>
                <p><A href="/books" attr:class="button">{td_string!(locale, cart.browse)}</A></p>
            </section>
        }
        .into_any();
    }
    view! {
        {notices()}
        <ul class="cart-lines" aria-label=td_string!(locale, cart.lines_label)>
            {cart.lines.into_iter().map(|line| view! { <CartRow line update/> }).collect_view()}
        </ul>
        <section class="cart-summary panel" aria-label=td_string!(locale, cart.summary_label)>
            <p>
                {items(locale, count)}
                " \u{b7} " {td_string!(locale, cart.total)} " "
                <strong class="price" data-testid="cart-total">{format_price(locale, total)}</strong>
            </p>
            <p class="cart-summary__note">{td_string!(locale, cart.shipping_note)}</p>
            // A full page load: a signed-out visitor is sent to sign in by the server.
            <a class="button button--primary" rel="external" href="/checkout">{td_string!(locale, cart.go_to_checkout)}</a>
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
    let locale = use_locale();
    let line_total = format_price(locale, book.price_cents * i64::from(line.quantity));
    let (cover_title, link_title) = (book.title.clone(), book.title.clone());
    let quantity_label = td_string!(locale, cart.quantity_of, title = book.title.clone());
    let remove_label = format!(" {}", book.title);
    let cover_authors = authors.clone();
    let href = book.href();
    view! {
        <li class="cart-line" data-testid="cart-line">
            <BookCover id=book.id title=cover_title authors=cover_authors width=64/>
            <div class="cart-line__book">
                <A href=href>{link_title}</A>
                <p class="book-card__authors">{authors}</p>
                <p>{td_string!(locale, cart.each, price = format_price(locale, book.price_cents))}</p>
            </div>
            <ActionForm action=update attr:class="cart-line__quantity">
                <input type="hidden" name="book_id" value=book.id.to_string()/>
                <label for=quantity_id.clone()>{quantity_label}</label>
                <input id=quantity_id type="number" name="quantity" min="1" max=max.to_string() value=line.quantity.to_string() required/>
                <button class="button button--quiet" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { td_string!(locale, cart.updating) } else { td_string!(locale, cart.update) }}
                </button>
            </ActionForm>
            <p class="price cart-line__total">{line_total}</p>
            <ActionForm action=update attr:class="cart-line__remove">
                <input type="hidden" name="book_id" value=book.id.to_string()/>
                <input type="hidden" name="quantity" value="0"/>
                <button class="button button--quiet" type="submit" disabled=move || pending.get()>
                    {td_string!(locale, cart.remove)} <span class="visually-hidden">{remove_label}</span>
                </button>
            </ActionForm>
        </li>
    }
}
