//! What the browser may know about sign-in. Compiled for wasm too, so nothing
//! here may hold a token or a secret.

use serde::{Deserialize, Serialize};

/// The signed-in visitor as the UI sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub subject: String,
    pub name: Option<String>,
    pub username: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub picture: Option<String>,
    /// Role names from the ID token's roles claim.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Whether the roles include the configured admin role (decided on the server).
    #[serde(default)]
    pub is_admin: bool,
}

impl CurrentUser {
    /// Name, else username, else email, else the subject identifier.
    pub fn display_name(&self) -> &str {
        [&self.name, &self.username, &self.email]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .find(|value| !value.trim().is_empty())
            .unwrap_or(&self.subject)
    }
}

/// The customer as the header's account area shows them (an island's
/// props, in the page): the subject tells tabs apart, the name is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownUser {
    pub subject: String,
    pub name: String,
}

impl From<&CurrentUser> for ShownUser {
    fn from(user: &CurrentUser) -> Self {
        ShownUser {
            subject: user.subject.clone(),
            name: user.display_name().to_string(),
        }
    }
}

/// All a catalog page shows of its visitor: who (when signed in), whether
/// they are staff (the Admin link) and how many items their cart holds.
/// Rendered into the header per request; kept per session on the server
/// (`auth::visitors`) so a page view needs no database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visitor {
    pub user: Option<ShownUser>,
    pub is_admin: bool,
    pub cart_count: u32,
}

/// One identity provider on the sign-in page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderChoice {
    pub id: String,
    pub name: String,
    /// Connectors a link may go straight to ("Continue with Google").
    pub shortcuts: Vec<crate::auth::sign_in_ways::Shortcut>,
    /// Logto's password-reset first screen ("Forgot your password?").
    pub reset_password: bool,
    /// Logto's single sign-on first screen ("Use single sign-on").
    pub single_sign_on: bool,
    /// A sign-in link by e-mail (Logto one-time tokens, when the shop sends mail).
    pub email_link: bool,
}

/// An organization the user belongs to (Logto organizations), with their
/// organization roles; the name comes from userinfo when it could be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub id: String,
    pub name: Option<String>,
    pub roles: Vec<String>,
}

impl Membership {
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// The account page: claims from the ID token and from the userinfo endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountProfile {
    pub user: CurrentUser,
    pub id_token_claims: Vec<(String, String)>,
    /// `Err` carries a message when the userinfo endpoint could not be read.
    pub userinfo: Result<Vec<(String, String)>, String>,
    #[serde(default)]
    pub organizations: Vec<Membership>,
    /// The Bookstore API permissions of the user's token for the API
    /// resource (`None` when no API is configured or the token is unavailable).
    #[serde(default)]
    pub api_scopes: Option<Vec<String>>,
    /// Whether the provider verified the e-mail address (`email_verified`).
    #[serde(default)]
    pub email_verified: Option<bool>,
    /// When the customer last proved who they are at the provider (`auth_time`).
    #[serde(default)]
    pub authenticated_at: Option<i64>,
    /// Logto's Account Center pages, when it is on for this provider.
    #[serde(default)]
    pub account_center: Vec<crate::auth::account_center::AccountCenterLink>,
    /// The shop shows the customer's devices itself (`/account/devices`).
    #[serde(default)]
    pub devices: bool,
}

pub use crate::error::SignInFailure;

/// Where the customer is on the devices page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DevicesView {
    /// Their provider is not a Logto tenant offering it.
    NotOffered,
    /// The account has no e-mail address to send a code to.
    NoEmail,
    /// "Send me a code" to this (masked) address.
    Start {
        email: String,
    },
    /// "Type the code we sent" to this address.
    CodeSent {
        email: String,
    },
    Devices(Vec<Device>),
}

/// A browser signed in to the customer's account at the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// The provider's session id (what "sign out" names).
    pub uid: String,
    /// "Chrome · Linux", when the provider kept the browser's name.
    pub name: Option<String>,
    pub location: Option<String>,
    pub ip: Option<String>,
    /// When it signed in (Unix seconds).
    pub signed_in_at: i64,
    /// The browser the customer is using now.
    pub current: bool,
    /// Signed in to this shop (not only to another app of the tenant).
    pub here: bool,
}

#[cfg(test)]
impl CurrentUser {
    /// A user known only by `subject` (tests).
    pub fn with_subject(subject: &str) -> Self {
        CurrentUser {
            subject: subject.into(),
            name: None,
            username: None,
            email: None,
            phone: None,
            picture: None,
            roles: vec![],
            is_admin: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: Option<&str>, username: Option<&str>, email: Option<&str>) -> CurrentUser {
        CurrentUser {
            subject: "sub-1".into(),
            name: name.map(Into::into),
            username: username.map(Into::into),
            email: email.map(Into::into),
            phone: None,
            picture: None,
            roles: vec![],
            is_admin: false,
        }
    }

    #[test]
    fn display_name_falls_back_in_order() {
        assert_eq!(user(Some("Ada"), Some("ada"), Some("a@x")).display_name(), "Ada");
        assert_eq!(user(None, Some("ada"), Some("a@x")).display_name(), "ada");
        assert_eq!(user(Some(" "), None, Some("a@x")).display_name(), "a@x");
        assert_eq!(user(None, None, None).display_name(), "sub-1");
    }
}
