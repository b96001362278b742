//! Where to send a visitor after sign-in. Only a same-origin relative path is
//! accepted; anything else falls back to `/`, so the sign-in link can never be
//! turned into an open redirect.

/// Returns `value` if it is a safe same-origin path, otherwise `/`.
pub fn sanitize_return_to(value: Option<&str>) -> String {
    match value {
        Some(path) if is_same_origin_path(path) => path.to_string(),
        _ => "/".to_string(),
    }
}

fn is_same_origin_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    // "/x" but not "//host" (scheme-relative) nor "/\host" (browsers read "\" as "/").
    let starts_right = bytes.first() == Some(&b'/') && !matches!(bytes.get(1), Some(b'/' | b'\\'));
    // No control characters (a tab or newline inside "/\t/host" is stripped by browsers),
    // no backslashes at all, and a bounded length.
    starts_right
        && path.len() <= 1024
        && !path.chars().any(|c| c.is_control() || c == '\\')
        // Never bounce back into the auth endpoints themselves.
        && !["/callback", "/sign-in", "/sign-up", "/sign-out"]
            .iter()
            .any(|auth| path == *auth || path.starts_with(&format!("{auth}?")) || path.starts_with(&format!("{auth}/")))
}

/// A link to `endpoint` (`/sign-in` or `/sign-up`) that comes back to `return_to`.
pub fn auth_link(endpoint: &str, return_to: &str) -> String {
    let return_to = sanitize_return_to(Some(return_to));
    if return_to == "/" {
        return endpoint.to_string();
    }
    // The path stays readable (`/` and RFC 3986's unreserved characters are
    // kept); everything else, `?`, `&` and `#` included, is encoded.
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b'/');
    format!(
        "{endpoint}?return_to={}",
        percent_encoding::utf8_percent_encode(&return_to, KEEP)
    )
}

#[cfg(test)]
mod tests {
    use super::{auth_link, sanitize_return_to};

    #[test]
    fn auth_links_encode_the_return_path() {
        assert_eq!(auth_link("/sign-in", "/"), "/sign-in");
        assert_eq!(auth_link("/sign-in", "/account"), "/sign-in?return_to=/account");
        assert_eq!(
            auth_link("/sign-up", "/books?q=a b&x=1"),
            "/sign-up?return_to=/books%3Fq%3Da%20b%26x%3D1"
        );
        assert_eq!(auth_link("/sign-in", "//evil.example"), "/sign-in");
    }

    #[test]
    fn keeps_same_origin_paths() {
        for ok in ["/", "/account", "/books?page=2#top", "/a/b%2F"] {
            assert_eq!(sanitize_return_to(Some(ok)), ok);
        }
    }

    #[test]
    fn refuses_everything_that_could_leave_the_site() {
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "javascript:alert(1)",
            "account",
            "",
            "/callback?code=x",
            "/sign-in",
        ] {
            assert_eq!(sanitize_return_to(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(sanitize_return_to(None), "/");
        assert_eq!(sanitize_return_to(Some(&format!("/{}", "a".repeat(2000)))), "/");
    }
}
