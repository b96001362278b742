//! The language switch's choice, kept with the signed-in customer
//! (`language::keep`), so it follows them to every browser they sign in with.

use crate::auth::session::AuthSession;
use crate::error::AppError;
use crate::language::Locale;
use crate::language::keep::KeepForCustomer;

pub struct KeepOnAccount;

#[async_trait::async_trait]
impl KeepForCustomer for KeepOnAccount {
    async fn keep(&self, locale: Locale) -> Result<(), AppError> {
        if let Some(signed_in) = AuthSession::from_request().await?.signed_in().await? {
            let db: sqlx::AnyPool = crate::request::context()?;
            crate::language::store::save(&db, &signed_in.provider, &signed_in.user.subject, locale)
                .await
                .map_err(crate::db::app_error)?;
        }
        Ok(())
    }
}
