//! Checks shared by the environment and the providers file.

use url::Url;

const PROMPT_VALUES: [&str; 4] = ["none", "login", "consent", "select_account"];

/// An http(s) URL with no query or fragment, normalised to end with `/`.
pub fn parse_base_url(value: &str) -> Result<Url, String> {
    let mut url = parse_http_url(value)?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("`{value}` must not have a query or fragment"));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Any http(s) URL, kept exactly as written (issuers are compared as strings).
pub fn parse_http_url(value: &str) -> Result<Url, String> {
    let url = Url::parse(value).map_err(|err| format!("`{value}` is not a URL ({err})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{value}` must start with http:// or https://"));
    }
    Ok(url)
}

/// Splits a list given with spaces and/or commas, dropping repeats.
pub fn split_list(value: Option<&str>) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for item in value.unwrap_or_default().split([' ', ',']).filter(|s| !s.is_empty()) {
        if !items.iter().any(|known| known == item) {
            items.push(item.to_string());
        }
    }
    items
}

/// A webhook signing key as Logto's console shows it: long enough to be a
/// secret (Logto's are 32 characters), printable.
pub fn check_webhook_key(key: &str) -> Result<(), String> {
    if key.len() < 16 || key.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(
            "must be the signing key from the webhook's page in the Logto Console (16 or more characters, no spaces)"
                .into(),
        );
    }
    Ok(())
}

/// A yes/no setting: `true` or `false` (unset is `false`).
pub fn parse_switch(value: Option<&str>) -> Result<bool, String> {
    match value.map(str::trim) {
        None | Some("") | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(other) => Err(format!("must be true or false, not {other:?}")),
    }
}

/// `DATABASE_URL` must name a backend Bookstore runs on; `SESSION_STORE_URL`,
/// when set, a Redis server.
pub fn check_stores(database_url: &str, session_store_url: Option<&str>) -> Vec<super::ConfigProblem> {
    let mut problems = Vec::new();
    if crate::db::Backend::of_url(database_url).is_none() {
        problems.push(super::ConfigProblem {
            variable: "DATABASE_URL".into(),
            reason: "must be a sqlite: or postgres:// URL, for example sqlite://data/bookstore.db?mode=rwc or \
                     postgres://bookstore@localhost/bookstore"
                .into(),
        });
    }
    if let Some(url) = session_store_url
        && !(url.starts_with("redis://") || url.starts_with("rediss://"))
    {
        problems.push(super::ConfigProblem {
            variable: "SESSION_STORE_URL".into(),
            reason: "must be a redis:// or rediss:// URL, for example redis://127.0.0.1:6379/0 \
                     (leave it unset to keep sessions in the database)"
                .into(),
        });
    }
    problems
}

pub fn check_prompt(prompt: &str) -> Result<(), String> {
    match prompt.split(' ').find(|value| !PROMPT_VALUES.contains(value)) {
        Some(bad) => Err(format!(
            "`{bad}` is not a prompt value; use any of {}",
            PROMPT_VALUES.join(", ")
        )),
        None => Ok(()),
    }
}

/// `direct_sign_in` targets: `social:<target>` or `sso:<connector id>`, the
/// rest plain (letters, digits, `-`, `_`, `.`), as Logto names connectors.
pub fn check_direct_sign_in(targets: &[String]) -> Result<(), String> {
    let plain = |rest: &str| {
        !rest.is_empty() && rest.len() <= 64 && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    };
    match targets.iter().find(|t| {
        !t.split_once(':')
            .is_some_and(|(method, rest)| matches!(method, "social" | "sso") && plain(rest))
    }) {
        Some(bad) => Err(format!(
            "`{bad}` is not a direct sign-in target; use social:<target> (social:google) or sso:<connector id>"
        )),
        None => Ok(()),
    }
}

/// Organization ids: Logto's short plain identifiers.
pub fn check_organization_ids(ids: &[String]) -> Result<(), String> {
    let plain = |id: &str| {
        !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
    };
    match ids.iter().find(|id| !plain(id)) {
        Some(bad) => Err(format!("`{bad}` is not an organization id (letters, digits, - and _)")),
        None => Ok(()),
    }
}

pub fn check_resources(resources: &[String]) -> Result<(), String> {
    match resources.iter().find(|r| Url::parse(r).is_err()) {
        Some(bad) => Err(format!(
            "`{bad}` is not an absolute URI (API resource indicators look like https://api.example.com)"
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn direct_sign_in_targets_and_organizations_are_plain_names() {
        assert!(check_direct_sign_in(&list(&["social:google", "sso:acme-okta_1", "social:apple.id"])).is_ok());
        for bad in [
            "google",
            "saml:x",
            "social:",
            "social:goo gle",
            "sso:a/b",
            "social:google&x=1",
        ] {
            assert!(check_direct_sign_in(&list(&[bad])).is_err(), "{bad}");
        }
        assert!(check_organization_ids(&list(&["org-bletchley", "O_1"])).is_ok());
        for bad in ["", "org 1", "org/1", "örg"] {
            assert!(check_organization_ids(&list(&[bad])).is_err(), "{bad:?}");
        }
    }
}
