//! A handler that panics (a bug, here or in a library) answers 500 with a
//! page that says so, instead of dropping the visitor's connection; the
//! panic is logged with the request's span, never shown to the visitor.

use std::any::Any;

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};
use tower_http::catch_panic::CatchPanicLayer;

/// What a panic carries (its message, usually).
type Payload = Box<dyn Any + Send + 'static>;

/// The layer: catches a panic while the request is handled or its page rendered.
pub fn layer() -> CatchPanicLayer<fn(Payload) -> Response<Body>> {
    CatchPanicLayer::custom(answer as fn(Payload) -> Response<Body>)
}

/// The page a panic becomes. The request's language is not known here, so it
/// says it in both.
const PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Something went wrong · Bookstore</title>\
<style>body{font:1rem/1.6 system-ui,\"Hiragino Sans\",\"Noto Sans CJK JP\",sans-serif;color:#1f2328;\
max-width:36rem;margin:4rem auto;padding:0 1.25rem}h1{font-size:1.5rem}a{color:#0b5cad}</style></head><body>\
<h1>Something went wrong on our side</h1>\
<p>The page could not be made. Nothing you did caused this; please load the page again. \
If it keeps happening, come back in a few minutes.</p>\
<p lang=\"ja\">サーバー側で問題が発生しました。もう一度ページを読み込んでください。</p>\
<p><a href=\"/\">Bookstore home</a></p></body></html>";

fn answer(payload: Payload) -> Response<Body> {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "a request handler panicked; answered 500");
    let mut response = Response::new(Body::from(PAGE));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    async fn panics() -> &'static str {
        panic!("secret detail that must not reach the visitor")
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500_with_a_page_and_no_detail() {
        let app = Router::new().route("/", get(panics)).layer(layer());
        let response = app
            .oneshot(axum::http::Request::get("/").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
        let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(body.contains("Something went wrong on our side"), "{body}");
        assert!(!body.contains("secret detail"), "the panic stays in the log");
    }
}
