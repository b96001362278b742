//! What one sign-in link asks of the provider besides signing in: Logto's
//! first screen, the identifiers it offers there, a connector to go straight
//! to, an organization's sign-in experience, and a `login_hint` to pre-fill.
//! Values come from a URL anyone can write, so each is parsed into a closed
//! set or checked against the provider's configured list
//! ([`SignInOffers`]); anything else is refused, never forwarded.

/// Logto's `first_screen` values (Logto 1.42, `ExtraParamsKey.FirstScreen`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstScreen {
    SignIn,
    Register,
    IdentifierSignIn,
    IdentifierRegister,
    ResetPassword,
    SingleSignOn,
}

impl FirstScreen {
    const ALL: [FirstScreen; 6] = [
        FirstScreen::SignIn,
        FirstScreen::Register,
        FirstScreen::IdentifierSignIn,
        FirstScreen::IdentifierRegister,
        FirstScreen::ResetPassword,
        FirstScreen::SingleSignOn,
    ];

    pub fn param(self) -> &'static str {
        match self {
            FirstScreen::SignIn => "sign_in",
            FirstScreen::Register => "register",
            FirstScreen::IdentifierSignIn => "identifier:sign_in",
            FirstScreen::IdentifierRegister => "identifier:register",
            FirstScreen::ResetPassword => "reset_password",
            FirstScreen::SingleSignOn => "single_sign_on",
        }
    }

    pub fn parse(value: &str) -> Option<FirstScreen> {
        Self::ALL.into_iter().find(|screen| screen.param() == value)
    }

    /// Whether `identifier` means something on this screen.
    fn takes_identifiers(self) -> bool {
        matches!(
            self,
            FirstScreen::IdentifierSignIn | FirstScreen::IdentifierRegister | FirstScreen::ResetPassword
        )
    }
}

/// The identifiers Logto's `identifier` parameter may name.
const IDENTIFIERS: [&str; 3] = ["email", "phone", "username"];
/// A `login_hint` is an e-mail address, a phone number or a username.
const MAX_LOGIN_HINT: usize = 128;

/// What the provider was configured to offer per link.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignInOffers {
    /// `direct_sign_in` targets: `social:<target>` or `sso:<connector id>`.
    pub direct_sign_in: Vec<String>,
    /// Organizations whose own sign-in experience a link may ask for.
    pub organizations: Vec<String>,
    /// Whether the tenant has enterprise single sign-on, so a "Use single
    /// sign-on" link (`first_screen=single_sign_on`) is worth showing.
    pub single_sign_on: bool,
}

/// The options of one sign-in link, as asked (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestedOptions {
    pub first_screen: Option<String>,
    pub identifier: Option<String>,
    pub login_hint: Option<String>,
    pub direct_sign_in: Option<String>,
    pub organization_id: Option<String>,
}

/// The options of one sign-in, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignInOptions {
    pub first_screen: Option<FirstScreen>,
    pub identifiers: Vec<&'static str>,
    pub login_hint: Option<String>,
    pub direct_sign_in: Option<String>,
    pub organization_id: Option<String>,
    /// A step-up (never from a link): authenticate again, now (`max_age=0`).
    pub reauthenticate: Option<Reauthenticate>,
    /// `max_age` (seconds) for an ordinary sign-in: a provider sends
    /// `auth_time` only when asked with it, and step-up needs to know.
    pub max_age: Option<u64>,
    /// Logto's `one_time_token` (never from a link's query: only from a
    /// sign-in link the shop mailed), sent with the address as `login_hint`.
    pub one_time_token: Option<OneTimeToken>,
}

/// A one-time token from Logto's Management API: a secret, so it never
/// shows in a log line or a `Debug` print.
#[derive(Clone, PartialEq, Eq)]
pub struct OneTimeToken(pub String);

impl std::fmt::Debug for OneTimeToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OneTimeToken([redacted])")
    }
}

/// How a step-up asks: `prompt` (`login`, with `consent` where the provider
/// needs it for a refresh token), `max_age=0`, and `acr_values` when the
/// provider advertises the ones asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reauthenticate {
    pub prompt: String,
    pub acr_values: Vec<String>,
}

