//! Keeping a signed-in customer's choice with the customer: the language
//! switch asks whoever the composition root provides (the sign-in feature
//! knows who is signed in; this module does not).

use std::sync::Arc;

use crate::error::AppError;
use crate::language::Locale;

#[async_trait::async_trait]
pub trait KeepForCustomer: Send + Sync {
    /// Keeps `locale` for the customer signed in on this request, if any.
    async fn keep(&self, locale: Locale) -> Result<(), AppError>;
}

/// Provided as request context by `server::router`.
#[derive(Clone)]
pub struct CustomerLanguage(pub Arc<dyn KeepForCustomer>);
