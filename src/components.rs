//! Presentational pieces shared by pages. They take data through props or the
//! auth and shop contexts and never reach server-only modules.
//!
//! Only the islands and what they use are in the browser build; the rest
//! is server-rendered only, so an edit there leaves the wasm as it was.

pub mod account_area;
pub mod add_to_cart;
#[cfg(feature = "ssr")]
pub mod asset_links;
#[cfg(feature = "ssr")]
pub mod book_card;
#[cfg(feature = "ssr")]
pub mod book_cover;
pub mod cart_count;
pub mod checkout_form;
#[cfg(feature = "ssr")]
pub mod error_panel;
pub mod form_field;
#[cfg(feature = "ssr")]
pub mod language_switch;
pub mod live_search;
#[cfg(feature = "ssr")]
pub mod page_result;
#[cfg(feature = "ssr")]
pub mod pagination;
#[cfg(feature = "ssr")]
pub mod sign_in_ways;
#[cfg(feature = "ssr")]
pub mod site_footer;
#[cfg(feature = "ssr")]
pub mod site_header;
#[cfg(feature = "ssr")]
pub mod user_menu;
