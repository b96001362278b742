//! Bookstore: a server-rendered Leptos shop with OpenID Connect sign-in.
//!
//! Layers, each importing only the ones below it (docs/architecture.md):
//! `pages → components → features (auth, shop, admin) → {oidc, db, config} → error`,
//! with `server` as the composition root that only `main.rs` and tests import.

pub mod admin;
pub mod app;
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
pub mod metrics;
#[cfg(feature = "ssr")]
pub mod oidc;
pub mod pages;
#[cfg(all(test, feature = "ssr"))]
mod render_rules_tests;
#[cfg(feature = "ssr")]
pub mod request;
pub mod return_to;
#[cfg(feature = "ssr")]
pub mod server;
pub mod shop;

/// Entry point of the wasm bundle: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // A marker for tests and scripts that must wait until the page is interactive.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
