//! The shop: catalog, cart, checkout and orders. The models, URL state and
//! server functions compile for both sides; storage is server-only.

pub mod api;
pub mod context;
pub mod model;
pub mod money;
pub mod query;

#[cfg(feature = "ssr")]
pub mod cart_rules;
#[cfg(feature = "ssr")]
pub mod cart_store;
#[cfg(feature = "ssr")]
pub mod catalog_data;
#[cfg(feature = "ssr")]
pub mod catalog_edit;
#[cfg(feature = "ssr")]
pub mod catalog_repo;
#[cfg(feature = "ssr")]
pub mod checkout;
#[cfg(feature = "ssr")]
pub mod customer;
#[cfg(feature = "ssr")]
pub mod full_text;
#[cfg(feature = "ssr")]
pub mod orders_repo;
#[cfg(feature = "ssr")]
pub mod shipping;
#[cfg(all(test, feature = "ssr"))]
pub(crate) mod test_db;
