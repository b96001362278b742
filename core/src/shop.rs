//! The shop: catalog, cart, checkout and orders. The models, URL state and
//! server functions compile for both sides; storage is server-only, grouped
//! by purpose ([`catalog`], [`cart`], [`orders`]).

pub mod address;
pub mod api;
pub mod context;
pub mod model;
pub mod money;
pub mod query;

#[cfg(feature = "ssr")]
pub mod account_events;
#[cfg(feature = "ssr")]
mod app_errors;
#[cfg(feature = "ssr")]
pub mod cart;
#[cfg(feature = "ssr")]
pub mod catalog;
#[cfg(feature = "ssr")]
pub mod customer;
#[cfg(feature = "ssr")]
pub mod customers;
#[cfg(feature = "ssr")]
pub mod orders;
#[cfg(all(any(test, feature = "test-support"), feature = "ssr"))]
pub mod test_db;
