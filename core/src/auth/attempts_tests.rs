//! Sealed sign-in attempts: the round trip, single use, refusals, the per-browser bound.

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
