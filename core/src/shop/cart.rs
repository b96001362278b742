//! The cart: its rules (stock, limits) and where it is kept (the session for
//! visitors, the database for customers).

pub mod rules;
pub mod store;
