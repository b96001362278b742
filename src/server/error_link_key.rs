//! The key that signs the errors server functions redirect back with, and
//! the signing and checking of those links (see `middleware::error_links`).

use hmac::{Hmac, Mac};
use sha2::Sha256;

const ERROR_PARAMS: [&str; 3] = ["__path", "__err", "__sig"];

/// The key signing error links, made once per process.
pub struct ErrorLinkKey([u8; 32]);

impl Default for ErrorLinkKey {
    fn default() -> Self {
        let random = openidconnect::CsrfToken::new_random_len(32).into_secret();
        let mut key = [0u8; 32];
        let digest = <Sha256 as sha2::Digest>::digest(random.as_bytes());
        key.copy_from_slice(&digest);
        ErrorLinkKey(key)
    }
}

impl ErrorLinkKey {
    fn sign(&self, path: &str, err: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(path.as_bytes());
        mac.update(b"\n");
        mac.update(err.as_bytes());
        let bytes = mac.finalize().into_bytes();
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn verify(&self, path: &str, err: &str, sig: &str) -> bool {
        let expected = self.sign(path, err);
        bool::from(subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), sig.as_bytes()))
    }

    /// `location` with `__sig` added when it carries a server-function error.
    pub fn sign_location(&self, location: &str) -> Option<String> {
        let (base, query) = location.split_once('?')?;
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let (path, err) = (get("__path")?, get("__err")?);
        let sig = self.sign(path, err);
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.extend_pairs(pairs.iter().filter(|(k, _)| k != "__sig"));
        query.append_pair("__sig", &sig);
        Some(format!("{base}?{}", query.finish()))
    }

    /// The query without error parameters unless they carry a valid signature.
    pub fn checked_query(&self, query: &str) -> Option<String> {
        if !names_error_params(query) {
            return None;
        }
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        if let (Some(path), Some(err), Some(sig)) = (get("__path"), get("__err"), get("__sig"))
            && self.verify(path, err, sig)
        {
            return None;
        }
        let mut kept = form_urlencoded::Serializer::new(String::new());
        kept.extend_pairs(pairs.iter().filter(|(k, _)| !ERROR_PARAMS.contains(&k.as_str())));
        Some(kept.finish())
    }
}

/// Whether `query` names one of Leptos' error parameters as the router reads
/// names: percent-decoded, so `%5F%5Ferr` is `__err`. The signature check
/// and the page cache both decide with this.
pub fn names_error_params(query: &str) -> bool {
    // Most queries (searches, pages) cannot spell one: nothing to decode.
    (query.contains('_') || query.contains('%'))
        && form_urlencoded::parse(query.as_bytes()).any(|(name, _)| ERROR_PARAMS.contains(&name.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_parameters_are_recognised_by_their_decoded_names() {
        assert!(names_error_params("__err=x"));
        assert!(names_error_params("q=1&%5F%5Fpath=%2F"));
        assert!(names_error_params("%5f_err=x"));
        assert!(!names_error_params("q=__err&sort=title"), "a value is not a name");
        assert!(!names_error_params("q=snake_case"));
    }

    #[test]
    fn only_errors_the_server_signed_reach_a_page() {
        let key = ErrorLinkKey::default();
        let signed = key
            .sign_location("http://localhost/cart?x=1&__path=/api/update_cart&__err=abc")
            .unwrap();
        let query = signed.split_once('?').unwrap().1;
        assert_eq!(key.checked_query(query), None, "a signed error stays");
        assert_eq!(key.checked_query("x=1"), None, "no error, nothing to do");
        let forged = "x=1&__path=/api/update_cart&__err=Y2FsbCB1cw";
        assert_eq!(key.checked_query(forged).as_deref(), Some("x=1"));
        let tampered = query.replace("__err=abc", "__err=abd");
        assert_eq!(key.checked_query(&tampered).as_deref(), Some("x=1"));
        let encoded = "x=1&%5F%5Fpath=%2Fapi%2Fadd_to_cart&%5F%5Ferr=Y2FsbCB1cw";
        assert_eq!(
            key.checked_query(encoded).as_deref(),
            Some("x=1"),
            "percent-encoded names are the same parameters"
        );
        let other_key = ErrorLinkKey::default();
        assert_eq!(
            other_key.checked_query(query).as_deref(),
            Some("x=1"),
            "another instance's key"
        );
    }
}
