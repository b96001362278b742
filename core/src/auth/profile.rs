//! The Bookstore user from a verified ID token, mapped as Logto's OIDC
//! connector maps a profile.

use crate::auth::model::CurrentUser;
use crate::oidc::id_token::VerifiedIdToken;
use crate::oidc::provider_settings::ClaimRules;

/// The profile, mapped as Logto's connector does: `email` only when verified
/// (or, with `trustUnverifiedEmail`, when `email_verified` is missing), phone
/// from `phone_number` or Logto's `phone` likewise, and string booleans only
/// with `acceptStringTypedBooleanClaims`.
pub fn user_from_claims(verified: &VerifiedIdToken, rules: ClaimRules) -> CurrentUser {
    let claims = &verified.raw_claims;
    let text = |key: &str| {
        claims
            .get(key)
            .and_then(|v| v.as_str())
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let verified_flag = |key: &str| match claims.get(key) {
        Some(serde_json::Value::Bool(flag)) => Some(*flag),
        Some(serde_json::Value::String(flag)) if rules.accept_string_booleans => {
            Some(flag.eq_ignore_ascii_case("true"))
        }
        Some(_) => Some(false),
        None => None,
    };
    let keep = |flag: Option<bool>| flag.unwrap_or(rules.trust_unverified_email);
    let email = text("email").filter(|_| keep(verified_flag("email_verified")));
    let phone = text("phone_number")
        .filter(|_| keep(verified_flag("phone_number_verified")))
        .or_else(|| text("phone").filter(|_| keep(verified_flag("phone_verified"))));
    CurrentUser {
        subject: verified.claims.subject().to_string(),
        name: text("name"),
        username: text("username"),
        email,
        phone,
        picture: text("picture"),
        // Set by the caller from the configured roles claim.
        roles: Vec::new(),
        is_admin: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oidc::test_support::TestKey;
    use openidconnect::Nonce;

    /// Maps `claims` (the raw payload) for a token whose standard claims are minimal.
    fn mapped(claims: serde_json::Value, rules: ClaimRules) -> CurrentUser {
        let key = TestKey::new("k");
        let base =
            serde_json::json!({"sub": "user-1", "iss": "https://i.test", "aud": "a", "exp": 2_000_000_000, "iat": 1});
        let token: openidconnect::core::CoreIdToken = key.sign(&base).parse().unwrap();
        let verifier = openidconnect::core::CoreIdTokenVerifier::new_insecure_without_verification();
        let verified = VerifiedIdToken {
            claims: token.into_claims(&verifier, |_: Option<&Nonce>| Ok(())).unwrap(),
            raw_claims: claims.as_object().unwrap().clone(),
        };
        user_from_claims(&verified, rules)
    }

    #[test]
    fn claims_are_mapped_like_logtos_connector() {
        use serde_json::json;
        let strict = ClaimRules::default();
        let trusting = ClaimRules {
            accept_string_booleans: true,
            trust_unverified_email: true,
        };
        let cases = [
            (
                json!({"email": "a@x", "email_verified": true}),
                strict,
                Some("a@x"),
                None,
            ),
            (json!({"email": "a@x", "email_verified": false}), trusting, None, None),
            (json!({"email": "a@x"}), strict, None, None),
            (json!({"email": "a@x"}), trusting, Some("a@x"), None),
            (json!({"email": "a@x", "email_verified": "true"}), strict, None, None),
            (
                json!({"email": "a@x", "email_verified": "true"}),
                trusting,
                Some("a@x"),
                None,
            ),
            (
                json!({"phone_number": "+1", "phone_number_verified": true}),
                strict,
                None,
                Some("+1"),
            ),
            (json!({"phone": "+2", "phone_verified": true}), strict, None, Some("+2")),
            (json!({"phone": "+2"}), strict, None, None),
        ];
        for (claims, rules, email, phone) in cases {
            let user = mapped(claims.clone(), rules);
            assert_eq!(
                (user.email.as_deref(), user.phone.as_deref()),
                (email, phone),
                "{claims} with {rules:?}"
            );
        }
    }
}
