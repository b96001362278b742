//! The providers file as TOML: one table shape per provider type.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::auth_request::AuthRequestEntry;
use crate::config::verification::VerificationEntry;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProvidersFile {
    #[serde(default)]
    pub(super) providers: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub(super) enum Entry {
    Logto(Box<LogtoEntry>),
    /// Endpoints from `{issuer}/.well-known/openid-configuration`.
    Discovery(Box<OidcEntry>),
    /// Endpoints as written (Logto's OIDC connector configuration).
    Explicit(Box<OidcEntry>),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct LogtoEntry {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) endpoint: String,
    pub(super) app_id: String,
    pub(super) app_secret: String,
    #[serde(default)]
    pub(super) scopes: Vec<String>,
    #[serde(default)]
    pub(super) resources: Vec<String>,
    pub(super) prompt: Option<String>,
    /// `direct_sign_in` targets a link may ask for (`social:google`, `sso:<id>`).
    #[serde(default)]
    pub(super) direct_sign_in: Vec<String>,
    /// Organizations whose sign-in experience a link may ask for (`organization_id`).
    #[serde(default)]
    pub(super) sign_in_organizations: Vec<String>,
    /// Whether the tenant has enterprise SSO (a "Use single sign-on" link).
    #[serde(default)]
    pub(super) single_sign_on: bool,
    pub(super) auth_request_optional_config: Option<AuthRequestEntry>,
    pub(super) custom_config: Option<BTreeMap<String, String>>,
    /// The signing key of the Logto webhook that posts to `/webhooks/logto`.
    pub(super) webhook_signing_key: Option<String>,
    /// The tenant's Account Center is on: the account page links to it.
    #[serde(default)]
    pub(super) account_center: bool,
    /// The Management API app (deleting an account from the shop).
    pub(super) m2m_app_id: Option<String>,
    pub(super) m2m_app_secret: Option<String>,
    pub(super) management_api: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct OidcEntry {
    pub(super) id: String,
    pub(super) name: String,
    /// Discovery providers only; an explicit provider names its issuer in
    /// `idTokenVerificationConfig.issuer`.
    pub(super) issuer: Option<String>,
    pub(super) authorization_endpoint: Option<String>,
    pub(super) token_endpoint: Option<String>,
    pub(super) userinfo_endpoint: Option<String>,
    pub(super) end_session_endpoint: Option<String>,
    pub(super) revocation_endpoint: Option<String>,
    pub(super) client_secret_jwt_signing_algorithm: Option<String>,
    pub(super) client_id: String,
    /// Not needed with `private_key_jwt`.
    #[serde(default)]
    pub(super) client_secret: String,
    /// With `private_key_jwt`: the RSA private key, PKCS#1 PEM, inline or in a file.
    pub(super) private_key: Option<String>,
    pub(super) private_key_file: Option<String>,
    /// The `kid` the provider knows the key by.
    pub(super) private_key_id: Option<String>,
    pub(super) scope: String,
    pub(super) token_endpoint_auth_method: Option<String>,
    pub(super) prompt: Option<String>,
    #[serde(default)]
    pub(super) resources: Vec<String>,
    pub(super) id_token_verification_config: Option<VerificationEntry>,
    pub(super) auth_request_optional_config: Option<AuthRequestEntry>,
    pub(super) custom_config: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub(super) accept_string_typed_boolean_claims: bool,
    #[serde(default)]
    pub(super) trust_unverified_email: bool,
}
