use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
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
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, checkout.title))/>
        <h1>{td_string!(locale, checkout.title)}</h1>
        <Suspense fallback=move || view! { <p>{td_string!(locale, checkout.loading)}</p> }>
            {move || Suspend::new(async move {
                page_result(checkout.await, td_string!(locale, checkout.failed), |view| if view.cart.lines.is_empty() { view! {
                        <section class="panel">
                            {view.cart.notices.into_iter().map(|n| view! { <p class="notice" role="status">{n.text(locale)}</p> }).collect_view()}
                            <p>{td_string!(locale, checkout.empty)}</p>
                            <p><A href="/books" attr:class="button">{td_string!(locale, checkout.browse)}</A></p>
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
    let locale = use_locale();
    let error = move || value.get().and_then(Result::err);
    let general_error = move || {
        error()
            .filter(|e| !matches!(e, AppError::Invalid(_)))
            .map(|e| e.text(locale))
    };
    let resumed = view.resumed.then(|| {
        view! { <p class="notice" role="status" data-testid="checkout-resumed">{td_string!(locale, checkout.resumed)}</p> }
    });
    let chosen = view.organization.clone();
    let cart = view.cart;
    let total = cart.total_cents();
    let shipping = view.shipping;
    view! {
        {cart.notices.into_iter().map(|n| view! { <p class="notice" role="status">{n.text(locale)}</p> }).collect_view()}
        {resumed}
        <div class="checkout">
            <section class="panel checkout__summary" aria-labelledby="summary-heading">
                <h2 id="summary-heading">{td_string!(locale, checkout.your_order)}</h2>
                <ul class="order-lines">
                    {cart.lines.into_iter().map(|line| view! {
                        <li>
                            <span>{td_string!(locale, checkout.line, quantity = line.quantity, title = line.book.title.clone())}</span>
                            <span class="price">{format_price(locale, line.total_cents())}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <p class="order-total">{td_string!(locale, checkout.total)} " " <strong class="price" data-testid="checkout-total">{format_price(locale, total)}</strong></p>
                <p><A href="/cart">{td_string!(locale, checkout.change_cart)}</A></p>
            </section>
            <ActionForm action=place attr:class="panel checkout__form" attr:novalidate="true">
                <h2>{td_string!(locale, checkout.address)}</h2>
                <input type="hidden" name="order_key" value=view.order_key/>
                <FormField form="checkout" name="name" label=td_string!(locale, checkout.name) value=shipping.name autocomplete="name" error/>
                <FormField form="checkout" name="street" label=td_string!(locale, checkout.street) value=shipping.street autocomplete="street-address" error/>
                <FormField form="checkout" name="city" label=td_string!(locale, checkout.city) value=shipping.city autocomplete="address-level2" error/>
                <FormField form="checkout" name="postcode" label=td_string!(locale, checkout.postcode) value=shipping.postcode autocomplete="postal-code" error/>
                <FormField form="checkout" name="country" label=td_string!(locale, checkout.country) value=shipping.country autocomplete="country-name" error/>
                {(!view.organizations.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="checkout-organization">{td_string!(locale, checkout.order_for)}</label>
                        <select id="checkout-organization" name="organization">
                            <option value="">{td_string!(locale, checkout.myself)}</option>
                            {view.organizations.iter().map(|org| view! {
                                <option value=org.id.clone() selected=chosen.as_deref() == Some(org.id.as_str())>{org.display_name().to_string()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <p class="checkout__note">{td_string!(locale, checkout.pay_note)}</p>
                <p class="checkout__note">{td_string!(locale, checkout.confirm_note)}</p>
                {move || general_error().map(|message| view! { <p class="notice notice--error" role="alert" data-testid="checkout-error">{message}</p> })}
                <button class="button button--primary" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { td_string!(locale, checkout.placing) } else { td_string!(locale, checkout.place) }}
                </button>
            </ActionForm>
        </div>
    }
}
