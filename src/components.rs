//! Presentational pieces shared by pages, rendered on the server. They take
//! data through props or the auth and shop contexts and never reach
//! server-only modules. The islands among them live in `bookstore-core`
//! (the browser build needs them) and are re-exported here.

pub use bookstore_core::components::{account_area, add_to_cart, cart_count, checkout_form, form_field, live_search};

pub mod asset_links;
pub mod book_card;
pub mod book_cover;
pub mod error_panel;
pub mod language_switch;
pub mod page_result;
pub mod pagination;
pub mod sign_in_ways;
pub mod site_footer;
pub mod site_header;
pub mod user_menu;
