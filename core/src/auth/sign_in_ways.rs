//! The ways into one provider a page offers besides its main button: a
//! connector to go straight to (Logto's `direct_sign_in`: "Continue with
//! Google"), "Forgot your password?" (`first_screen=reset_password`) and
//! "Use single sign-on" (`first_screen=single_sign_on`). Each is a plain
//! sign-in link; the server checks it again (`oidc::sign_in_options`).

use serde::{Deserialize, Serialize};

use crate::return_to::auth_link;

/// A connector a link goes straight to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortcut {
    /// Logto's `direct_sign_in` value: `social:<target>` or `sso:<id>`.
    pub target: String,
    /// The social connector's name ("Google"); `None` for an SSO connector,
    /// which the page calls "your organization's single sign-on".
    pub name: Option<String>,
}

impl Shortcut {
    pub fn new(target: &str) -> Shortcut {
        let name = target.strip_prefix("social:").map(social_name);
        Shortcut {
            target: target.to_string(),
            name,
        }
    }
}

/// What people call a social connector's target (Logto's `target` field).
fn social_name(target: &str) -> String {
    const KNOWN: [(&str, &str); 14] = [
        ("google", "Google"),
        ("github", "GitHub"),
        ("apple", "Apple"),
        ("facebook", "Facebook"),
        ("microsoft", "Microsoft"),
        ("azuread", "Microsoft"),
        ("discord", "Discord"),
        ("linkedin", "LinkedIn"),
        ("x", "X"),
        ("line", "LINE"),
        ("wechat", "WeChat"),
        ("kakao", "Kakao"),
        ("naver", "Naver"),
        ("gitlab", "GitLab"),
    ];
    match KNOWN.iter().find(|(known, _)| *known == target) {
        Some((_, name)) => name.to_string(),
        None => {
            let mut chars = target.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

/// `endpoint?provider=ID&return_to=…&name=value…`: a sign-in link for one
/// provider with the options given (already known to be offered).
pub fn sign_in_href(endpoint: &str, provider: &str, return_to: &str, options: &[(&str, &str)]) -> String {
    let base = auth_link(endpoint, return_to);
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("provider", provider);
    for (name, value) in options {
        query.append_pair(name, value);
    }
    let separator = if base.contains('?') { '&' } else { '?' };
    format!("{base}{separator}{}", query.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connectors_get_the_names_people_know() {
        assert_eq!(Shortcut::new("social:google").name.as_deref(), Some("Google"));
        assert_eq!(Shortcut::new("social:github").name.as_deref(), Some("GitHub"));
        assert_eq!(Shortcut::new("social:mastodon").name.as_deref(), Some("Mastodon"));
        assert_eq!(Shortcut::new("sso:4f2a").name, None);
    }

    #[test]
    fn links_carry_the_provider_the_way_back_and_the_options() {
        assert_eq!(
            sign_in_href("/sign-in", "logto", "/checkout", &[("direct_sign_in", "social:google")]),
            "/sign-in?return_to=/checkout&provider=logto&direct_sign_in=social%3Agoogle"
        );
        assert_eq!(sign_in_href("/sign-up", "acme", "/", &[]), "/sign-up?provider=acme");
    }
}
