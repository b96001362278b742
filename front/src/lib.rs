//! The wasm bundle's entry point. The islands themselves live in the
//! `bookstore-core` crate (its `hydrate` feature); they are exported from here
//! because this crate links them.

/// Called by the page's loader before it hydrates the islands
/// (`bookstore::components::asset_links`).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    bookstore_core::hydrate_islands();
}
