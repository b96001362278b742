//! Sign-in links mailed at checkout, as stored. A link carries a random
//! 32-byte key; its row is found by the key's SHA-256 and holds Logto's
//! one-time token sealed with the key (AES-256-GCM), so the table alone (a
//! backup, a leaked dump) signs nobody in. A row is used once: the request
//! that sets `used_at` is the only one that opens it. Who asked, and from
//! where, is counted for the rate limits as SHA-256 digests only.

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use sqlx::{Any, AnyPool, Transaction};

/// How long a link works (Logto's token is asked for as long).
pub const LIFETIME_SECS: i64 = 10 * 60;
/// At most this many links per address in [`ADDRESS_WINDOW_SECS`].
pub const PER_ADDRESS: i64 = 3;
pub const ADDRESS_WINDOW_SECS: i64 = 15 * 60;
/// At most this many links asked from one client in [`CLIENT_WINDOW_SECS`].
pub const PER_CLIENT: i64 = 10;
pub const CLIENT_WINDOW_SECS: i64 = 60 * 60;

/// The key a link carries.
pub struct LinkKey([u8; 32]);

impl LinkKey {
    pub fn random() -> Self {
        let mut key = [0u8; 32];
        aws_lc_rs::rand::fill(&mut key).expect("random bytes for a link key");
        LinkKey(key)
    }

    /// As it appears in the link (base64url).
    pub fn encoded(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    /// From a link; anything else is no key.
    pub fn decode(text: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(text.as_bytes()).ok()?;
        Some(LinkKey(bytes.try_into().ok()?))
    }

    fn hash(&self) -> String {
        digest(&self.0)
    }

    fn cipher(&self) -> LessSafeKey {
        LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &self.0).expect("a 32-byte AES-256 key"))
    }

    /// A key seals exactly one token, so a fixed nonce is never reused.
    fn seal(&self, token: &str) -> String {
        let mut data = token.as_bytes().to_vec();
        self.cipher()
            .seal_in_place_append_tag(Nonce::assume_unique_for_key([0; NONCE_LEN]), Aad::empty(), &mut data)
            .expect("sealing cannot fail for this size");
        URL_SAFE_NO_PAD.encode(data)
    }

    fn open(&self, sealed: &str) -> Option<String> {
        let mut data = URL_SAFE_NO_PAD.decode(sealed.as_bytes()).ok()?;
        let plain = self
            .cipher()
            .open_in_place(Nonce::assume_unique_for_key([0; NONCE_LEN]), Aad::empty(), &mut data)
            .ok()?;
        String::from_utf8(plain.to_vec()).ok()
    }
}

/// The SHA-256 of `bytes`, in hex.
pub fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Which limit a request ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Address,
    Client,
}

/// Counts a request for a link to `email` from `client`, unless one of the
/// limits is reached (then nothing is counted, and the limit is returned).
pub async fn count_request(pool: &AnyPool, email: &str, client: &str, now: i64) -> Result<Option<Limit>, sqlx::Error> {
    let (email_hash, client_hash) = (digest(email.to_lowercase().as_bytes()), digest(client.as_bytes()));
    let mut tx = pool.begin().await?;
    // Old requests no longer count; forgotten as they pass.
    sqlx::query("DELETE FROM sign_in_link_requests WHERE asked_at < $1")
        .bind(now - ADDRESS_WINDOW_SECS.max(CLIENT_WINDOW_SECS))
        .execute(&mut *tx)
        .await?;
    let by_client: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_link_requests WHERE client_hash = $1 AND asked_at > $2")
            .bind(&client_hash)
            .bind(now - CLIENT_WINDOW_SECS)
            .fetch_one(&mut *tx)
            .await?;
    let by_address: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_link_requests WHERE email_hash = $1 AND asked_at > $2")
            .bind(&email_hash)
            .bind(now - ADDRESS_WINDOW_SECS)
            .fetch_one(&mut *tx)
            .await?;
    let limit = if by_client >= PER_CLIENT {
        Some(Limit::Client)
    } else if by_address >= PER_ADDRESS {
        Some(Limit::Address)
    } else {
        None
    };
    if limit.is_none() {
        sqlx::query("INSERT INTO sign_in_link_requests (email_hash, client_hash, asked_at) VALUES ($1, $2, $3)")
            .bind(email_hash)
            .bind(client_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(limit)
}

/// A link about to be mailed.
pub struct NewLink<'a> {
    pub provider: &'a str,
    pub email: &'a str,
    pub token: &'a str,
    /// The link cookie of the browser that asked.
    pub browser: &'a str,
    pub return_to: &'a str,
}

/// Stores `link` under `key`, in the transaction that mails it.
pub async fn store(
    tx: &mut Transaction<'_, Any>,
    key: &LinkKey,
    link: &NewLink<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_links WHERE expires_at < $1")
        .bind(now - 24 * 3600)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO sign_in_links (key_hash, provider, email, sealed_token, browser_hash, return_to, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(key.hash())
    .bind(link.provider)
    .bind(link.email)
    .bind(key.seal(link.token))
    .bind(digest(link.browser.as_bytes()))
    .bind(link.return_to)
    .bind(now)
    .bind(now + LIFETIME_SECS)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A link, opened.
#[derive(Debug, PartialEq, Eq)]
pub struct Opened {
    pub provider: String,
    pub email: String,
    pub token: String,
    pub return_to: String,
}

/// What following a link finds.
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    /// Used now, by this request.
    Opened(Opened),
    /// Asked for in another browser: used only once the visitor confirms
    /// (a mail scanner opening it, or a link sent to somebody else, does not).
    Elsewhere { email: String },
    /// Unknown, used, or expired.
    Gone,
}

/// Uses the link `key`, if it is there, fresh, unused, and either asked for
/// by this `browser` (its link cookie) or `confirmed` by the visitor.
pub async fn take(
    pool: &AnyPool,
    key: &LinkKey,
    browser: Option<&str>,
    confirmed: bool,
    now: i64,
) -> Result<Taken, sqlx::Error> {
    let row: Option<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT provider, email, sealed_token, browser_hash, return_to FROM sign_in_links
         WHERE key_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(key.hash())
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let Some((provider, email, sealed, browser_hash, return_to)) = row else {
        return Ok(Taken::Gone);
    };
    let same_browser = browser.is_some_and(|b| digest(b.as_bytes()) == browser_hash);
    if !same_browser && !confirmed {
        return Ok(Taken::Elsewhere { email });
    }
    let used = sqlx::query(
        "UPDATE sign_in_links SET used_at = $1, sealed_token = '' WHERE key_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(key.hash())
    .execute(pool)
    .await?
    .rows_affected();
    // Another request used it first; or the row was not sealed with this key.
    let (1, Some(token)) = (used, key.open(&sealed)) else {
        return Ok(Taken::Gone);
    };
    Ok(Taken::Opened(Opened {
        provider,
        email,
        token,
        return_to,
    }))
}

#[cfg(test)]
#[path = "email_links_tests.rs"]
mod tests;
