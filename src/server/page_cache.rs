//! Pages rendered once for every visitor without a session: the catalog
//! pages (`/`, `/books`, `/books/{id}`) look the same to all of them, so the
//! first render of each key ([`KeptUri`]: the route and what it reads of the
//! query) is kept, compressed once (brotli and gzip), and served to the next
//! visitors until it is a few seconds old or the catalog changes
//! ([`CatalogVersion`]). Another instance's copy catches up within
//! [`FRESH_FOR`]. A page is kept only when its render said it is the same
//! for everyone ([`crate::request::shared_page`]).
//!
//! A kept page cannot carry a per-response nonce, so its inline scripts are
//! allowed by their SHA-256 hashes instead: the nonce is removed from the
//! HTML and its `'nonce-…'` source in the Content-Security-Policy becomes the
//! list of hashes (CSP level 2).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::body::Bytes;
use axum::http::HeaderValue;

use crate::shop::catalog::version::{CatalogVersion, FRESH_FOR};

mod brotli_join;
mod encoding;
mod keys;
mod script_hashes;
mod slots;

pub use encoding::{Encoding, content_encoding};
use encoding::{compress_brotli, compress_gzip};
pub use keys::KeptUri;
use script_hashes::with_script_hashes;
pub use slots::Slots;

/// At most this many pages are kept (queries are open-ended: a crawler's
/// thousand searches must not grow memory without bound); past it the
/// oldest goes, so a burst of one-off searches cannot keep the popular
/// pages out.
const MAX_PAGES: usize = 512;
/// A page larger than this is not kept.
pub const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

/// One kept page, in the three encodings.
pub struct CachedPage {
    pub csp: HeaderValue,
    pub identity: Bytes,
    pub brotli: Bytes,
    pub gzip: Bytes,
    /// The route pattern, for the request metrics.
    pub route: &'static str,
    /// Where the per-visitor regions are, found at the first assembly.
    pub slots: std::sync::OnceLock<Option<Slots>>,
    made: Instant,
    version: u64,
}

pub struct PageCache {
    pages: Mutex<HashMap<String, std::sync::Arc<CachedPage>>>,
    /// Keys being rendered now: one request renders and keeps; others render for themselves.
    rendering: Mutex<std::collections::HashSet<String>>,
    version: CatalogVersion,
}

impl PageCache {
    pub fn new(version: CatalogVersion) -> Self {
        PageCache {
            pages: Mutex::default(),
            rendering: Mutex::default(),
            version,
        }
    }

    /// The kept page for `key`, if it is fresh and of the current catalog.
    pub fn get(&self, key: &str) -> Option<std::sync::Arc<CachedPage>> {
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        let page = pages.get(key)?;
        (page.made.elapsed() < FRESH_FOR && page.version == self.version.current()).then(|| page.clone())
    }

    /// Claims the render of `key`; false when another request is rendering it.
    pub fn claim(&self, key: &str) -> Option<RenderClaim<'_>> {
        let mut rendering = self.rendering.lock().unwrap_or_else(|e| e.into_inner());
        rendering.insert(key.to_string()).then(|| RenderClaim {
            cache: self,
            key: key.to_string(),
            version: self.version.current(),
        })
    }

    fn put(&self, key: String, page: CachedPage) {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MAX_PAGES && !pages.contains_key(&key) {
            let current = self.version.current();
            pages.retain(|_, p| p.made.elapsed() < FRESH_FOR && p.version == current);
            if pages.len() >= MAX_PAGES {
                let oldest = pages.iter().min_by_key(|(_, p)| p.made).map(|(k, _)| k.clone());
                if let Some(oldest) = oldest {
                    pages.remove(&oldest);
                }
            }
        }
        pages.insert(key, std::sync::Arc::new(page));
    }
}

/// The right to keep one render; released when dropped.
pub struct RenderClaim<'a> {
    cache: &'a PageCache,
    key: String,
    /// The catalog version before the render began: a change during the
    /// render makes the page stale at once.
    version: u64,
}

impl RenderClaim<'_> {
    /// Keeps a rendered page: `csp` is the policy it was sent with, `html`
    /// the body. Returns what to serve, or `None` when the page cannot be
    /// kept (no nonce to replace).
    pub fn keep(self, route: &'static str, csp: &str, html: &[u8]) -> Option<std::sync::Arc<CachedPage>> {
        let (csp, html) = with_script_hashes(csp, html)?;
        let page = CachedPage {
            csp: HeaderValue::from_str(&csp).ok()?,
            brotli: compress_brotli(&html),
            gzip: compress_gzip(&html),
            identity: Bytes::from(html),
            route,
            slots: std::sync::OnceLock::new(),
            made: Instant::now(),
            version: self.version,
        };
        self.cache.put(self.key.clone(), page);
        self.cache.get(&self.key)
    }
}

impl Drop for RenderClaim<'_> {
    fn drop(&mut self) {
        let mut rendering = self.cache.rendering.lock().unwrap_or_else(|e| e.into_inner());
        rendering.remove(&self.key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSP: &str = "default-src 'self'; script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'; object-src 'none'";

    #[test]
    fn a_catalog_change_retires_kept_pages() {
        let version = CatalogVersion::default();
        let cache = PageCache::new(version.clone());
        let claim = cache.claim("/").unwrap();
        assert!(cache.claim("/").is_none(), "one render at a time");
        assert!(
            claim
                .keep("/", CSP, b"<html><script nonce=\"abc123\">x</script></html>")
                .is_some()
        );
        assert!(cache.get("/").is_some());
        version.bump();
        assert!(cache.get("/").is_none());
        assert!(cache.claim("/").is_some(), "the claim was released");
    }

    fn keep(cache: &PageCache, key: &str) {
        let claim = cache.claim(key).unwrap();
        claim.keep("/books", CSP, b"<html><script nonce=\"abc123\">x</script></html>");
    }

    #[test]
    fn one_off_searches_cannot_keep_a_popular_page_out() {
        let version = CatalogVersion::default();
        let cache = PageCache::new(version.clone());
        keep(&cache, "en /");
        version.bump();
        assert!(cache.get("en /").is_none(), "stale after a catalog change");
        for n in 0..600 {
            keep(&cache, &format!("en /books?q=junk{n}"));
        }
        keep(&cache, "en /");
        assert!(cache.get("en /").is_some(), "the popular page is kept again");
        assert!(cache.get("en /books?q=junk599").is_some(), "the newest stay");
        assert!(cache.get("en /books?q=junk0").is_none(), "the oldest went");
        assert!(cache.pages.lock().unwrap().len() <= MAX_PAGES);
    }
}
