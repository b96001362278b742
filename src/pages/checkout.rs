use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::checkout_form::CheckoutForm;
use crate::components::page_result::{SignInAndComeBack, page_result};
use crate::error::AppError;
use crate::shop::api::get_checkout;
use crate::shop::model::CheckoutView;
use crate::shop::money::format_price;

/// `/checkout`: signed-in customers only; others are sent to the sign-in
/// choice page (where a sign-in link by e-mail is offered too) and brought
/// back here.
#[component]
pub fn CheckoutPage() -> impl IntoView {
    let checkout = Resource::new(|| (), |_| get_checkout());
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, checkout.title))/>
        <h1>{td_string!(locale, checkout.title)}</h1>
        <Suspense fallback=move || view! { <p>{td_string!(locale, checkout.loading)}</p> }>
            {move || Suspend::new(async move {
                let checkout = match checkout.await {
                    // Signed out: the choice page, which also offers a sign-in link by e-mail.
                    Err(AppError::Unauthorized | AppError::SessionExpired) => {
                        return view! { <SignInAndComeBack endpoint="/sign-in/choose"/> }.into_any();
                    }
                    other => other,
                };
                page_result(checkout, td_string!(locale, checkout.failed), |view| if view.cart.lines.is_empty() { view! {
                        <section class="panel">
                            {view.cart.notices.into_iter().map(|n| view! { <p class="notice" role="status">{n.text(locale)}</p> }).collect_view()}
                            <p>{td_string!(locale, checkout.empty)}</p>
                            <p><A href="/books" attr:class="button">{td_string!(locale, checkout.browse)}</A></p>
                        </section>
                    }.into_any() } else { view! { <CheckoutSummary view/> }.into_any() })
            })}
        </Suspense>
    }
}

/// The order summary (server-rendered) and the address form island.
#[component]
fn CheckoutSummary(view: CheckoutView) -> impl IntoView {
    let locale = use_locale();
    let resumed = view.resumed.then(|| {
        view! { <p class="notice" role="status" data-testid="checkout-resumed">{td_string!(locale, checkout.resumed)}</p> }
    });
    let cart = view.cart;
    let total = cart.total_cents();
    let organizations = view
        .organizations
        .iter()
        .map(|org| (org.id.clone(), org.display_name().to_string()))
        .collect();
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
            <CheckoutForm order_key=view.order_key shipping=view.shipping organizations chosen=view.organization/>
        </div>
    }
}
