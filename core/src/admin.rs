//! Staff pages: add, edit and remove books and change stock. Every server
//! function checks the admin role on the server; the UI only hides links.

pub mod api;
#[cfg(feature = "ssr")]
pub mod book_form;
#[cfg(feature = "ssr")]
pub mod confirm_first;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod model;
