//! Gives server-function errors their real HTTP status. server_fn answers every
//! error with 500; this reads the serialized [`AppError`] and uses its status,
//! so a bad argument is a 400 and a missing sign-in a 401.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

use crate::error::AppError;

/// server_fn marks its error answers with this header.
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";
/// Serialized errors are tiny; anything larger is left alone.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn server_fn_error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::from("server function error"));
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}
