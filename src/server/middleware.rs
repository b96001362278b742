//! Layers every response passes through: security headers, the
//! Content-Security-Policy of rendered pages, server-function statuses and
//! request counting; the kept catalog pages; a 500 page for a handler that
//! panics.

pub mod cached_pages;
pub mod csp;
pub mod error_links;
pub mod kept_render;
pub mod navigation_endpoints;
pub mod panics;
pub mod request_metrics;
pub mod same_origin;
pub mod security_headers;
pub mod server_fn_status;
pub mod visitor_pages;
