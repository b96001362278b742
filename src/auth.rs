//! Sign-in with OpenID Connect (Logto or any standard provider).

pub mod api;
#[cfg(feature = "ssr")]
pub mod backchannel;
pub mod callback;
#[cfg(feature = "ssr")]
pub mod client_assertion;
pub mod context;
pub mod model;
pub mod return_to;

#[cfg(feature = "ssr")]
pub mod app_errors;
#[cfg(feature = "ssr")]
pub mod flights;
#[cfg(feature = "ssr")]
pub mod flow;
#[cfg(feature = "ssr")]
pub mod logout;
#[cfg(feature = "ssr")]
pub mod own_signature;
#[cfg(feature = "ssr")]
pub mod provider;
#[cfg(feature = "ssr")]
pub mod refresh;
#[cfg(feature = "ssr")]
pub mod registry;
#[cfg(feature = "ssr")]
pub mod roles;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(all(test, feature = "ssr"))]
mod test_support;
#[cfg(feature = "ssr")]
pub mod token_policy;
#[cfg(feature = "ssr")]
pub mod tokens;
#[cfg(feature = "ssr")]
pub mod userinfo;
#[cfg(feature = "ssr")]
pub mod verify;
