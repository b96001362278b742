//! ID-token verification: openidconnect's checks (signature through the JWKS,
//! `iss`, `aud`, `exp`, `nonce`) configured strictly, plus what it leaves to the
//! relying party: the algorithm allow-list, `iat` bounds, clock leeway and `azp`.

use std::str::FromStr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use openidconnect::core::{
    CoreIdToken, CoreIdTokenClaims, CoreIdTokenVerifier, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
};
use openidconnect::{ClaimsVerificationError, ClientId, ClientSecret, IssuerUrl, Nonce, SignatureVerificationError};

/// Clock difference tolerated between us and the provider.
pub const CLOCK_LEEWAY_SECS: i64 = 60;
/// An ID token fresh from the code exchange was issued moments ago; one older
/// than this is a replay or a badly wrong clock.
pub const MAX_ISSUED_AGE_SECS: i64 = 300;

/// Asymmetric algorithms openidconnect can verify. HMAC (`HS*`) is never
/// accepted: its key is the client secret, so anyone holding the secret could
/// mint tokens, and `none` means no signature at all.
const SUPPORTED_ALGS: [CoreJwsSigningAlgorithm; 9] = [
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// The algorithms to accept: what discovery advertises, limited to the ones we
/// support. The token header's `alg` is only ever checked against this list.
pub fn allowed_algs(advertised: &[CoreJwsSigningAlgorithm]) -> Vec<CoreJwsSigningAlgorithm> {
    let mut algs: Vec<_> = advertised
        .iter()
        .filter(|alg| SUPPORTED_ALGS.contains(alg))
        .cloned()
        .collect();
    algs.dedup();
    algs
}

/// Everything an ID token is checked against.
pub struct IdTokenExpectations<'a> {
    pub client_id: &'a str,
    pub client_secret: &'a str,
    pub issuer: &'a IssuerUrl,
    pub keys: &'a CoreJsonWebKeySet,
    pub allowed_algs: Vec<CoreJwsSigningAlgorithm>,
    pub nonce: &'a Nonce,
    pub now: DateTime<Utc>,
}

#[derive(Debug)]
pub struct VerifiedIdToken {
    pub claims: CoreIdTokenClaims,
    /// All claims of the verified payload, including provider-specific ones.
    pub raw_claims: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, thiserror::Error)]
pub enum IdTokenError {
    #[error("the ID token is not a well-formed JWT")]
    Malformed,
    #[error("the ID token names a signing key the provider does not publish")]
    UnknownKey,
    #[error("{reason} ({detail})")]
    Rejected { reason: &'static str, detail: String },
}

impl IdTokenError {
    /// The part a visitor may read.
    pub fn reason(&self) -> &'static str {
        match self {
            IdTokenError::Malformed => "the ID token is not a well-formed JWT",
            IdTokenError::UnknownKey => "the ID token was signed with an unknown key",
            IdTokenError::Rejected { reason, .. } => reason,
        }
    }
}

pub fn verify_id_token(raw: &str, expect: &IdTokenExpectations<'_>) -> Result<VerifiedIdToken, IdTokenError> {
    let token = CoreIdToken::from_str(raw).map_err(|_| IdTokenError::Malformed)?;
    let now = expect.now;
    let verifier = CoreIdTokenVerifier::new_confidential_client(
        ClientId::new(expect.client_id.to_string()),
        ClientSecret::new(expect.client_secret.to_string()),
        expect.issuer.clone(),
        expect.keys.clone(),
    )
    .set_allowed_algs(expect.allowed_algs.clone())
    // `exp` is compared with this clock: leeway for a provider whose clock is behind.
    .set_time_fn(move || now - Duration::seconds(CLOCK_LEEWAY_SECS))
    .set_issue_time_verifier_fn(move |iat| {
        if iat > now + Duration::seconds(CLOCK_LEEWAY_SECS) {
            Err(format!("issued in the future at {iat}"))
        } else if iat < now - Duration::seconds(MAX_ISSUED_AGE_SECS) {
            Err(format!("issued too long ago at {iat}"))
        } else {
            Ok(())
        }
    });

    let claims = token.claims(&verifier, expect.nonce).map_err(rejection)?.clone();

    // openidconnect leaves `azp` to the relying party (OIDC Core 3.1.3.7 steps 4-5).
    if let Some(azp) = claims.authorized_party()
        && azp.as_str() != expect.client_id
    {
        return Err(IdTokenError::Rejected {
            reason: "the ID token was issued to another application (azp)",
            detail: format!("azp is {}", azp.as_str()),
        });
    }

    let raw_claims = payload_claims(raw).ok_or(IdTokenError::Malformed)?;
    Ok(VerifiedIdToken { claims, raw_claims })
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

/// The JSON claims of an already verified JWT.
fn payload_claims(raw: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let payload = raw.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
#[path = "verify_tests.rs"]
mod tests;
