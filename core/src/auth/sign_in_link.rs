//! A sign-in link's query string (`/sign-in?…`, `/sign-up?…`): the provider,
//! where to come back to, and the Logto options the link chooses, in Logto's
//! own parameter names. Checked on the server (`oidc::sign_in_options`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInLink {
    pub provider: Option<String>,
    pub return_to: Option<String>,
    pub first_screen: Option<String>,
    pub identifier: Option<String>,
    pub login_hint: Option<String>,
    pub direct_sign_in: Option<String>,
    pub organization_id: Option<String>,
}

/// The option parameters, in Logto's names, in the order a link carries them.
const OPTION_NAMES: [&str; 5] = [
    "first_screen",
    "identifier",
    "login_hint",
    "direct_sign_in",
    "organization_id",
];

impl SignInLink {
    /// The options read from a query (`get` returns a parameter's value), as
    /// the provider-choice page receives them.
    pub fn options_from(get: impl Fn(&str) -> Option<String>) -> Self {
        SignInLink {
            first_screen: get("first_screen"),
            identifier: get("identifier"),
            login_hint: get("login_hint"),
            direct_sign_in: get("direct_sign_in"),
            organization_id: get("organization_id"),
            ..SignInLink::default()
        }
    }

    /// The options as query parameters (`&name=value` each, encoded), to
    /// carry them through the provider-choice page.
    pub fn options_query(&self) -> String {
        let values = [
            &self.first_screen,
            &self.identifier,
            &self.login_hint,
            &self.direct_sign_in,
            &self.organization_id,
        ];
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in OPTION_NAMES.iter().zip(values) {
            if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
                query.append_pair(name, value);
            }
        }
        match query.finish() {
            pairs if pairs.is_empty() => pairs,
            pairs => format!("&{pairs}"),
        }
    }
}

#[cfg(feature = "ssr")]
impl SignInLink {
    /// The options it asks of the provider, not yet checked.
    pub fn options(&self) -> crate::oidc::sign_in_options::RequestedOptions {
        crate::oidc::sign_in_options::RequestedOptions {
            first_screen: self.first_screen.clone(),
            identifier: self.identifier.clone(),
            login_hint: self.login_hint.clone(),
            direct_sign_in: self.direct_sign_in.clone(),
            organization_id: self.organization_id.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_survive_the_choice_page() {
        let link = SignInLink {
            provider: Some("acme".into()),
            first_screen: Some("identifier:register".into()),
            login_hint: Some("ada+books@example.com".into()),
            ..SignInLink::default()
        };
        let query = link.options_query();
        assert_eq!(
            query,
            "&first_screen=identifier%3Aregister&login_hint=ada%2Bbooks%40example.com"
        );
        let pairs: Vec<(String, String)> = form_urlencoded::parse(&query.as_bytes()[1..]).into_owned().collect();
        let read = SignInLink::options_from(|name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()));
        assert_eq!(read.first_screen, link.first_screen);
        assert_eq!(read.login_hint, link.login_hint);
        assert_eq!(read.provider, None, "the page adds the provider");
        assert_eq!(SignInLink::default().options_query(), "");
    }
}
