//! Where an order's confirmation goes: when the shop sends mail, to the
//! signed-in customer's address if the provider verified it; else nowhere.

use crate::auth::session::{AuthSession, SessionError};
use crate::i18n::Locale;
use crate::mail::{MailContext, verified_address};
use crate::shop::orders::checkout::ConfirmTo;

pub struct Confirmation {
    orders_url: String,
    address: String,
}

impl Confirmation {
    pub fn to(&self, locale: Locale) -> ConfirmTo<'_> {
        ConfirmTo {
            address: &self.address,
            locale,
            orders_url: &self.orders_url,
        }
    }
}

pub async fn confirmation_for(session: &AuthSession) -> Result<Option<Confirmation>, SessionError> {
    let Some(mail) = leptos::prelude::use_context::<MailContext>() else {
        return Ok(None);
    };
    let address = session
        .signed_in()
        .await?
        .and_then(|signed_in| verified_address(&signed_in.claims));
    Ok(address.map(|address| Confirmation {
        orders_url: mail.orders_url,
        address,
    }))
}
