//! Route-level views: one file per page.

pub mod account;
pub mod admin;
pub mod admin_orders;
pub mod book;
pub mod books;
pub mod callback;
pub mod cart;
pub mod checkout;
pub mod delete_account;
pub mod devices;
pub mod email_link;
pub mod home;
pub mod not_found;
pub mod orders;
pub mod organization;
pub mod params;
pub mod sign_in;
pub mod sign_out;
