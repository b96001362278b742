//! The composition root: where the app is assembled from its features and
//! served. Only `main.rs` and the tests import it.
//!
//! - [`startup`]: settings, database, sessions and providers, then serve;
//! - [`router`]: the Leptos routes and server functions with their context,
//!   the other endpoints, and the layers;
//! - [`state`]: the state it all shares, handed to features in slices.

pub mod ending_sessions;
pub mod endpoints;
pub mod error_link_key;
pub mod front;
pub mod listen;
pub mod middleware;
pub mod page_cache;
pub mod router;
pub mod session_count;
pub mod session_store;
pub mod startup;
pub mod state;
pub mod telemetry;

pub use startup::{BuiltApp, StartupError, build_app, main, serve};
