//! Pages rendered once for every visitor without a session: the catalog
//! pages (`/`, `/books`, `/books/{id}`) look the same to all of them, so the
//! first render of a path and query is kept, compressed once (brotli and
//! gzip), and served to the next visitors until it is a few seconds old or
//! the catalog changes ([`CatalogVersion`]). Another instance's copy catches
//! up within [`FRESH_FOR`].
//!
//! A kept page cannot carry a per-response nonce, so its inline scripts are
//! allowed by their SHA-256 hashes instead: the nonce is removed from the
//! HTML and its `'nonce-…'` source in the Content-Security-Policy becomes the
//! list of hashes (CSP level 2).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::HeaderValue;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::shop::catalog::version::CatalogVersion;

/// How long a kept page is served: what other instances' edits may take to show.
pub const FRESH_FOR: Duration = Duration::from_secs(5);
/// At most this many pages are kept (queries are open-ended: a crawler's
/// thousand searches must not grow memory without bound).
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
    made: Instant,
    version: u64,
}

/// Which encoding of a kept page the request takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// From `Accept-Encoding`: brotli, else gzip, else none (a `q=0` refuses).
    pub fn negotiate(accept: Option<&str>) -> Encoding {
        let accepts = |name: &str| {
            accept.is_some_and(|header| {
                header.split(',').any(|item| {
                    let mut parts = item.split(';');
                    let coding = parts.next().unwrap_or("").trim();
                    let refused = parts.any(|p| {
                        p.trim()
                            .strip_prefix("q=")
                            .and_then(|q| q.trim().parse::<f32>().ok())
                            .is_some_and(|q| q == 0.0)
                    });
                    coding.eq_ignore_ascii_case(name) && !refused
                })
            })
        };
        if accepts("br") {
            Encoding::Brotli
        } else if accepts("gzip") {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }
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

    /// The route pattern of a page kept for visitors without a session, or
    /// `None` when the path is not one of those pages.
    pub fn route_of(path: &str) -> Option<&'static str> {
        match path {
            "/" => Some("/"),
            "/books" => Some("/books"),
            _ => {
                let id = path.strip_prefix("/books/")?;
                (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then_some("/books/{id}")
            }
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
        if pages.len() >= MAX_PAGES {
            let current = self.version.current();
            pages.retain(|_, p| p.made.elapsed() < FRESH_FOR && p.version == current);
        }
        if pages.len() < MAX_PAGES {
            pages.insert(key, std::sync::Arc::new(page));
        }
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

/// The policy with its `'nonce-…'` source replaced by the hashes of the
/// page's inline scripts, and the page without the nonce attributes.
fn with_script_hashes(csp: &str, html: &[u8]) -> Option<(String, Vec<u8>)> {
    let nonce = csp
        .split([' ', ';'])
        .find_map(|source| source.strip_prefix("'nonce-")?.strip_suffix('\''))?;
    let text = std::str::from_utf8(html).ok()?;
    let text = text.replace(&format!(" nonce=\"{nonce}\""), "");
    if text.contains(nonce) {
        // The nonce somewhere other than a script's attribute: do not keep it.
        return None;
    }
    let hashes: Vec<String> = inline_scripts(&text)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
        })
        .collect();
    let sources = if hashes.is_empty() {
        String::new()
    } else {
        hashes.join(" ")
    };
    let csp = csp.replace(&format!("'nonce-{nonce}'"), &sources);
    Some((csp, text.into_bytes()))
}

/// The contents of the page's inline `<script>` elements (those without `src`).
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find("<script")?;
            let after = &rest[start..];
            let open_end = after.find('>')?;
            let tag = &after[..open_end];
            let body_start = start + open_end + 1;
            let body_len = rest[body_start..].find("</script>")?;
            let body = &rest[body_start..body_start + body_len];
            rest = &rest[body_start + body_len + "</script>".len()..];
            if !tag.contains(" src=") {
                return Some(body);
            }
        }
    })
}

/// Quality 5: for pages of a few dozen KB as small as quality 9 (the home
/// page: 3,275 bytes against 3,322), at a fraction of the time and of the
/// encoder's working memory, which the allocator keeps once touched (quality
/// 9 added about 40 MB of resident memory in the release build). A 256 KiB
/// window (the default is 4 MiB) holds any page whole.
fn compress_brotli(html: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(html.len() / 4);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 5,
        lgwin: 18,
        ..Default::default()
    };
    // Writing to a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut &html[..], &mut out, &params);
    Bytes::from(out)
}

fn compress_gzip(html: &[u8]) -> Bytes {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    let _ = encoder.write_all(html);
    Bytes::from(encoder.finish().unwrap_or_default())
}

/// The header value for a kept page's encoding.
pub fn content_encoding(encoding: Encoding) -> Option<HeaderValue> {
    match encoding {
        Encoding::Brotli => Some(HeaderValue::from_static("br")),
        Encoding::Gzip => Some(HeaderValue::from_static("gzip")),
        Encoding::Identity => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSP: &str = "default-src 'self'; script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'; object-src 'none'";

    #[test]
    fn the_nonce_becomes_the_hashes_of_the_inline_scripts() {
        let html = br#"<html><head><script type="module" nonce="abc123">run(1)</script><script src="/pkg/a.js"></script></head><body><script nonce="abc123">__DATA = 2</script></body></html>"#;
        let (csp, page) = with_script_hashes(CSP, html).unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(!page.contains("abc123") && !csp.contains("abc123"), "{csp}\n{page}");
        let hash = |s: &str| {
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()))
            )
        };
        assert!(
            csp.contains(&format!(
                "script-src 'self' {} {} 'wasm-unsafe-eval'",
                hash("run(1)"),
                hash("__DATA = 2")
            )),
            "{csp}"
        );
        assert!(page.contains(r#"<script type="module">run(1)</script>"#), "{page}");
    }

    #[test]
    fn a_page_without_a_nonce_policy_is_not_kept() {
        assert!(with_script_hashes("default-src 'self'", b"<html></html>").is_none());
        // The nonce anywhere but in a script attribute: refused.
        assert!(with_script_hashes(CSP, b"<p>abc123</p>").is_none());
    }

    #[test]
    fn only_catalog_pages_are_kept() {
        assert_eq!(PageCache::route_of("/"), Some("/"));
        assert_eq!(PageCache::route_of("/books"), Some("/books"));
        assert_eq!(PageCache::route_of("/books/12"), Some("/books/{id}"));
        for path in [
            "/books/",
            "/books/x",
            "/cart",
            "/sign-in",
            "/account",
            "/books/1/x",
            "/orders/1",
        ] {
            assert_eq!(PageCache::route_of(path), None, "{path}");
        }
    }

    #[test]
    fn encodings_follow_accept_encoding() {
        assert_eq!(Encoding::negotiate(Some("gzip, deflate, br")), Encoding::Brotli);
        assert_eq!(Encoding::negotiate(Some("gzip")), Encoding::Gzip);
        assert_eq!(Encoding::negotiate(Some("br;q=0, gzip")), Encoding::Gzip);
        assert_eq!(Encoding::negotiate(Some("identity")), Encoding::Identity);
        assert_eq!(Encoding::negotiate(None), Encoding::Identity);
    }

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

    #[test]
    fn kept_bytes_decompress_to_the_page() {
        let html = "<html>".repeat(100);
        let brotli = compress_brotli(html.as_bytes());
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &brotli[..], &mut out).unwrap();
        assert_eq!(out, html.as_bytes());
        let gzip = compress_gzip(html.as_bytes());
        let mut decoded = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gzip[..]), &mut decoded).unwrap();
        assert_eq!(decoded, html);
    }
}
