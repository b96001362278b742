//! How the cart's and checkout's own errors become the `AppError` a visitor
//! sees: rule and stock problems in the request's language, outages as
//! "briefly unavailable" (logged here, never sent).

use crate::error::AppError;
use crate::i18n::td_string;
use crate::language::context::current;
use crate::shop::cart::rules::CartRuleError;
use crate::shop::cart::store::{CartError, MAX_LINES};
use crate::shop::orders::checkout::CheckoutError;

impl From<CartError> for AppError {
    fn from(err: CartError) -> Self {
        match err {
            CartError::Rule(CartRuleError::UnknownBook) => AppError::NotFound,
            CartError::Rule(rule @ CartRuleError::ZeroQuantity) => AppError::BadRequest(rule.text(current())),
            CartError::Rule(rule) => AppError::Conflict(rule.text(current())),
            CartError::TooManyLines => AppError::Conflict(td_string!(current(), cart.too_many_lines, max = MAX_LINES)),
            CartError::Database(err) => crate::db::app_error(err),
            CartError::Session(err) => {
                tracing::warn!(error = %err, "session store unavailable");
                AppError::Unavailable
            }
        }
    }
}

impl From<CheckoutError> for AppError {
    fn from(err: CheckoutError) -> Self {
        match err {
            CheckoutError::EmptyCart | CheckoutError::OutOfStock(_) => AppError::Conflict(err.text(current())),
            CheckoutError::BadKey => AppError::BadRequest(err.text(current())),
            CheckoutError::Database(err) => crate::db::app_error(err),
        }
    }
}
