use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::form_field::FormField;
use crate::components::page_result::page_result;
use crate::error::AppError;
use crate::shop::api::{PlaceOrder, get_checkout};
use crate::shop::context::use_shop;
use crate::shop::model::CheckoutView;
use crate::shop::money::format_price;

/// `/checkout`: signed-in customers only; others are sent to sign in and
/// brought back here.
#[component]
pub fn CheckoutPage() -> impl IntoView {
    let checkout = Resource::new(|| (), |_| get_checkout());
    view! {
        <Title text="Checkout \u{2014} Bookstore"/>
        <h1>"Checkout"</h1>
        <Suspense fallback=|| view! { <p>"Loading checkout\u{2026}"</p> }>
            {move || Suspend::new(async move {
                page_result(checkout.await, "Checkout is not available", |view| if view.cart.lines.is_empty() { view! {
                        <section class="panel">
                            {view.cart.notices.into_iter().map(|n| view! { <p class="notice" role="status">{n}</p> }).collect_view()}
                            <p>"Your cart is empty, so there is nothing to check out."</p>
                            <p><A href="/books" attr:class="button">"Browse books"</A></p>
                        </section>
                    }.into_any() } else { view! { <CheckoutForm view/> }.into_any() })
            })}
        </Suspense>
    }
}

#[component]
fn CheckoutForm(view: CheckoutView) -> impl IntoView {
    let shop = use_shop();
    let place = ServerAction::<PlaceOrder>::new();
    let pending = place.pending();
    let value = place.value();
    Effect::new(move |_| {
        if value.with(|v| v.is_some()) {
            // Placed (cart now empty) or refused (cart may have been adjusted).
            shop.cart_changed();
        }
    });
    let error = move || value.get().and_then(Result::err);
    let general_error = move || {
        error()
            .filter(|e| !matches!(e, AppError::Invalid(_)))
            .map(|e| e.to_string())
    };
    let cart = view.cart;
    let total = cart.total_cents();
    let shipping = view.shipping;
    view! {
        {cart.notices.into_iter().map(|n| view! { <p class="notice" role="status">{n}</p> }).collect_view()}
        <div class="checkout">
            <section class="panel checkout__summary" aria-labelledby="summary-heading">
                <h2 id="summary-heading">"Your order"</h2>
                <ul class="order-lines">
                    {cart.lines.into_iter().map(|line| view! {
                        <li>
                            <span>{format!("{} \u{d7} {}", line.quantity, line.book.title)}</span>
                            <span class="price">{format_price(line.total_cents())}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <p class="order-total">"Total " <strong class="price" data-testid="checkout-total">{format_price(total)}</strong></p>
                <p><A href="/cart">"Change your cart"</A></p>
            </section>
            <ActionForm action=place attr:class="panel checkout__form" attr:novalidate="true">
                <h2>"Delivery address"</h2>
                <input type="hidden" name="order_key" value=view.order_key/>
                <FormField form="checkout" name="name" label="Full name" value=shipping.name autocomplete="name" error/>
                <FormField form="checkout" name="street" label="Street address" value=shipping.street autocomplete="street-address" error/>
                <FormField form="checkout" name="city" label="City" value=shipping.city autocomplete="address-level2" error/>
                <FormField form="checkout" name="postcode" label="Postal code" value=shipping.postcode autocomplete="postal-code" error/>
                <FormField form="checkout" name="country" label="Country" value=shipping.country autocomplete="country-name" error/>
                {(!view.organizations.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="checkout-organization">"Order for"</label>
                        <select id="checkout-organization" name="organization">
                            <option value="">"Myself"</option>
                            {view.organizations.iter().map(|org| view! {
                                <option value=org.id.clone()>{org.display_name().to_string()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <p class="checkout__note">"You pay on delivery. Placing the order reserves the books for you."</p>
                {move || general_error().map(|message| view! { <p class="notice notice--error" role="alert" data-testid="checkout-error">{message}</p> })}
                <button class="button button--primary" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { "Placing your order\u{2026}" } else { "Place order" }}
                </button>
            </ActionForm>
        </div>
    }
}
