//! Route-level views: one file per page.

pub mod account;
pub mod callback;
pub mod home;
pub mod not_found;
pub mod sign_in;
pub mod sign_out;
