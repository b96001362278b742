//! What is computed from the catalog alone and shown on every visit: the
//! home page's shelves and the search filters' choices with their counts.
//! Each is queried once per catalog version (`version.rs`) and kept, so a
//! signed-in visitor's home page or search no longer runs those queries; an
//! edit or an order on this instance refreshes them at once, another
//! instance's within [`FRESH_FOR`].

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::shop::catalog::version::{CatalogVersion, FRESH_FOR};
use crate::shop::model::{Facets, HomeShelves};

/// One kept value and the catalog version it was computed at.
struct Kept<T>(Mutex<Option<(u64, Instant, T)>>);

impl<T: Clone> Kept<T> {
    fn new() -> Self {
        Kept(Mutex::new(None))
    }

    fn get(&self, version: u64) -> Option<T> {
        let slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        slot.as_ref()
            .filter(|(at, made, _)| *at == version && made.elapsed() < FRESH_FOR)
            .map(|(_, _, value)| value.clone())
    }

    fn put(&self, version: u64, value: T) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some((version, Instant::now(), value));
    }

    /// The kept value, or `compute`'s (kept for next time when it succeeds).
    async fn get_or<E, F>(&self, version: &CatalogVersion, compute: impl FnOnce() -> F) -> Result<T, E>
    where
        F: Future<Output = Result<T, E>>,
    {
        // Read before computing: a change during the query keeps the value
        // under the old version, so the next request computes again.
        let at = version.current();
        if let Some(value) = self.get(at) {
            return Ok(value);
        }
        let value = compute().await?;
        self.put(at, value.clone());
        Ok(value)
    }
}

/// The shelves and facets, shared by every request (a Leptos context slice).
#[derive(Clone)]
pub struct CatalogDerived(Arc<Inner>);

struct Inner {
    version: CatalogVersion,
    shelves: Kept<HomeShelves>,
    facets: Kept<Facets>,
}

impl CatalogDerived {
    pub fn new(version: CatalogVersion) -> Self {
        CatalogDerived(Arc::new(Inner {
            version,
            shelves: Kept::new(),
            facets: Kept::new(),
        }))
    }

    pub async fn shelves<E, F>(&self, compute: impl FnOnce() -> F) -> Result<HomeShelves, E>
    where
        F: Future<Output = Result<HomeShelves, E>>,
    {
        self.0.shelves.get_or(&self.0.version, compute).await
    }

    pub async fn facets<E, F>(&self, compute: impl FnOnce() -> F) -> Result<Facets, E>
    where
        F: Future<Output = Result<Facets, E>>,
    {
        self.0.facets.get_or(&self.0.version, compute).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn facets_are_computed_once_per_catalog_version() {
        let version = CatalogVersion::default();
        let derived = CatalogDerived::new(version.clone());
        let computed = std::sync::atomic::AtomicU32::new(0);
        let compute = || async {
            computed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok::<_, ()>(Facets::default())
        };
        derived.facets(compute).await.unwrap();
        derived.facets(compute).await.unwrap();
        assert_eq!(computed.load(std::sync::atomic::Ordering::SeqCst), 1, "kept");
        version.bump();
        derived.facets(compute).await.unwrap();
        assert_eq!(
            computed.load(std::sync::atomic::Ordering::SeqCst),
            2,
            "a change recomputes"
        );
        version.bump();
        assert!(
            derived.facets(|| async { Err::<Facets, _>("down") }).await.is_err(),
            "a failure is not kept"
        );
        derived.facets(compute).await.unwrap();
        assert_eq!(
            computed.load(std::sync::atomic::Ordering::SeqCst),
            3,
            "computed again after the failure"
        );
    }
}
