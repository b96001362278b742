//! Mail the shop sends (issue 23): written to the outbox in the transaction
//! of what caused it, delivered by a background worker with retries.

/// Given to server functions when the shop sends mail: where its pages
/// are, for the links in messages (absolute).
#[derive(Clone, Debug)]
pub struct MailContext {
    pub orders_url: String,
    /// Where a mailed sign-in link leads (`/sign-in/link`).
    pub sign_in_link_url: String,
}

/// The address to write to, from the ID token's claims: only one the
/// provider verified (`email_verified: true`).
pub fn verified_address(claims: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let verified = claims.get("email_verified").and_then(serde_json::Value::as_bool) == Some(true);
    let address = claims.get("email").and_then(serde_json::Value::as_str)?;
    plain_address(address).filter(|_| verified)
}

/// The longest address accepted (RFC 5321's path limit).
const MAX_ADDRESS: usize = 254;

/// `raw`, trimmed, if it is one plain address (`local@domain`): no name, no
/// list, no line break; nothing else is ever written to (a header carrying
/// `\r\nBcc:` is refused here, before any message is made).
pub fn plain_address(raw: &str) -> Option<String> {
    let address = raw.trim();
    let plain = address.len() <= MAX_ADDRESS && !address.chars().any(|c| c.is_control() || c.is_whitespace());
    (plain && address.parse::<lettre::Address>().is_ok()).then(|| address.to_string())
}

pub mod letter;
pub mod messages;
pub mod outbox;
#[cfg(test)]
pub mod test_smtp;
pub mod transport;
pub mod worker;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_plain_address_is_taken() {
        assert_eq!(plain_address(" ada@example.com ").as_deref(), Some("ada@example.com"));
        for bad in [
            "",
            "ada",
            "ada@example.com\r\nBcc: eve@example.com",
            "ada@example.com, eve@example.com",
            "Ada <ada@example.com>",
            "a da@example.com",
        ] {
            assert_eq!(plain_address(bad), None, "{bad:?}");
        }
        assert_eq!(plain_address(&format!("{}@example.com", "a".repeat(250))), None);
    }

    #[test]
    fn only_a_verified_plain_address_is_written_to() {
        let claims = |value: serde_json::Value| value.as_object().unwrap().clone();
        let verified = claims(serde_json::json!({ "email": "ada@example.com", "email_verified": true }));
        assert_eq!(verified_address(&verified).as_deref(), Some("ada@example.com"));
        for unverified in [
            serde_json::json!({ "email": "ada@example.com", "email_verified": false }),
            serde_json::json!({ "email": "ada@example.com" }),
            serde_json::json!({ "email": "ada@example.com", "email_verified": "true" }),
            serde_json::json!({ "email": "ada@example.com\r\nBcc: eve@example.com", "email_verified": true }),
        ] {
            assert_eq!(verified_address(&claims(unverified.clone())), None, "{unverified}");
        }
    }
}
