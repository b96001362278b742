//! Shared by the integration tests: `spawn_app()` (the real router on a
//! free port, against the dev identity provider, with a database of its
//! own), a browser-like client, and what tests do with them.

mod app;
mod browser;
mod databases;
mod idp;
mod mailbox;
mod spawn;

use std::path::PathBuf;

pub use app::*;
pub use browser::*;
pub use databases::*;
pub use idp::*;
pub use mailbox::*;
pub use spawn::*;

pub const CLIENT_ID: &str = "bookstore-dev";
pub const CLIENT_SECRET: &str = "bookstore-dev-secret";
pub const ADA: (&str, &str, &str) = ("ada", "bookstore-ada", "Ada Lovelace");
pub const GRACE: (&str, &str, &str) = ("grace", "bookstore-grace", "Grace Hopper");
pub const ALAN: (&str, &str, &str) = ("alan", "bookstore-alan", "alan");
/// A new book as the admin form posts it.
pub const NEW_BOOK: [(&str, &str); 8] = [
    ("title", "The Mysterious Affair at Styles"),
    ("authors", "Agatha Christie"),
    ("year", "1920"),
    ("language", "en"),
    ("subjects", "Mystery, Fiction"),
    ("price", "11.50"),
    ("stock", "4"),
    ("description", "Hercule Poirot's first case, at an Essex country house."),
];
/// The Logto webhook signing key the test apps are configured with.
pub const WEBHOOK_KEY: &str = "test-webhook-signing-key-0123456789";
pub const API_RESOURCE: &str = "https://api.bookstore.test";
/// A delivery address for test orders, as checkout form fields.
pub const ADDRESS: [(&str, &str); 5] = [
    ("name", "Ada Lovelace"),
    ("street", "12 St James's Square"),
    ("city", "London"),
    ("postcode", "SW1Y 4JH"),
    ("country", "United Kingdom"),
];

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
