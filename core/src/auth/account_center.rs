//! Links to Logto's Account Center (`{endpoint}/account/...`), where the
//! customer changes what Logto keeps (password, e-mail, authenticator app,
//! passkeys, backup codes) and sees their devices. Each link comes back to
//! Bookstore's `/account` (`redirect`) and speaks the page's language
//! (`ui_locales`). Shown for Logto providers whose Account Center is on
//! (`LOGTO_ACCOUNT_CENTER`, `accountCenter`).

use serde::{Deserialize, Serialize};

/// The Account Center pages Bookstore links to, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountCenterPage {
    Profile,
    Email,
    Password,
    AuthenticatorApp,
    Passkeys,
    BackupCodes,
    Devices,
}

impl AccountCenterPage {
    pub const ALL: [AccountCenterPage; 7] = [
        AccountCenterPage::Profile,
        AccountCenterPage::Email,
        AccountCenterPage::Password,
        AccountCenterPage::AuthenticatorApp,
        AccountCenterPage::Passkeys,
        AccountCenterPage::BackupCodes,
        AccountCenterPage::Devices,
    ];

    /// The route in Logto's Account Center (`packages/account`, Logto 1.42).
    pub fn route(self) -> &'static str {
        match self {
            AccountCenterPage::Profile => "/profile",
            AccountCenterPage::Email => "/email",
            AccountCenterPage::Password => "/password",
            AccountCenterPage::AuthenticatorApp => "/authenticator-app",
            AccountCenterPage::Passkeys => "/passkey/manage",
            AccountCenterPage::BackupCodes => "/backup-codes/manage",
            AccountCenterPage::Devices => "/sessions",
        }
    }
}

/// One link to the Account Center.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountCenterLink {
    pub page: AccountCenterPage,
    pub href: String,
}

/// The links for a tenant at `endpoint` (no trailing slash), coming back to
/// `back` (the shop's `/account`) in `ui_locales`.
#[cfg(feature = "ssr")]
pub fn links(endpoint: &str, back: &str, ui_locales: &str) -> Vec<AccountCenterLink> {
    AccountCenterPage::ALL
        .into_iter()
        .map(|page| {
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("redirect", back)
                .append_pair("ui_locales", ui_locales)
                .finish();
            AccountCenterLink {
                page,
                href: format!("{endpoint}/account{}?{query}", page.route()),
            }
        })
        .collect()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn links_come_back_to_the_shop_in_its_language() {
        let links = links("https://tenant.logto.app", "https://shop.example/account", "ja");
        assert_eq!(links.len(), 7);
        assert_eq!(
            links[2].href,
            "https://tenant.logto.app/account/password?redirect=https%3A%2F%2Fshop.example%2Faccount&ui_locales=ja"
        );
        assert_eq!(links[6].page, AccountCenterPage::Devices);
        assert!(links[6].href.starts_with("https://tenant.logto.app/account/sessions?"));
    }
}