/// Why a link's options were refused (said to the log; the visitor is told
/// the link names a sign-in option the shop does not offer).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    #[error("first_screen {0:?} is not one of Logto's")]
    FirstScreen(String),
    #[error("identifier must name email, phone or username, for an identifier or password-reset screen")]
    Identifier,
    #[error("login_hint must be at most {MAX_LOGIN_HINT} printable characters")]
    LoginHint,
    #[error("direct_sign_in {0:?} is not configured for this provider")]
    DirectSignIn(String),
    #[error("organization_id {0:?} is not configured for this provider")]
    Organization(String),
    #[error("{0} is a Logto option and this provider is not Logto")]
    NotLogto(&'static str),
}

impl SignInOptions {
    /// Checks `asked` for a provider offering `offers`; only `login_hint`
    /// (standard OpenID Connect) is accepted for a provider that is not Logto.
    pub fn check(asked: &RequestedOptions, offers: &SignInOffers, logto: bool) -> Result<Self, OptionError> {
        if !logto {
            let logto_only = [
                ("first_screen", &asked.first_screen),
                ("identifier", &asked.identifier),
                ("direct_sign_in", &asked.direct_sign_in),
                ("organization_id", &asked.organization_id),
            ];
            if let Some((name, _)) = logto_only.iter().find(|(_, value)| text(value).is_some()) {
                return Err(OptionError::NotLogto(name));
            }
        }
        let first_screen = text(&asked.first_screen)
            .map(|v| FirstScreen::parse(v).ok_or_else(|| OptionError::FirstScreen(v.to_string())))
            .transpose()?;
        let mut identifiers = Vec::new();
        if let Some(list) = text(&asked.identifier) {
            if !first_screen.is_some_and(FirstScreen::takes_identifiers) {
                return Err(OptionError::Identifier);
            }
            for name in list.split([' ', ',']).filter(|n| !n.is_empty()) {
                let known = IDENTIFIERS
                    .iter()
                    .find(|k| **k == name)
                    .ok_or(OptionError::Identifier)?;
                if !identifiers.contains(known) {
                    identifiers.push(*known);
                }
            }
        }
        let login_hint = text(&asked.login_hint)
            .map(|hint| {
                let printable = hint.chars().all(|c| !c.is_control());
                (printable && hint.chars().count() <= MAX_LOGIN_HINT)
                    .then(|| hint.to_string())
                    .ok_or(OptionError::LoginHint)
            })
            .transpose()?;
        let listed = |value: Option<&str>, list: &[String], error: fn(String) -> OptionError| {
            value
                .map(|v| match list.iter().any(|l| l == v) {
                    true => Ok(v.to_string()),
                    false => Err(error(v.to_string())),
                })
                .transpose()
        };
        Ok(SignInOptions {
            first_screen,
            identifiers,
            login_hint,
            direct_sign_in: listed(
                text(&asked.direct_sign_in),
                &offers.direct_sign_in,
                OptionError::DirectSignIn,
            )?,
            organization_id: listed(
                text(&asked.organization_id),
                &offers.organizations,
                OptionError::Organization,
            )?,
            reauthenticate: None,
            max_age: None,
            one_time_token: None,
        })
    }

    /// The authorization-request parameters, in Logto's names. The register
    /// screen is also asked for in the dialect of Logto before `first_screen`.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if let Some(screen) = self.first_screen {
            params.push(("first_screen", screen.param().to_string()));
            if screen == FirstScreen::Register {
                params.push(("interaction_mode", "signUp".to_string()));
            }
        }
        if !self.identifiers.is_empty() {
            params.push(("identifier", self.identifiers.join(" ")));
        }
        if let Some(hint) = &self.login_hint {
            params.push(("login_hint", hint.clone()));
        }
        if let Some(token) = &self.one_time_token {
            params.push(("one_time_token", token.0.clone()));
        }
        if let Some(target) = &self.direct_sign_in {
            params.push(("direct_sign_in", target.clone()));
        }
        if let Some(id) = &self.organization_id {
            params.push(("organization_id", id.clone()));
        }
        if let Some(age) = self.max_age.filter(|_| self.reauthenticate.is_none()) {
            params.push(("max_age", age.to_string()));
        }
        if let Some(again) = &self.reauthenticate {
            params.push(("prompt", again.prompt.clone()));
            params.push(("max_age", "0".to_string()));
            if !again.acr_values.is_empty() {
                params.push(("acr_values", again.acr_values.join(" ")));
            }
        }
        params
    }
}

/// A parameter's value, trimmed; blank is absent.
fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
#[path = "sign_in_options_tests.rs"]
mod tests;
