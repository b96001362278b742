//! What the checkout page shows: the customer's cart, the address to fill
//! in (the form they filled before confirming who they are, else their last
//! order's, else their name), the organizations they may order for, and a
//! fresh order key.

use sqlx::AnyPool;

use crate::auth::session::AuthSession;
use crate::auth::state::AuthState;
use crate::error::AppError;
use crate::shop::cart::store::{CartOwner, view};
use crate::shop::customer::Customer;
use crate::shop::model::{CheckoutView, ShippingAddress};

fn session_error(err: tower_sessions::session::Error) -> AppError {
    AppError::from(crate::auth::session::SessionError::from(err))
}

pub async fn checkout_view(
    db: &AnyPool,
    auth: &AuthState,
    session: &AuthSession,
    customer: &Customer,
) -> Result<CheckoutView, AppError> {
    let cart = view(db, &CartOwner::Customer(customer)).await.map_err(AppError::from)?;
    let signed_in = session.signed_in().await?;
    let draft = crate::shop::orders::confirm_first::take_draft(&session.0)
        .await
        .map_err(session_error)?;
    let resumed = draft.is_some();
    let (shipping, organization) = match draft {
        Some(draft) => (draft.shipping, draft.organization),
        None => {
            let last = crate::shop::orders::repo::last_address(db, customer)
                .await
                .map_err(crate::db::app_error)?;
            let shipping = last.unwrap_or_else(|| ShippingAddress {
                name: signed_in.as_ref().and_then(|s| s.user.name.clone()).unwrap_or_default(),
                ..Default::default()
            });
            (shipping, None)
        }
    };
    // Organizations only from Logto, named from userinfo when it can be read.
    let offered = signed_in
        .as_ref()
        .is_some_and(|s| !crate::auth::organizations::offered(auth, s).is_empty());
    let organizations = if offered {
        crate::auth::account::memberships(auth, session).await?
    } else {
        Vec::new()
    };
    let order_key = crate::shop::orders::order_keys::issue(&session.0)
        .await
        .map_err(session_error)?;
    Ok(CheckoutView {
        cart,
        order_key,
        shipping,
        organizations,
        organization,
        resumed,
    })
}
