//! One identity provider as the protocol code sees it: who Bookstore is to
//! it (client id, secret or key, redirect addresses), what to ask for, how to
//! authenticate at its token endpoint and how its tokens are checked. Built by
//! `config` from the LOGTO_* variables or the providers file.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use url::Url;

use crate::oidc::token_policy::TokenPolicy;

/// How Bookstore authenticates to the provider's token endpoint. Its
/// secrets are `SecretString`s: `Debug` prints them as `[REDACTED]`.
#[derive(Clone, Debug)]
pub enum ClientAuthMethod {
    /// `Authorization: Basic`; what Logto registers for traditional web apps.
    ClientSecretBasic,
    /// `client_id` and `client_secret` in the form body.
    ClientSecretPost,
    /// A JWT signed with the secret; the secret itself is never sent.
    ClientSecretJwt(HmacAlgorithm),
    /// A JWT signed (RS256) with this client's RSA private key (PKCS#1 PEM);
    /// the provider knows the public key.
    PrivateKeyJwt { pem: SecretString, kid: Option<String> },
}

impl PartialEq for ClientAuthMethod {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::ClientSecretBasic, Self::ClientSecretBasic) | (Self::ClientSecretPost, Self::ClientSecretPost) => {
                true
            }
            (Self::ClientSecretJwt(a), Self::ClientSecretJwt(b)) => a == b,
            (Self::PrivateKeyJwt { pem: a, kid: ka }, Self::PrivateKeyJwt { pem: b, kid: kb }) => {
                ka == kb && a.expose_secret() == b.expose_secret()
            }
            _ => false,
        }
    }
}

impl Eq for ClientAuthMethod {}

/// `clientSecretJwtSigningAlgorithm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HmacAlgorithm {
    Hs256,
    Hs384,
    Hs512,
}

impl HmacAlgorithm {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "HS256" => Some(Self::Hs256),
            "HS384" => Some(Self::Hs384),
            "HS512" => Some(Self::Hs512),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Hs256 => "HS256",
            Self::Hs384 => "HS384",
            Self::Hs512 => "HS512",
        }
    }
}

#[derive(Clone, Debug)]
pub struct ProviderSettings {
    /// Stable identifier, used in `/sign-in?provider=ID` and in sessions.
    pub id: String,
    /// The button label: "Continue with NAME".
    pub name: String,
    /// Discovery is read from `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: SecretString,
    /// Scopes sent besides `openid` (which openidconnect adds itself).
    pub scopes: Vec<String>,
    /// API resource indicators, one `resource` parameter each.
    pub resources: Vec<String>,
    pub prompt: Option<String>,
    pub auth_method: ClientAuthMethod,
    /// A Logto tenant: its per-link options (`first_screen`, …) may be sent.
    pub logto: bool,
    /// What a sign-in link may ask of this provider (`direct_sign_in`
    /// targets, organizations' sign-in experiences).
    pub offers: crate::oidc::sign_in_options::SignInOffers,
    pub redirect_uri: Url,
    pub post_logout_redirect_uri: Url,
    pub http: HttpTimeouts,
    /// How this provider's ID tokens are checked.
    pub token_policy: TokenPolicy,
    /// Further authorization-request parameters (`authRequestOptionalConfig`,
    /// then `customConfig`), in order.
    pub extra_params: Vec<(String, String)>,
    pub claim_rules: ClaimRules,
    /// Endpoints given in the configuration, for a provider without discovery.
    pub endpoints: Option<ExplicitEndpoints>,
    /// Logto: the webhook signing key (`logto-signature-sha-256`), when its
    /// webhooks are sent to `POST /webhooks/logto`.
    pub webhook_signing_key: Option<SecretString>,
    /// Logto: its Account Center is on, so the account page links to it.
    pub account_center: bool,
    /// Logto: the machine-to-machine app for its Management API, when one
    /// is configured (deleting an account from the shop needs it).
    pub management: Option<ManagementApi>,
}

/// A Logto tenant's machine-to-machine app with the Management API role.
#[derive(Clone, Debug)]
pub struct ManagementApi {
    pub app_id: String,
    pub app_secret: SecretString,
    /// The Management API resource: `https://default.logto.app/api` for a
    /// self-hosted Logto, `https://{tenant}.logto.app/api` on Logto Cloud.
    pub resource: String,
}

/// A provider configured without discovery, field by field as in Logto's
/// OIDC connector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExplicitEndpoints {
    pub authorization: Url,
    pub token: Url,
    pub jwks: Url,
    pub userinfo: Option<Url>,
    pub end_session: Option<Url>,
    pub revocation: Option<Url>,
}

/// How claims become the user's profile (Logto's connector options).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClaimRules {
    /// Accept "true"/"false" strings in `*_verified` claims.
    pub accept_string_booleans: bool,
    /// Keep an e-mail address whose `email_verified` claim is missing.
    pub trust_unverified_email: bool,
}

impl ProviderSettings {
    /// A Logto tenant's own address (its issuer without `/oidc`), where its
    /// Account Center and Management API live.
    pub fn tenant_endpoint(&self) -> &str {
        self.issuer.trim_end_matches("/oidc")
    }

    /// A Logto tenant whose sign-in asks for `urn:logto:scope:sessions`, so
    /// the shop can show the customer's devices (Logto's Account API).
    pub fn devices(&self) -> bool {
        self.logto
            && self
                .scopes
                .iter()
                .any(|s| s == crate::oidc::account_api::SESSIONS_SCOPE)
    }
}

impl ProviderSettings {
    /// The issuer's origin, for the Content-Security-Policy's form-action.
    pub fn origin(&self) -> String {
        Url::parse(&self.issuer)
            .map(|url| url.origin().ascii_serialization())
            .unwrap_or_default()
    }
}

/// Bounds on every call to an identity provider (BOOKSTORE_HTTP_CONNECT_TIMEOUT_SECS,
/// BOOKSTORE_HTTP_TIMEOUT_SECS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpTimeouts {
    /// To open the connection.
    pub connect: Duration,
    /// For the whole request, answer included.
    pub total: Duration,
}

impl Default for HttpTimeouts {
    fn default() -> Self {
        HttpTimeouts {
            connect: Duration::from_secs(5),
            total: Duration::from_secs(10),
        }
    }
}
