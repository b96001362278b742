//! Logto's webhooks (`POST /webhooks/logto`): which provider signed a
//! delivery, whether it is fresh, and what it asks of the shop. Logto signs
//! the body it sends with the webhook's signing key: `logto-signature-sha-256`
//! is the hex HMAC-SHA-256 of the raw body. A delivery carries no id of its
//! own; a retry repeats the body, so the hash of the body is its identity.

use std::sync::Arc;

use hmac::{Hmac, Mac};
use secrecy::ExposeSecret;
use serde_json::Value;
use sha2::Sha256;

use crate::auth::providers::{Provider, Providers};

/// The largest body read (Logto's payloads are a few KB: an event and a user).
pub const MAX_BODY: usize = 64 * 1024;
/// A delivery older than this is refused (Logto retries within seconds).
const MAX_AGE_SECS: i64 = 3600;
/// A provider's clock may be this far ahead.
const MAX_AHEAD_SECS: i64 = 300;

/// The configured Logto provider whose signing key signed `body`, compared
/// in constant time; `None` for a missing, malformed or foreign signature.
pub fn signer<'a>(providers: &'a Providers, body: &[u8], signature: &str) -> Option<&'a Arc<Provider>> {
    let signature = hex_bytes(signature.trim())?;
    providers.all().iter().find(|provider| {
        let Some(key) = &provider.settings.webhook_signing_key else {
            return false;
        };
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key.expose_secret().as_bytes()) else {
            return false;
        };
        mac.update(body);
        mac.verify_slice(&signature).is_ok()
    })
}

fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A delivery, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub event: String,
    pub created_at: i64,
    pub data: Value,
    pub params: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("the body is not a Logto webhook payload (JSON with event and createdAt)")]
    Malformed,
    #[error("the delivery was created more than an hour ago, or in the future")]
    Stale,
}

pub fn parse(body: &[u8], now: i64) -> Result<Delivery, Refused> {
    let payload: Value = serde_json::from_slice(body).map_err(|_| Refused::Malformed)?;
    let event = payload.get("event").and_then(Value::as_str).ok_or(Refused::Malformed)?;
    let created_at = payload
        .get("createdAt")
        .and_then(Value::as_str)
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .ok_or(Refused::Malformed)?
        .timestamp();
    if created_at < now - MAX_AGE_SECS || created_at > now + MAX_AHEAD_SECS {
        return Err(Refused::Stale);
    }
    Ok(Delivery {
        event: event.to_string(),
        created_at,
        data: payload.get("data").cloned().unwrap_or(Value::Null),
        params: payload.get("params").cloned().unwrap_or(Value::Null),
    })
}

/// What a delivery asks of the shop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// End every session of this user, erase their data, anonymise orders.
    Delete { subject: String },
    /// Suspended (end every session) or reinstated.
    Suspend { subject: String, suspended: bool },
    /// A new name or e-mail.
    Profile {
        subject: String,
        display_name: Option<String>,
        email: Option<String>,
    },
    /// Roles or organization memberships changed: cached organization tokens
    /// are dropped and roles read again at each session's next request.
    Authorization,
    /// Nothing for the shop (acknowledged and logged).
    Ignore,
}

/// The user a user event is about: the user in `data`, else the route's `userId`.
fn subject(delivery: &Delivery) -> Option<String> {
    let from_data = delivery.data.get("id").and_then(Value::as_str);
    let from_route = delivery.params.get("userId").and_then(Value::as_str);
    from_data
        .or(from_route)
        .filter(|s| !s.is_empty() && s.len() <= 255)
        .map(String::from)
}

fn text(data: &Value, name: &str) -> Option<String> {
    data.get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

pub fn action(delivery: &Delivery) -> Action {
    let event = delivery.event.as_str();
    let user_event = |make: fn(String, &Value) -> Action| match subject(delivery) {
        Some(subject) => make(subject, &delivery.data),
        None => Action::Ignore,
    };
    match event {
        "User.Deleted" => user_event(|subject, _| Action::Delete { subject }),
        "User.SuspensionStatus.Updated" => user_event(|subject, data| match data.get("isSuspended") {
            Some(Value::Bool(suspended)) => Action::Suspend {
                subject,
                suspended: *suspended,
            },
            _ => Action::Ignore,
        }),
        "User.Data.Updated" => user_event(|subject, data| Action::Profile {
            subject,
            display_name: text(data, "name").or_else(|| text(data, "username")),
            email: text(data, "primaryEmail"),
        }),
        "Organization.Membership.Updated" => Action::Authorization,
        _ if event.starts_with("Role.") || event.starts_with("OrganizationRole.") => Action::Authorization,
        _ => Action::Ignore,
    }
}

#[cfg(test)]
#[path = "webhooks_tests.rs"]
mod tests;
