//! Sign-in with OpenID Connect (Logto or any standard provider): the
//! Bookstore feature on top of the protocol in `oidc`. The models, the
//! callback parameters, return paths, server functions and the context
//! compile for both sides; the rest is server-only.

pub mod account_center;
pub mod api;
pub mod callback;
pub mod context;
pub mod devices_api;
pub mod model;
pub mod other_tabs;
pub mod sign_in_link;
pub mod sign_in_ways;

#[cfg(feature = "ssr")]
pub mod account;
#[cfg(feature = "ssr")]
pub mod account_changes;
#[cfg(feature = "ssr")]
pub mod app_errors;
#[cfg(feature = "ssr")]
pub mod attempt_cookies;
#[cfg(feature = "ssr")]
pub mod attempts;
#[cfg(feature = "ssr")]
pub mod delete_account;
#[cfg(feature = "ssr")]
pub mod devices;
#[cfg(feature = "ssr")]
pub mod email_link;
pub mod email_link_api;
#[cfg(feature = "ssr")]
pub mod email_links;
#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod language_choice;
#[cfg(feature = "ssr")]
pub mod organizations;
#[cfg(feature = "ssr")]
pub mod profile;
#[cfg(feature = "ssr")]
pub mod providers;
#[cfg(feature = "ssr")]
pub mod roles;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod session_index;
#[cfg(feature = "ssr")]
pub mod sign_in;
#[cfg(feature = "ssr")]
pub mod sign_out;
#[cfg(feature = "ssr")]
pub mod single_flight;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod step_up;
#[cfg(feature = "ssr")]
pub mod tokens;
#[cfg(feature = "ssr")]
pub mod user_agent;
#[cfg(feature = "ssr")]
pub mod visitors;
#[cfg(feature = "ssr")]
pub mod webhooks;
