//! The islands, the interactive parts of pages, and what they share: the
//! only components in the browser build. The server-rendered components
//! are the `bookstore` crate's (`src/components.rs`), which re-exports
//! these beside its own.

pub mod account_area;
pub mod add_to_cart;
pub mod cart_count;
pub mod checkout_form;
pub mod form_field;
pub mod live_search;
