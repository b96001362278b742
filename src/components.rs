//! Presentational pieces shared by pages. They take data through props or the
//! auth and shop contexts and never reach server-only modules.

pub mod account_area;
pub mod add_to_cart;
#[cfg(feature = "ssr")]
pub mod asset_links;
pub mod book_card;
pub mod book_cover;
pub mod cart_count;
pub mod error_panel;
pub mod form_field;
pub mod language_switch;
pub mod live_search;
pub mod page_result;
pub mod pagination;
pub mod sign_in_ways;
pub mod site_footer;
pub mod site_header;
pub mod user_menu;
