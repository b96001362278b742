//! How the shop reacts to what happens to a customer's account (announced
//! by `auth::events`): at sign-in the visitor's cart becomes the customer's
//! and the customer record is refreshed; the provider's changes keep the
//! record in step; a deletion erases personal data and anonymises orders.

use sqlx::AnyPool;

use crate::auth::events::{AuthEvent, AuthListener};
use crate::shop::customer::Customer;
use crate::shop::customers;

pub struct ShopListener {
    pub db: AnyPool,
    /// For the customer record's refresh at each sign-in: its commit is not
    /// synced on its own (SQLite), so a sign-in commits durably once (the
    /// session index). A power loss may lose the refresh; the next sign-in
    /// makes it again.
    pub relaxed: AnyPool,
    /// The headers kept per session: a merged cart changes the count every
    /// session of the customer shows.
    pub visitors: crate::auth::visitors::Visitors,
}

#[async_trait::async_trait]
impl AuthListener for ShopListener {
    async fn on(&self, event: AuthEvent<'_>) -> Result<(), String> {
        let now = chrono::Utc::now().timestamp();
        let db = &self.db;
        match event {
            AuthEvent::SignedIn {
                account,
                profile,
                session,
            } => {
                let customer = Customer {
                    provider: account.provider.to_string(),
                    subject: account.subject.to_string(),
                };
                // Both are tried; the cart stays in the session if its merge fails.
                let merged = crate::shop::cart::store::merge_on_sign_in(db, session, &customer).await;
                let kept = customers::signed_in(
                    &self.relaxed,
                    account.provider,
                    account.subject,
                    profile.display_name,
                    profile.email,
                    now,
                )
                .await;
                self.visitors.forget_subject(account.subject);
                merged.map_err(|err| format!("the visitor's cart could not be merged: {err}"))?;
                kept.map_err(|err| format!("the customer record could not be kept: {err}"))?;
            }
            AuthEvent::ProfileChanged { account, profile } => customers::profile_changed(
                db,
                account.provider,
                account.subject,
                profile.display_name,
                profile.email,
                now,
            )
            .await
            .map_err(|err| err.to_string())?,
            AuthEvent::Suspended { account, suspended } => {
                let state = if suspended {
                    customers::SUSPENDED
                } else {
                    customers::ACTIVE
                };
                customers::set_state(db, account.provider, account.subject, state, now)
                    .await
                    .map_err(|err| err.to_string())?
            }
            AuthEvent::Deleted { account } => customers::erase(db, account.provider, account.subject, now)
                .await
                .map_err(|err| err.to_string())?,
        }
        Ok(())
    }
}
