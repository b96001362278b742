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
//! A sealed value is bound to its cookie's name (additional data) and names
//! its `state` inside, so it cannot be moved under another name or answer
//! another attempt; it is refused after [`PENDING_TTL_SECS`].

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::auth::session::PendingSignIn;

/// Cookies holding attempts are named this, then 16 hex digits (with
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

/// What a cookie seals: the attempt, and which `state` it belongs to.
#[derive(serde::Serialize, serde::Deserialize)]
struct Sealed {
    /// Hex SHA-256 of the state (the state itself never leaves the URL).
    state: String,
    attempt: PendingSignIn,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest(state: &str) -> [u8; 32] {
    Sha256::digest(state.as_bytes()).into()
}

/// The cookie that holds the attempt for `state` (without `__Host-`).
pub fn cookie_name(state: &str) -> String {
    format!("{COOKIE_PREFIX}{}", hex(&digest(state)[..8]))
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
        let sealed = Sealed {
            state: hex(&digest(state)),
            attempt: pending.clone(),
        };
        let mut data = serde_json::to_vec(&sealed).expect("an attempt serializes");
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
    fn open(&self, name: &str, value: &str, now: i64) -> Option<Sealed> {
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
        let sealed: Sealed = serde_json::from_slice(plain).ok()?;
        let at = sealed.attempt.created_at;
        (now - at <= PENDING_TTL_SECS && at <= now + 60).then_some(sealed)
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
                Some(sealed) => live.push((sealed.attempt.created_at, name)),
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
        let Some(sealed) = self.open(&name, value, now).filter(|s| s.state == hex(&digest(state))) else {
            return (None, gone);
        };
        let pending = sealed.attempt;
        let mut used = self.used.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !used.first(digest(state), pending.created_at + PENDING_TTL_SECS, now) {
            tracing::warn!("a sign-in answer came back a second time; refused");
            return (None, gone);
        }
        (Some(pending), gone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn attempt(at: i64) -> PendingSignIn {
        PendingSignIn {
            provider: "logto".into(),
            pkce_verifier: "verifier-0123456789012345678901234567890123".into(),
            nonce: "nonce-1".into(),
            return_to: "/cart".into(),
            created_at: at,
            step_up: None,
        }
    }

    /// The cookies a browser would send after these `Set-Cookie`s.
    fn jar(set: &[String]) -> Vec<(String, String)> {
        let mut jar: Vec<(String, String)> = Vec::new();
        for header in set {
            let pair = header.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            jar.retain(|(n, _)| n != name);
            if !header.contains("Max-Age=0") {
                jar.push((name.into(), value.into()));
            }
        }
        jar
    }

    #[test]
    fn an_attempt_comes_back_once_and_its_cookie_goes() {
        let attempts = Attempts::new([7; 32], true);
        let set = attempts.remember("state-a", &attempt(NOW), &[], NOW);
        assert_eq!(set.len(), 1);
        assert!(
            set[0].starts_with(&format!("__Host-{}=", cookie_name("state-a"))),
            "{}",
            set[0]
        );
        assert!(set[0].contains("HttpOnly") && set[0].contains("SameSite=Lax") && set[0].contains("Secure"));
        assert!(!set[0].contains("verifier"), "sealed, not readable");
        let cookies = jar(&set);
        let (taken, gone) = attempts.take("state-a", &cookies, NOW + 5);
        assert_eq!(taken, Some(attempt(NOW)));
        assert!(gone.unwrap().contains("Max-Age=0"));
        // The same cookie again (a replayed answer): refused.
        assert_eq!(attempts.take("state-a", &cookies, NOW + 6).0, None);
    }

    #[test]
    fn forged_moved_stale_or_foreign_values_are_refused() {
        let attempts = Attempts::new([7; 32], false);
        let cookies = jar(&attempts.remember("state-a", &attempt(NOW), &[], NOW));
        let (name, value) = cookies[0].clone();
        // Another key (another deployment) cannot open it.
        assert_eq!(Attempts::new([8; 32], false).take("state-a", &cookies, NOW).0, None);
        // One flipped character.
        let mut forged = value.clone().into_bytes();
        forged[20] = if forged[20] == b'A' { b'B' } else { b'A' };
        let forged = vec![(name, String::from_utf8(forged).unwrap())];
        assert_eq!(attempts.take("state-a", &forged, NOW).0, None);
        // The value under another state's name.
        let moved = vec![(cookie_name("state-b"), value)];
        assert_eq!(attempts.take("state-b", &moved, NOW).0, None);
        // Too old.
        assert_eq!(attempts.take("state-a", &cookies, NOW + PENDING_TTL_SECS + 1).0, None);
        // No cookie at all.
        assert_eq!(attempts.take("state-c", &cookies, NOW), (None, None));
    }

    #[test]
    fn a_browser_keeps_at_most_the_newest_attempts() {
        let attempts = Attempts::new([7; 32], false);
        let mut cookies: Vec<(String, String)> = vec![(format!("{COOKIE_PREFIX}0000000000000000"), "junk".into())];
        assert!(
            is_attempt_cookie(&cookies[0].0)
                && is_attempt_cookie("__Host-bookstore.attempt.1")
                && !is_attempt_cookie("bookstore.sid")
        );
        for i in 0..MAX_PENDING as i64 + 2 {
            let set = attempts.remember(&format!("state-{i}"), &attempt(NOW + i), &cookies, NOW + i);
            let mut all = cookies.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>();
            all.extend(set);
            cookies = jar(&all);
        }
        assert_eq!(cookies.len(), MAX_PENDING, "junk and the oldest dropped");
        assert_eq!(attempts.take("state-0", &cookies, NOW + 20).0, None, "the oldest went");
        assert!(
            attempts
                .take(&format!("state-{}", MAX_PENDING + 1), &cookies, NOW + 20)
                .0
                .is_some()
        );
    }

    #[test]
    fn answered_states_are_forgotten_once_expired() {
        let mut used = Used::default();
        assert!(used.first([1; 32], NOW + 10, NOW));
        assert!(!used.first([1; 32], NOW + 10, NOW + 1));
        assert!(used.first([2; 32], NOW + 30, NOW + 20));
        assert_eq!(used.seen.len(), 1, "the first was forgotten when it expired");
    }
}
