//! Orders: checkout in one transaction, the delivery address, stored orders.

pub mod checkout;
pub mod checkout_view;
pub mod confirm_first;
pub mod confirmation;
pub mod order_keys;
pub mod repo;
pub mod shipped;
pub mod shipping;
