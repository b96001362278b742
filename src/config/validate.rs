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

pub fn check_resources(resources: &[String]) -> Result<(), String> {
    match resources.iter().find(|r| Url::parse(r).is_err()) {
        Some(bad) => Err(format!(
            "`{bad}` is not an absolute URI (API resource indicators look like https://api.example.com)"
        )),
        None => Ok(()),
    }
}
