use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::form_field::FormField;
use crate::components::page_result::{SignInAndComeBack, page_result};
use crate::error::AppError;
use crate::shop::api::{PlaceOrder, get_checkout};
use crate::shop::model::{CheckoutView, ShippingAddress};
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

/// The address form, an island: a field error shows beside its field and
/// keeps what the customer typed in the others (a plain post would render
/// the form again from the server). Placed, the server redirects to the order.
/// `organizations` are (id, name) pairs the customer may order for.
#[island]
fn CheckoutForm(
    order_key: String,
    shipping: ShippingAddress,
    organizations: Vec<(String, String)>,
    chosen: Option<String>,
) -> impl IntoView {
    let place = ServerAction::<PlaceOrder>::new();
    let pending = place.pending();
    let value = place.value();
    let locale = use_locale();
    let error = move || value.get().and_then(Result::err);
    let general_error = move || {
        error()
            .filter(|e| !matches!(e, AppError::Invalid(_)))
            .map(|e| e.text(locale))
    };
    // Dispatched directly from the form's fields (not `ActionForm`, whose
    // query-string parser would weigh more in the wasm than this form).
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        if let Some(order) = read_order(&ev) {
            ev.prevent_default();
            place.dispatch(order);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <form method="post" action={<PlaceOrder as leptos::server_fn::ServerFn>::PATH} class="panel checkout__form" novalidate="true" on:submit=on_submit>
            <h2>{td_string!(locale, checkout.address)}</h2>
            <input type="hidden" name="order_key" value=order_key/>
            <FormField form="checkout" name="name" label=td_string!(locale, checkout.name) value=shipping.name autocomplete="name" error/>
            <FormField form="checkout" name="street" label=td_string!(locale, checkout.street) value=shipping.street autocomplete="street-address" error/>
            <FormField form="checkout" name="city" label=td_string!(locale, checkout.city) value=shipping.city autocomplete="address-level2" error/>
            <FormField form="checkout" name="postcode" label=td_string!(locale, checkout.postcode) value=shipping.postcode autocomplete="postal-code" error/>
            <FormField form="checkout" name="country" label=td_string!(locale, checkout.country) value=shipping.country autocomplete="country-name" error/>
            {(!organizations.is_empty()).then(|| view! {
                <div class="field">
                    <label for="checkout-organization">{td_string!(locale, checkout.order_for)}</label>
                    <select id="checkout-organization" name="organization">
                        <option value="">{td_string!(locale, checkout.myself)}</option>
                        {organizations.into_iter().map(|(id, name)| {
                            let selected = chosen.as_deref() == Some(id.as_str());
                            view! { <option value=id selected=selected>{name}</option> }
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
        </form>
    }
}

/// The order the submitted checkout form describes.
#[cfg(feature = "hydrate")]
fn read_order(ev: &leptos::ev::SubmitEvent) -> Option<PlaceOrder> {
    use leptos::wasm_bindgen::JsCast;
    let form: leptos::web_sys::HtmlFormElement = ev.target()?.dyn_into().ok()?;
    let data = leptos::web_sys::FormData::new_with_form(&form).ok()?;
    let field = |name: &str| data.get(name).as_string().unwrap_or_default();
    let organization = Some(field("organization")).filter(|id| !id.is_empty());
    Some(PlaceOrder {
        order_key: field("order_key"),
        name: field("name"),
        street: field("street"),
        city: field("city"),
        postcode: field("postcode"),
        country: field("country"),
        organization,
    })
}
