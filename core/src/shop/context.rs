//! The cart shared by the header and the pages: rendered on the server from
//! the session, reused by hydration, and fetched again whenever a cart
//! action anywhere on the page succeeds or the visitor signs out.

use leptos::prelude::*;

use crate::auth::context::use_auth;
use crate::error::AppError;
use crate::shop::api::get_cart;
use crate::shop::model::CartView;

#[derive(Clone, Copy)]
pub struct ShopContext {
    pub cart: Resource<Result<CartView, AppError>>,
    /// Bumped after every change to the cart.
    pub cart_version: RwSignal<u32>,
}

impl ShopContext {
    pub fn cart_changed(&self) {
        self.cart_version.update(|v| *v += 1);
    }
}

pub fn provide_shop() -> ShopContext {
    let sign_out = use_auth().sign_out;
    let cart_version = RwSignal::new(0u32);
    let cart = Resource::new(move || (cart_version.get(), sign_out.version().get()), |_| get_cart());
    let context = ShopContext { cart, cart_version };
    provide_context(context);
    context
}

pub fn use_shop() -> ShopContext {
    expect_context::<ShopContext>()
}
