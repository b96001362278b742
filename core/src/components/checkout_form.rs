//! The checkout's address form, an island (`pages::checkout` renders the
//! order summary around it on the server).

use leptos::prelude::*;

use crate::components::form_field::FormField;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::language::context::use_locale;
use crate::shop::api::PlaceOrder;
use crate::shop::model::ShippingAddress;

/// The address form, an island: a field error shows beside its field and
/// keeps what the customer typed in the others (a plain post would render
/// the form again from the server). Placed, the server redirects to the order.
/// `organizations` are (id, name) pairs the customer may order for.
#[island]
pub fn CheckoutForm(
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
