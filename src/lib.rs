//! Bookstore: a server-rendered Leptos shop with OpenID Connect sign-in.
//!
//! This crate is the server's top: the pages, the route table and the
//! composition root (`server`, which only `main.rs` and tests import). The
//! features, the protocol, storage and the islands are the `bookstore-core`
//! crate below it (`core/`), re-exported here under their module names, so
//! `crate::auth`, `crate::shop` and the rest read the same on both sides.
//! Layers, each importing only the ones below it (docs/architecture.md):
//! `server → app → pages → components → features (auth, shop, admin) → {oidc, db, config} → error`.

// The typed views of pages nest deeper than the default limit allows.
#![recursion_limit = "256"]

pub use bookstore_core::{
    admin, auth, config, db, error, i18n, language, mail, metrics, oidc, request, return_to, shop,
};

pub mod app;
pub mod components;
pub mod pages;
#[cfg(test)]
mod render_rules_tests;
pub mod server;
