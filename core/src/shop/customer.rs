//! Who is shopping: a signed-in customer is (provider, subject), since the
//! same `sub` at two providers is two different people.

use crate::auth::session::{AuthSession, SessionError};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Customer {
    pub provider: String,
    pub subject: String,
}

impl Customer {
    /// The signed-in customer, if any.
    pub async fn from_session(session: &AuthSession) -> Result<Option<Customer>, SessionError> {
        Ok(session.signed_in().await?.map(|signed_in| Customer {
            provider: signed_in.provider,
            subject: signed_in.user.subject,
        }))
    }
}
