//! HTTP endpoints outside Leptos: the JSON API, back-channel logout, the
//! form_post relay, health, metrics and the static assets.

pub mod assets;
pub mod backchannel;
pub mod bearer_header;
pub mod form_post;
pub mod health;
pub mod logto_webhook;
pub mod metrics;
pub mod rest_v1;
