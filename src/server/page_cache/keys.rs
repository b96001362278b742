//! Which requests may share a kept page, and under which key: each catalog
//! route is keyed by what it reads, so unknown parameters, their order,
//! repeated `&` or a different spelling of the same search are one key, not
//! a new page each. The request that renders a kept page is rewritten to its
//! key's URI first, so the page can only show (and echo, in its sign-in and
//! language-switch links) what every visitor sharing that key asked for.

use axum::http::Uri;

use crate::server::error_link_key::names_error_params;
use crate::shop::query::BookQuery;

/// A URI longer than this is served, never kept (nobody shares it).
pub const MAX_KEPT_URI: usize = 1024;

/// A request that may get (and fill) a kept page.
#[derive(Debug, PartialEq, Eq)]
pub struct KeptUri {
    /// The route pattern, for the request metrics.
    pub route: &'static str,
    /// What the page reads of the URI: its path and the normalised query.
    pub canonical: String,
    /// The same, as the URI the keeping render serves.
    pub uri: Uri,
}

impl KeptUri {
    /// The kept-page key of `uri`, or `None` when it is not a catalog page
    /// or carries what is never shared (Leptos' error parameters of a
    /// no-JavaScript form, a long URI).
    pub fn of(uri: &Uri) -> Option<KeptUri> {
        let full = uri.path_and_query().map(|pq| pq.as_str().len()).unwrap_or(0);
        if full > MAX_KEPT_URI || uri.query().is_some_and(names_error_params) {
            return None;
        }
        let path = uri.path();
        let (route, canonical) = match path {
            "/" => ("/", "/".to_string()),
            "/books" => ("/books", books_query(uri.query().unwrap_or_default()).href()),
            _ => {
                let id = path.strip_prefix("/books/")?;
                if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                ("/books/{id}", format!("/books/{}", id.parse::<i64>().ok()?))
            }
        };
        let uri = canonical.parse().ok()?;
        Some(KeptUri { route, canonical, uri })
    }
}

/// The search `/books` shows for `query`, read as the router reads it
/// (names and values percent-decoded; of a repeated name, the last).
fn books_query(query: &str) -> BookQuery {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    BookQuery::from_params(|name| pairs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(uri: &str) -> Option<String> {
        KeptUri::of(&uri.parse().unwrap()).map(|k| k.canonical)
    }

    #[test]
    fn each_catalog_route_is_keyed_by_what_it_reads() {
        assert_eq!(key("/").as_deref(), Some("/"));
        assert_eq!(key("/?utm_source=mail&&x=1").as_deref(), Some("/"));
        assert_eq!(key("/books/12?ref=x").as_deref(), Some("/books/12"));
        assert_eq!(key("/books/0012").as_deref(), Some("/books/12"));
        assert_eq!(key("/books").as_deref(), Some("/books"));
        assert_eq!(key("/books?junk=1&&&").as_deref(), Some("/books"));
        assert_eq!(
            key("/books?sort=title&q=moby+dick&x=y").as_deref(),
            Some("/books?q=moby+dick&sort=title")
        );
        assert_eq!(
            key("/books?q=moby%20dick&sort=title"),
            key("/books?sort=title&q=moby+dick")
        );
        assert_eq!(
            key("/books?q=a&q=b").as_deref(),
            Some("/books?q=b"),
            "the router reads the last"
        );
        assert_eq!(
            key("/books?%71=cat").as_deref(),
            Some("/books?q=cat"),
            "names are decoded"
        );
    }

    #[test]
    fn other_pages_errors_and_long_uris_are_never_kept() {
        for uri in [
            "/cart",
            "/books/",
            "/books/x",
            "/books/1/x",
            "/books/99999999999999999999999",
            "/sign-in",
            "/books?__err=x&__path=y",
            "/books/1?%5F%5Fpath=%2Fapi%2Fadd_to_cart&%5F%5Ferr=eyJ4IjoxfQ",
        ] {
            assert_eq!(key(uri), None, "{uri}");
        }
        let long = format!("/books?q=cat&junk={}", "x".repeat(MAX_KEPT_URI));
        assert_eq!(key(&long), None);
        assert!(key(&format!("/books?q={}", "x".repeat(900))).is_some());
    }
}
