//! The Bookstore API for other clients (a mobile app, a script): JSON,
//! described by the OpenAPI document it serves. `/api/v1/books` is public;
//! `/api/v1/orders` needs a bearer access token for the API resource with
//! the `read:orders` scope.

pub mod openapi;
pub mod problem;

use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::routing::get;
use serde::Serialize;
use std::collections::HashMap;

use crate::config::authz::READ_ORDERS_SCOPE;
use crate::oidc::access_token::{self, BearerError};
use crate::server::endpoints::bearer_header::bearer_token;
use crate::server::endpoints::rest_v1::problem::ApiError;
use crate::server::state::AppState;
use crate::shop::customer::Customer;
use crate::shop::model::{BookSummary, OrderSummary};
use crate::shop::query::BookQuery;

/// Every API route (method, path), as the OpenAPI document must list them.
pub const ROUTES: [(&str, &str); 3] = [
    ("get", "/api/v1/books"),
    ("get", "/api/v1/orders"),
    ("get", "/api/v1/openapi.json"),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route(ROUTES[0].1, get(list_books))
        .route(ROUTES[1].1, get(list_orders))
        .route(ROUTES[2].1, get(openapi::serve))
}

#[derive(Debug, Serialize)]
pub struct BookList {
    pub books: Vec<BookSummary>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub page_count: u32,
}

#[derive(Debug, Serialize)]
pub struct OrderList {
    pub orders: Vec<OrderSummary>,
}

fn db_error(err: sqlx::Error) -> ApiError {
    if crate::db::is_outage(&err) {
        tracing::warn!(error = %err, "API: database unavailable");
        ApiError::unavailable()
    } else {
        tracing::error!(error = %err, "API database query failed");
        ApiError::internal()
    }
}

/// `GET /api/v1/books`: the catalog search of `/books`, as JSON.
async fn list_books(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<BookList>, ApiError> {
    let query = BookQuery::from_params(|name| params.get(name).cloned());
    let page = crate::shop::catalog::repo::search(&state.db, &query)
        .await
        .map_err(db_error)?;
    Ok(Json(BookList {
        page_count: page.page_count(),
        books: page.books,
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}

/// `GET /api/v1/orders`: the caller's orders.
async fn list_orders(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<([(axum::http::HeaderName, &'static str); 1], Json<OrderList>), ApiError> {
    let api = state.settings.authz.api.as_ref().ok_or_else(|| {
        ApiError::not_configured("The orders API is not configured on this server (BOOKSTORE_API_RESOURCE).")
    })?;
    let provider = state.auth.providers.get(&api.provider).ok_or_else(ApiError::internal)?;
    let outcome = match bearer_token(&headers) {
        Ok(token) => {
            let now = chrono::Utc::now().timestamp();
            access_token::verify(&provider.oidc, token, &api.resource, Some(READ_ORDERS_SCOPE), now).await
        }
        Err(err) => Err(err),
    };
    let caller = outcome.map_err(|err| {
        if !matches!(err, BearerError::Missing) {
            tracing::warn!(reason = %err, "API call refused");
        }
        ApiError::from_bearer(err, READ_ORDERS_SCOPE)
    })?;
    let customer = Customer {
        provider: api.provider.clone(),
        subject: caller.subject,
    };
    let orders = crate::shop::orders::repo::list(&state.db, &customer)
        .await
        .map_err(db_error)?;
    // A customer's orders: no shared cache may keep them.
    Ok((
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Json(OrderList { orders }),
    ))
}
