//! The compiled assets under `/pkg`: served from the precompressed copies
//! (`.br`, `.gz`, written by scripts/build-release) when the browser accepts
//! them, and cached for a year when their names carry a content hash (a new
//! build has new names), otherwise revalidated.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::services::ServeDir;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

pub fn router<S: Clone + Send + Sync + 'static>(site_root: &str, pkg_dir: &str) -> Router<S> {
    let files = ServeDir::new(Path::new(site_root).join(pkg_dir))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

/// `bookstore.2b8f0c1e.wasm` carries a hash; `bookstore.wasm` does not.
pub fn is_hashed(file_name: &str) -> bool {
    let parts: Vec<&str> = file_name.split('.').collect();
    parts.len() >= 3
        && parts[parts.len() - 2].len() >= 8
        && parts[parts.len() - 2]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = request.uri().path().rsplit('/').next().is_some_and(is_hashed);
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == axum::http::StatusCode::NOT_MODIFIED {
        let value = if hashed { IMMUTABLE } else { REVALIDATE };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("bookstore.9d5ee8f0fa1b4cc1.wasm"));
        assert!(is_hashed("bookstore.Zm9vYmFyYmF6.css"));
        assert!(!is_hashed("bookstore.wasm"));
        assert!(!is_hashed("bookstore_bg.wasm"));
        assert!(!is_hashed("bookstore.min.js"));
    }
}
