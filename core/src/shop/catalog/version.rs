//! Which state of the catalog the pages show: a counter bumped whenever
//! something a visitor sees of it changes (a staff edit, stock taken by an
//! order). Pages cached for visitors without a session are served only while
//! the version they were rendered at is current (see `server::page_cache`);
//! other instances catch up when their short-lived copies expire.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How long a value derived from the catalog (a kept page, the shelves, the
/// filters) is used without this instance seeing a change: what another
/// instance's edit may take to show here.
pub const FRESH_FOR: Duration = Duration::from_secs(5);

#[derive(Clone, Debug, Default)]
pub struct CatalogVersion(Arc<AtomicU64>);

impl CatalogVersion {
    pub fn current(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    pub fn bump(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

/// Called by the server functions that change the catalog or stock: the
/// version provided to this request moves on.
pub fn catalog_changed() {
    match leptos::prelude::use_context::<CatalogVersion>() {
        Some(version) => version.bump(),
        None => {
            tracing::error!("no catalog version in the server function context: cached pages may show the old catalog")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bump_is_seen_by_every_clone() {
        let version = CatalogVersion::default();
        let seen_elsewhere = version.clone();
        let before = seen_elsewhere.current();
        version.bump();
        assert_eq!(seen_elsewhere.current(), before + 1);
    }
}
