//! ID-token verification: openidconnect's checks (signature through the JWKS,
//! `exp`, `nonce`) configured strictly, plus what it leaves to the relying
//! party, driven by the provider's [`TokenPolicy`]: the algorithm allow-list,
//! `iss` and `aud` lists, `azp`, `iat` bounds, `nbf`, `auth_time`, `crit`,
//! `typ`, `sub`, clock tolerance and a fixed clock.

use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use openidconnect::core::{
    CoreIdToken, CoreIdTokenClaims, CoreIdTokenVerifier, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
};
use openidconnect::{ClaimsVerificationError, ClientId, ClientSecret, IssuerUrl, Nonce, SignatureVerificationError};

use crate::oidc::jwt::{self, allowed_algs, segment_json};
pub use crate::oidc::jwt::{IdTokenError, SUPPORTED_ALGS};
use crate::oidc::token_policy::TokenPolicy;

/// Everything an ID token is checked against.
pub struct IdTokenExpectations<'a> {
    pub client_id: &'a str,
    pub client_secret: &'a str,
    /// The issuer named by discovery (the default accepted `iss`).
    pub discovery_issuer: &'a IssuerUrl,
    pub keys: &'a CoreJsonWebKeySet,
    /// `id_token_signing_alg_values_supported` from discovery.
    pub advertised_algs: &'a [CoreJwsSigningAlgorithm],
    pub policy: &'a TokenPolicy,
    /// `acceptStringTypedBooleanClaims`: "true"/"false" in `*_verified` claims.
    pub accept_string_booleans: bool,
    pub nonce: &'a Nonce,
    /// The access token issued with the ID token: `at_hash`, when present,
    /// must be its half hash.
    pub access_token: Option<&'a str>,
    /// An ID token from a refresh-token grant (OIDC Core 12.2): the nonce may
    /// be absent (if present it must be the sign-in's), and `auth_time` is
    /// the original sign-in's, so the maximum authentication age is not re-applied.
    pub refreshed: bool,
    /// The clock, unless the policy fixes one.
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct VerifiedIdToken {
    pub claims: CoreIdTokenClaims,
    /// All claims of the verified payload, including provider-specific ones.
    pub raw_claims: serde_json::Map<String, serde_json::Value>,
}

fn reject<T>(reason: &'static str, detail: impl Into<String>) -> Result<T, IdTokenError> {
    Err(IdTokenError::Rejected {
        reason,
        detail: detail.into(),
    })
}

const TIME_REASON: &str = "the ID token is expired or was issued at an unexpected time (exp/iat)";

