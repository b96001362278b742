//! What happened to a customer's account, announced by `auth` to whoever
//! listens (the shop keeps its customer record, merges the cart, erases
//! personal data), so the sign-in code knows nothing of carts and orders.
//! The composition root (`server::startup`) decides who listens.

use std::sync::Arc;

use tower_sessions::Session;

/// A customer: the same `sub` at two providers is two people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account<'a> {
    pub provider: &'a str,
    pub subject: &'a str,
}

/// What the provider says about who the customer is (name, e-mail).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile<'a> {
    pub display_name: Option<&'a str>,
    pub email: Option<&'a str>,
}

#[derive(Debug, Clone, Copy)]
pub enum AuthEvent<'a> {
    /// Signed in, in this session (which may hold a visitor's cart).
    SignedIn {
        account: Account<'a>,
        profile: Profile<'a>,
        session: &'a Session,
    },
    /// The provider changed the customer's name or e-mail.
    ProfileChanged { account: Account<'a>, profile: Profile<'a> },
    /// Suspended (`true`) or reinstated at the provider; a suspended
    /// customer's sessions are already ended.
    Suspended { account: Account<'a>, suspended: bool },
    /// Deleted at the provider; their sessions are already ended.
    Deleted { account: Account<'a> },
}

#[async_trait::async_trait]
pub trait AuthListener: Send + Sync {
    /// Reacts; an error is logged, and for the provider's own events
    /// (webhooks) makes the delivery fail so the provider retries.
    async fn on(&self, event: AuthEvent<'_>) -> Result<(), String>;
}

/// Everyone listening, in order.
#[derive(Clone, Default)]
pub struct Listeners(Arc<Vec<Arc<dyn AuthListener>>>);

impl Listeners {
    pub fn new(listeners: Vec<Arc<dyn AuthListener>>) -> Self {
        Listeners(Arc::new(listeners))
    }

    /// Tells every listener; the first failure, after all were told.
    pub async fn announce(&self, event: AuthEvent<'_>) -> Result<(), String> {
        let mut first = Ok(());
        for listener in self.0.iter() {
            if let Err(err) = listener.on(event).await {
                tracing::error!(error = %err, ?event, "a listener could not react to an account event");
                if first.is_ok() {
                    first = Err(err);
                }
            }
        }
        first
    }
}

impl std::fmt::Debug for Listeners {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Listeners({})", self.0.len())
    }
}

/// Ends every stored session of a customer, on every instance (provided by
/// the composition root, which knows the session store).
#[async_trait::async_trait]
pub trait EndSessions: Send + Sync {
    /// How many sessions ended.
    async fn end_all(&self, provider: &str, subject: &str) -> Result<usize, String>;
    /// Ends the customer's sessions that came from one provider session
    /// (`sid`): a device they signed out; how many.
    async fn end_provider_session(&self, provider: &str, subject: &str, sid: &str) -> Result<usize, String>;
}
