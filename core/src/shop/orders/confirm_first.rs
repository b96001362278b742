//! Step-up before an order: when the policy asks (every order, or those
//! above an amount) and the customer's sign-in is not recent, the filled
//! checkout form is kept in the session and the customer confirms who they
//! are at the provider, then comes back to `/checkout` with it filled in.

use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use url::Url;

use crate::auth::session::AuthSession;
use crate::auth::state::AuthState;
use crate::auth::step_up::{is_recent, start_step_up};
use crate::error::AppError;
use crate::shop::cart::store::{CartOwner, view};
use crate::shop::customer::Customer;
use crate::shop::model::ShippingAddress;

const DRAFT_KEY: &str = "checkout.draft";

/// The checkout form as the customer filled it, kept across the step-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutDraft {
    pub shipping: ShippingAddress,
    pub organization: Option<String>,
}

/// The draft kept for this session, taken out (the checkout page fills
/// itself from it once).
pub async fn take_draft(session: &Session) -> Result<Option<CheckoutDraft>, tower_sessions::session::Error> {
    session.remove(DRAFT_KEY).await
}

/// `None` when the order may go ahead; otherwise the provider URL the
/// customer must confirm at first (the draft is kept for their return).
pub async fn confirm_first(
    auth: &AuthState,
    session: &AuthSession,
    customer: &Customer,
    draft: &CheckoutDraft,
    language: crate::i18n::Locale,
) -> Result<Option<Url>, AppError> {
    let policy = &auth.authz.step_up;
    let signed_in = session.signed_in().await?.ok_or(AppError::Unauthorized)?;
    if is_recent(&signed_in, policy.max_age, chrono::Utc::now().timestamp()) {
        return Ok(None);
    }
    if policy.order_above_cents > 0 {
        let cart = view(&auth.db, &CartOwner::Customer(customer))
            .await
            .map_err(AppError::from)?;
        if cart.total_cents() <= policy.order_above_cents {
            return Ok(None);
        }
    }
    session
        .0
        .insert(DRAFT_KEY, draft)
        .await
        .map_err(crate::auth::session::SessionError::from)?;
    let url = start_step_up(auth, &signed_in, "/checkout".into(), language).await?;
    tracing::info!("order waits for the customer to confirm who they are");
    Ok(Some(url))
}
