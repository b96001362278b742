//! A kept page cannot carry a per-response nonce: its inline scripts are
//! allowed by their SHA-256 hashes instead (CSP level 2). The nonce is
//! removed from the HTML and its `'nonce-…'` source in the policy becomes
//! the list of hashes.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy with its `'nonce-…'` source replaced by the hashes of the
/// page's inline scripts, and the page without the nonce attributes.
pub fn with_script_hashes(csp: &str, html: &[u8]) -> Option<(String, Vec<u8>)> {
    let nonce = csp
        .split([' ', ';'])
        .find_map(|source| source.strip_prefix("'nonce-")?.strip_suffix('\''))?;
    let text = std::str::from_utf8(html).ok()?;
    let text = text.replace(&format!(" nonce=\"{nonce}\""), "");
    if text.contains(nonce) {
        // The nonce somewhere other than a script's attribute: do not keep it.
        return None;
    }
    let hashes: Vec<String> = inline_scripts(&text)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
        })
        .collect();
    let sources = if hashes.is_empty() {
        String::new()
    } else {
        hashes.join(" ")
    };
    let csp = csp.replace(&format!("'nonce-{nonce}'"), &sources);
    Some((csp, text.into_bytes()))
}

/// The contents of the page's inline `<script>` elements (those without `src`).
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find("<script")?;
            let after = &rest[start..];
            let open_end = after.find('>')?;
            let tag = &after[..open_end];
            let body_start = start + open_end + 1;
            let body_len = rest[body_start..].find("</script>")?;
            let body = &rest[body_start..body_start + body_len];
            rest = &rest[body_start + body_len + "</script>".len()..];
            if !tag.contains(" src=") {
                return Some(body);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSP: &str = "default-src 'self'; script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'; object-src 'none'";

    #[test]
    fn the_nonce_becomes_the_hashes_of_the_inline_scripts() {
        let html = br#"<html><head><script type="module" nonce="abc123">run(1)</script><script src="/pkg/a.js"></script></head><body><script nonce="abc123">__DATA = 2</script></body></html>"#;
        let (csp, page) = with_script_hashes(CSP, html).unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(!page.contains("abc123") && !csp.contains("abc123"), "{csp}\n{page}");
        let hash = |s: &str| {
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()))
            )
        };
        assert!(
            csp.contains(&format!(
                "script-src 'self' {} {} 'wasm-unsafe-eval'",
                hash("run(1)"),
                hash("__DATA = 2")
            )),
            "{csp}"
        );
        assert!(page.contains(r#"<script type="module">run(1)</script>"#), "{page}");
    }

    #[test]
    fn a_page_without_a_nonce_policy_is_not_kept() {
        assert!(with_script_hashes("default-src 'self'", b"<html></html>").is_none());
        // The nonce anywhere but in a script attribute: refused.
        assert!(with_script_hashes(CSP, b"<p>abc123</p>").is_none());
    }
}
