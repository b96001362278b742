//! How one provider's ID tokens are checked: every field of Logto's OIDC
//! connector `idTokenVerificationConfig`, with defaults that are safe for any
//! provider. Built from the settings; applied by `verify`.

use std::time::Duration;

use chrono::{DateTime, Utc};
use openidconnect::core::CoreJwsSigningAlgorithm;

#[derive(Clone, Debug, PartialEq)]
pub struct TokenPolicy {
    /// Accepted `iss` values; empty means the discovery document's issuer.
    pub issuers: Vec<String>,
    /// Accepted `aud` values; empty means the client id.
    pub audiences: Vec<String>,
    /// Allowed signature algorithms; `None` means what discovery advertises.
    /// Either way limited to the asymmetric ones Bookstore verifies.
    pub algorithms: Option<Vec<CoreJwsSigningAlgorithm>>,
    /// Clock difference tolerated in every time check.
    pub clock_tolerance: Duration,
    /// The oldest `iat` accepted, as an age.
    pub max_token_age: Duration,
    /// With `max_age` in the request: the oldest `auth_time` accepted.
    pub max_auth_age: Option<Duration>,
    /// Critical header parameters (`crit`) understood; a token whose `crit`
    /// names anything else is refused.
    pub crit: Vec<String>,
    /// The required `typ` header, if any.
    pub typ: Option<String>,
    /// The required `sub`, if any.
    pub subject: Option<String>,
    /// A fixed clock, for replaying a recorded token.
    pub current_date: Option<DateTime<Utc>>,
}

impl Default for TokenPolicy {
    fn default() -> Self {
        Self {
            issuers: Vec::new(),
            audiences: Vec::new(),
            algorithms: None,
            clock_tolerance: Duration::from_secs(60),
            // A token fresh from the code exchange was issued moments ago; an
            // older one is a replay or a badly wrong clock.
            max_token_age: Duration::from_secs(300),
            max_auth_age: None,
            crit: Vec::new(),
            typ: None,
            subject: None,
            current_date: None,
        }
    }
}
