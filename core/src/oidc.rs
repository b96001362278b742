//! OpenID Connect, the protocol, apart from the app: no Leptos, no app state.
//! Discovery and signing keys ([`discovery`]), one JWT module for every token
//! Bookstore checks ([`jwt`], signatures by aws-lc-rs in [`signature`]), the authorization code flow ([`code_flow`]),
//! ID-token rules ([`id_token`]), client authentication ([`client`],
//! [`client_assertion`]), refresh, logout, userinfo, back-channel logout
//! tokens, API access tokens and Logto's
//! Management and Account APIs. `auth` builds the Bookstore feature on it.

pub mod access_token;
pub mod account_api;
pub mod client;
pub mod client_assertion;
pub mod code_flow;
pub mod discovery;
#[cfg(test)]
mod grant_tests;
pub mod id_token;
pub mod jwt;
pub mod logout;
pub mod logout_token;
pub mod management;
pub mod metadata;
pub mod provider_settings;
pub mod refresh;
pub mod sign_in_options;
pub mod signature;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
pub mod token_policy;
pub mod userinfo;
