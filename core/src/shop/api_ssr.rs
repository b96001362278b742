//! What the shop's server functions read from the request: the pool, the
//! session, the customer, the language; and how their errors are worded.

use crate::auth::session::AuthSession;
use crate::error::AppError;
use crate::shop::customer::Customer;

/// The shop's database pool, provided by the router.
pub fn db() -> Result<sqlx::AnyPool, AppError> {
    crate::request::context()
}

/// The shelves and facets kept per catalog version.
pub fn derived() -> Result<crate::shop::catalog::derived::CatalogDerived, AppError> {
    crate::request::context()
}

/// The sign-in feature's state (organization tokens and memberships).
pub fn auth() -> Result<crate::auth::state::AuthState, AppError> {
    crate::request::context()
}

pub async fn session() -> Result<AuthSession, AppError> {
    AuthSession::from_request().await
}

/// The request's language, for the messages written here.
pub fn locale() -> crate::i18n::Locale {
    crate::language::context::current()
}

pub fn db_error(err: sqlx::Error) -> AppError {
    crate::db::app_error(err)
}

pub fn session_error(err: tower_sessions::session::Error) -> AppError {
    tracing::warn!(error = %err, "session store unavailable");
    AppError::Unavailable
}

/// The signed-in customer, or 401.
pub async fn customer(session: &AuthSession) -> Result<Customer, AppError> {
    Customer::from_session(session).await?.ok_or(AppError::Unauthorized)
}