pub fn verify_id_token(raw: &str, expect: &IdTokenExpectations<'_>) -> Result<VerifiedIdToken, IdTokenError> {
    let policy = expect.policy;
    let now = policy.current_date.unwrap_or(expect.now);
    let tolerance = Duration::from_std(policy.clock_tolerance).unwrap_or(Duration::zero());
    let header = segment_json(raw, 0).ok_or(IdTokenError::Malformed)?;
    check_header(&header, policy)?;
    let algorithms = allowed_algs(policy.algorithms.as_deref().unwrap_or(expect.advertised_algs));

    // The signature is checked here, on the token as sent (aws-lc-rs, against
    // every key that fits when there is no `kid`); openidconnect checks the
    // rest, on a rewritten copy when the configuration accepts what it would
    // refuse as sent (string booleans, understood `crit`).
    let original_claims = segment_json(raw, 1).ok_or(IdTokenError::Malformed)?;
    let normalized = jwt::rewrite(
        raw,
        &header,
        &original_claims,
        expect.accept_string_booleans,
        &policy.crit,
    )?;
    jwt::verify_signature(raw, &header, &algorithms, expect.keys)?;
    let checked = normalized.as_deref().unwrap_or(raw);
    let token = CoreIdToken::from_str(checked).map_err(|_| IdTokenError::Malformed)?;
    let max_age = Duration::from_std(policy.max_token_age).unwrap_or(Duration::zero());
    let mut verifier = CoreIdTokenVerifier::new_confidential_client(
        ClientId::new(expect.client_id.to_string()),
        ClientSecret::new(expect.client_secret.to_string()),
        expect.discovery_issuer.clone(),
        expect.keys.clone(),
    )
    // Verified above.
    .insecure_disable_signature_check()
    .set_allowed_algs(algorithms)
    // `iss` and `aud` are checked below against the policy's lists.
    .require_issuer_match(false)
    .require_audience_match(false)
    // `exp` is compared with this clock: tolerance for a provider whose clock is behind.
    .set_time_fn(move || now - tolerance)
    .set_issue_time_verifier_fn(move |iat| {
        if iat > now + tolerance {
            Err(format!("issued in the future at {iat}"))
        } else if iat < now - max_age - tolerance {
            Err(format!("issued too long ago at {iat}"))
        } else {
            Ok(())
        }
    });
    if policy.typ.is_some() {
        // Checked exactly below, as the configuration says.
        verifier = verifier.allow_all_jose_types();
    }
    if let Some(max_auth_age) = policy.max_auth_age.filter(|_| !expect.refreshed) {
        let max_auth_age = Duration::from_std(max_auth_age).unwrap_or(Duration::zero());
        verifier = verifier.set_auth_time_verifier_fn(move |auth_time| match auth_time {
            Some(at) if at >= now - max_auth_age - tolerance => Ok(()),
            Some(at) => Err(format!("authenticated too long ago at {at}")),
            None => Err("no auth_time although max_age was requested".into()),
        });
    }

    let expected_nonce = expect.nonce;
    let claims = if expect.refreshed {
        token.claims(&verifier, |nonce: Option<&Nonce>| match nonce {
            None => Ok(()),
            Some(nonce) if nonce.secret() == expected_nonce.secret() => Ok(()),
            Some(_) => Err("the refreshed ID token carries another nonce".to_string()),
        })
    } else {
        token.claims(&verifier, expected_nonce)
    };
    let claims = claims.map_err(rejection)?.clone();
    let raw_claims = segment_json(checked, 1).ok_or(IdTokenError::Malformed)?;
    check_issuer(&claims, expect)?;
    check_audience(&claims, expect)?;
    if let Some(nbf) = raw_claims.get("nbf") {
        match nbf.as_i64() {
            Some(nbf) if nbf <= (now + tolerance).timestamp() => {}
            _ => return reject(TIME_REASON, format!("not valid before {nbf}")),
        }
    }
    check_subject(claims.subject().as_str())?;
    check_access_token_hash(&claims, &header, expect.access_token)?;
    if let Some(subject) = &policy.subject
        && claims.subject().as_str() != subject
    {
        return reject(
            "the ID token is for another user (sub)",
            format!("sub is {}", claims.subject().as_str()),
        );
    }
    Ok(VerifiedIdToken { claims, raw_claims })
}

/// Core 2: `sub` is a non-empty identifier of at most 255 ASCII characters.
/// An empty one would merge every such account into one customer; control
/// characters (a newline) would forge lines in the logs it is written to.
fn check_subject(sub: &str) -> Result<(), IdTokenError> {
    let printable = sub.bytes().all(|b| (b' '..=b'~').contains(&b));
    if sub.is_empty() || sub.len() > 255 || !printable {
        return reject(
            "the ID token names no valid user (sub)",
            format!("sub has {} bytes", sub.len()),
        );
    }
    Ok(())
}

