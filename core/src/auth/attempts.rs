//! Sign-in attempts kept by the browser, not the server: each attempt
//! (provider, PKCE verifier, nonce, where to return, step-up check) is
//! sealed with AES-256-GCM under a key the instances share (`server_keys`)
//! into a cookie of its own, named from a digest of its `state`. Starting a
//! sign-in then writes nothing to any store; the callback opens the cookie
//! its `state` names and deletes it.
//!
//! Single use: the cookie is deleted by the first answer, and this instance
//! remembers the states it has completed until they would have expired, so
//! a replayed answer is refused here; on another instance a replay carries
//! the same authorization code, which the provider accepts only once.
//! A sealed value is bound to its cookie's name (additional data), which is
//! the SHA-256 of its `state`, so it cannot be moved under another name or
//! answer another attempt; it is refused after [`PENDING_TTL_SECS`].

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::auth::session::PendingSignIn;

/// Cookies holding attempts are named this, then 64 hex digits (with
/// `__Host-` before it over https: this host only, `Secure`, `Path=/`).
pub const COOKIE_PREFIX: &str = "bookstore.attempt.";
/// A sign-in left at the provider for longer than this is abandoned.
pub const PENDING_TTL_SECS: i64 = 15 * 60;
/// At most this many tabs may be signing in at once per browser; a new
/// attempt beyond it drops the oldest.
pub const MAX_PENDING: usize = 8;

/// The key, and the states this instance has seen answered.
pub struct Attempts {
    key: LessSafeKey,
    secure: bool,
    used: Mutex<Used>,
}

/// States answered here, forgotten once their attempts would have expired
/// (in the order they were answered, which is close to that order).
#[derive(Default)]
struct Used {
    seen: HashSet<[u8; 32]>,
    by_time: VecDeque<(i64, [u8; 32])>,
}

impl Used {
    /// Records `state`; false when it was recorded before.
    fn first(&mut self, state: [u8; 32], forget_at: i64, now: i64) -> bool {
        while let Some(&(at, old)) = self.by_time.front() {
            if at > now {
                break;
            }
            self.by_time.pop_front();
            self.seen.remove(&old);
        }
        if !self.seen.insert(state) {
            return false;
        }
        self.by_time.push_back((forget_at, state));
        true
    }
}

impl std::fmt::Debug for Attempts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Attempts(..)")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest(state: &str) -> [u8; 32] {
    Sha256::digest(state.as_bytes()).into()
}

/// The cookie that holds the attempt for `state` (without `__Host-`).
pub fn cookie_name(state: &str) -> String {
    format!("{COOKIE_PREFIX}{}", hex(&digest(state)))
}

/// Whether cookie `name` holds an attempt.
pub fn is_attempt_cookie(name: &str) -> bool {
    name.strip_prefix("__Host-").unwrap_or(name).starts_with(COOKIE_PREFIX)
}

impl Attempts {
    /// `secure`: the cookies carry `Secure` (the public URL is https).
    pub fn new(key: [u8; 32], secure: bool) -> Self {
        let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &key).expect("a 32-byte AES-256 key"));
        Attempts {
            key,
            secure,
            used: Mutex::new(Used::default()),
        }
    }

    fn seal(&self, state: &str, pending: &PendingSignIn) -> String {
        let name = self.name(state);
        let mut nonce = [0u8; NONCE_LEN];
        aws_lc_rs::rand::fill(&mut nonce).expect("random bytes for a nonce");
        let mut data = serde_json::to_vec(pending).expect("an attempt serializes");
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(name.as_bytes()),
                &mut data,
            )
            .expect("sealing cannot fail for this size");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        URL_SAFE_NO_PAD.encode(out)
    }

    /// What cookie `name` seals, if it is genuine (made here, under this
    /// name) and fresh.
    fn open(&self, name: &str, value: &str, now: i64) -> Option<PendingSignIn> {
        let mut bytes = URL_SAFE_NO_PAD.decode(value.as_bytes()).ok()?;
        if bytes.len() < NONCE_LEN {
            return None;
        }
        let mut data = bytes.split_off(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(&bytes).ok()?;
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(name.as_bytes()), &mut data)
            .ok()?;
        let attempt: PendingSignIn = serde_json::from_slice(plain).ok()?;
        let at = attempt.created_at;
        (now - at <= PENDING_TTL_SECS && at <= now + 60).then_some(attempt)
    }

    /// The name attempt cookies carry in this deployment.
    fn name(&self, state: &str) -> String {
        let name = cookie_name(state);
        if self.secure { format!("__Host-{name}") } else { name }
    }

    fn cookie(&self, name: &str, value: &str, max_age: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}")
    }

    /// `Set-Cookie` values that keep the attempt for `state`, and drop the
    /// browser's expired or unreadable ones and, past [`MAX_PENDING`], the
    /// oldest. `present` are the request's attempt cookies.
    pub fn remember(
        &self,
        state: &str,
        pending: &PendingSignIn,
        present: &[(String, String)],
        now: i64,
    ) -> Vec<String> {
        let mut live: Vec<(i64, &str)> = Vec::new();
        let mut headers = Vec::new();
        for (name, value) in present {
            match self.open(name, value, now) {
                Some(attempt) => live.push((attempt.created_at, name)),
                None => headers.push(self.cookie(name, "", 0)),
            }
        }
        live.sort();
        let over = (live.len() + 1).saturating_sub(MAX_PENDING);
        for (_, name) in live.into_iter().take(over) {
            headers.push(self.cookie(name, "", 0));
        }
        headers.push(self.cookie(&self.name(state), &self.seal(state, pending), PENDING_TTL_SECS));
        headers
    }

    /// The attempt for `state`, taken: the cookie is deleted (the second
    /// value) whatever it held. `None` when there is none, it is forged or
    /// stale, or this instance has seen that state answered before.
    pub fn take(&self, state: &str, present: &[(String, String)], now: i64) -> (Option<PendingSignIn>, Option<String>) {
        let name = self.name(state);
        let Some((_, value)) = present.iter().find(|(n, _)| *n == name) else {
            return (None, None);
        };
        let gone = Some(self.cookie(&name, "", 0));
        let Some(pending) = self.open(&name, value, now) else {
            return (None, gone);
        };
        let mut used = self.used.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !used.first(digest(state), pending.created_at + PENDING_TTL_SECS, now) {
            tracing::warn!("a sign-in answer came back a second time; refused");
            return (None, gone);
        }
        (Some(pending), gone)
    }
}

#[cfg(test)]
#[path = "attempts_tests.rs"]
mod tests;
