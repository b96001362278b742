//! Logging: `RUST_LOG` filters (default `info`); one line per event, or one
//! JSON object per event with `BOOKSTORE_LOG_FORMAT=json` (for log
//! collectors). Every request runs in a span carrying its `x-request-id`, so
//! each line of a request names it.

use axum::http::Request;
use tower_http::request_id::RequestId;
use tracing::Span;
use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn"));
    let json = std::env::var("BOOKSTORE_LOG_FORMAT").is_ok_and(|format| format.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    // `try_init`: tests may build several servers in one process.
    let _ = if json {
        builder.json().flatten_event(true).with_current_span(true).try_init()
    } else {
        builder.try_init()
    };
}

/// The span of one request: method, path (without the query, which may carry
/// codes and states) and the request id.
pub fn request_span<B>(request: &Request<B>) -> Span {
    let id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
}

/// A request id the client (or its proxy) may set and that reaches every
/// log line of the request: short and plain, or it is replaced by a fresh one,
/// so a client cannot stuff log lines through it.
pub fn acceptable_request_id(value: &[u8]) -> bool {
    (1..=64).contains(&value.len())
        && value
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Drops an unacceptable `x-request-id` before the request-id layer keeps it.
pub async fn bound_request_id(
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if request
        .headers()
        .get("x-request-id")
        .is_some_and(|id| !acceptable_request_id(id.as_bytes()))
    {
        request.headers_mut().remove("x-request-id");
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::acceptable_request_id;

    #[test]
    fn only_short_plain_request_ids_are_kept() {
        assert!(acceptable_request_id(b"3f0c1f8e-5d7e-4f5b-9a1d-1c2b3a4d5e6f"));
        assert!(acceptable_request_id(b"lb.42_a"));
        for bad in [
            &b""[..],
            &[b'a'; 65][..],
            b"a b",
            b"a\tb",
            b"id\x1b[31m",
            "é".as_bytes(),
        ] {
            assert!(!acceptable_request_id(bad), "{bad:?}");
        }
    }
}
