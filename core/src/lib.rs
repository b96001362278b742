//! The Bookstore's core: the features (auth, shop, admin) and what they stand
//! on (the OpenID Connect protocol, storage, settings, mail, messages,
//! errors), with the islands, the only components the browser runs.
//!
//! Layers, each importing only the ones below it (docs/architecture.md):
//! `components (islands) → features (auth, shop, admin) → {oidc, db, config} → error`.
//! The pages, the route table and the server's composition root are the
//! `bookstore` crate above this one: an edit there rebuilds only that crate
//! (docs/performance.md, "the edit loop"). The browser build (`hydrate`,
//! linked by the `front/` crate) holds only the islands and what they use.

// The typed views of islands nest deeper than the default limit allows.
#![recursion_limit = "256"]

#[cfg(feature = "ssr")]
pub mod admin;
pub mod auth;
pub mod components;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod db;
pub mod error;
pub mod i18n;
#[cfg(all(test, feature = "ssr"))]
mod input_properties_tests;
pub mod language;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod metrics;
#[cfg(feature = "ssr")]
pub mod oidc;
#[cfg(feature = "ssr")]
pub mod request;
pub mod return_to;
pub mod shop;

/// What the wasm bundle's entry point (`front/`) runs before the page's
/// loader hydrates the islands (`bookstore::components::asset_links`):
/// makes the root owner every island descends from, with what they share
/// (the page's language and the cart count).
#[cfg(feature = "hydrate")]
pub fn hydrate_islands() {
    leptos::mount::hydrate_islands();
    // A server function that answers with a redirect (an order placed, a
    // sign-in to confirm) is followed as a full navigation.
    let _ = server_fn::redirect::set_redirect_hook(|to: &str| {
        let _ = leptos::prelude::window().location().set_href(to);
    });
    language::context::provide_language();
    components::cart_count::provide_cart_count();
}
