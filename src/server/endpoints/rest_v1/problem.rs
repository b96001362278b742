//! API errors as JSON (`{"error", "error_description"}`, the OAuth style),
//! with `WWW-Authenticate` on 401 and 403 as RFC 6750 asks.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::oidc::access_token::BearerError;

const REALM: &str = "Bookstore API";

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub error: &'static str,
    pub description: String,
    pub www_authenticate: Option<String>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    error_description: &'a str,
}

impl ApiError {
    pub fn internal() -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            error: "server_error",
            description: "Something went wrong on our side. Please try again.".into(),
            www_authenticate: None,
        }
    }

    /// The database is out of reach; the client may retry.
    pub fn unavailable() -> Self {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            error: "temporarily_unavailable",
            description: "The bookstore is briefly unavailable. Please try again in a minute.".into(),
            www_authenticate: None,
        }
    }

    pub fn not_configured(description: &str) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            error: "not_configured",
            description: description.into(),
            www_authenticate: None,
        }
    }

    pub fn from_bearer(err: BearerError, scope: &str) -> Self {
        match err {
            // RFC 6750 3.1: no error code when the request had no credentials.
            BearerError::Missing => ApiError {
                status: StatusCode::UNAUTHORIZED,
                error: "invalid_request",
                description: "Send an access token for the Bookstore API: Authorization: Bearer <token>.".into(),
                www_authenticate: Some(format!("Bearer realm=\"{REALM}\", scope=\"{scope}\"")),
            },
            BearerError::Invalid(reason) => ApiError {
                status: StatusCode::UNAUTHORIZED,
                error: "invalid_token",
                description: format!("The access token was refused: {reason}. Get a new one and try again."),
                www_authenticate: Some(format!(
                    "Bearer realm=\"{REALM}\", error=\"invalid_token\", error_description=\"{reason}\""
                )),
            },
            BearerError::InsufficientScope(scope) => ApiError {
                status: StatusCode::FORBIDDEN,
                error: "insufficient_scope",
                description: format!("The access token does not grant the scope {scope}."),
                www_authenticate: Some(format!(
                    "Bearer realm=\"{REALM}\", error=\"insufficient_scope\", scope=\"{scope}\""
                )),
            },
            BearerError::Unavailable => ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                error: "temporarily_unavailable",
                description: "Access tokens cannot be checked right now. Try again shortly.".into(),
                www_authenticate: None,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: self.error,
            error_description: &self.description,
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(value) = self.www_authenticate.and_then(|v| HeaderValue::from_str(&v).ok()) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
        }
        response
    }
}