/// Core 3.1.3.8 / 3.2.2.9: when `at_hash` is present it must be the half
/// hash of the access token issued with it, with the hash of the token's `alg`.
fn check_access_token_hash(
    claims: &CoreIdTokenClaims,
    header: &serde_json::Map<String, serde_json::Value>,
    access_token: Option<&str>,
) -> Result<(), IdTokenError> {
    let (Some(expected), Some(access_token)) = (claims.access_token_hash(), access_token) else {
        return Ok(());
    };
    let computed = jwt::header_alg(header).and_then(|alg| jwt::half_hash(&alg, access_token));
    if computed.as_deref() != Some(expected.as_str()) {
        return reject(
            "the ID token does not belong to the access token sent with it (at_hash)",
            format!("at_hash is {}", expected.as_str()),
        );
    }
    Ok(())
}

/// `typ`, when configured (`crit` is checked in `jwt::rewrite`).
fn check_header(header: &serde_json::Map<String, serde_json::Value>, policy: &TokenPolicy) -> Result<(), IdTokenError> {
    if let Some(typ) = &policy.typ {
        let found = header.get("typ").and_then(|v| v.as_str());
        if found != Some(typ.as_str()) {
            return reject("the ID token has an unexpected type (typ)", format!("typ is {found:?}"));
        }
    }
    Ok(())
}

fn check_issuer(claims: &CoreIdTokenClaims, expect: &IdTokenExpectations<'_>) -> Result<(), IdTokenError> {
    let iss = claims.issuer().as_str();
    let accepted = if expect.policy.issuers.is_empty() {
        iss == expect.discovery_issuer.as_str()
    } else {
        expect.policy.issuers.iter().any(|issuer| issuer == iss)
    };
    if accepted {
        Ok(())
    } else {
        reject(
            "the ID token was issued by another service (iss)",
            format!("iss is {iss}"),
        )
    }
}

/// `aud` must name an accepted audience and nobody untrusted; `azp`, when
/// present (and required with several audiences), must be this client.
fn check_audience(claims: &CoreIdTokenClaims, expect: &IdTokenExpectations<'_>) -> Result<(), IdTokenError> {
    const AUD: &str = "the ID token was issued for another application (aud)";
    let audiences: Vec<&str> = claims.audiences().iter().map(|a| a.as_str()).collect();
    let expected: Vec<&str> = if expect.policy.audiences.is_empty() {
        vec![expect.client_id]
    } else {
        expect.policy.audiences.iter().map(String::as_str).collect()
    };
    if !audiences.iter().any(|aud| expected.contains(aud)) {
        return reject(AUD, format!("aud is {audiences:?}"));
    }
    if let Some(untrusted) = audiences
        .iter()
        .find(|aud| !expected.contains(aud) && **aud != expect.client_id)
    {
        return reject(AUD, format!("untrusted audience {untrusted}"));
    }
    const AZP: &str = "the ID token was issued to another application (azp)";
    match claims.authorized_party() {
        Some(azp) if azp.as_str() != expect.client_id => reject(AZP, format!("azp is {}", azp.as_str())),
        None if audiences.len() > 1 => reject(AZP, "several audiences and no azp"),
        _ => Ok(()),
    }
}

fn rejection(err: ClaimsVerificationError) -> IdTokenError {
    use ClaimsVerificationError as C;
    use SignatureVerificationError as S;
    let reason = match &err {
        C::SignatureVerification(S::NoMatchingKey) => return IdTokenError::UnknownKey,
        C::SignatureVerification(S::DisallowedAlg(_) | S::UnsupportedAlg(_)) => {
            "the ID token uses a signature algorithm Bookstore does not accept"
        }
        C::SignatureVerification(_) => "the ID token signature is invalid",
        C::InvalidIssuer(_) => "the ID token was issued by another service (iss)",
        C::InvalidAudience(_) => "the ID token was issued for another application (aud)",
        C::Expired(_) => "the ID token is expired or was issued at an unexpected time (exp/iat)",
        C::InvalidNonce(_) => "the ID token does not belong to this sign-in attempt (nonce)",
        _ => "the ID token failed verification",
    };
    IdTokenError::Rejected {
        reason,
        detail: err.to_string(),
    }
}

#[cfg(test)]
#[path = "id_token_tests.rs"]
mod tests;
