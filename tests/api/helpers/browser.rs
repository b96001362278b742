//! A browser-like client that keeps cookies and does not follow redirects,
//! so every hop can be checked; and reading its answers.

use std::sync::Arc;

use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{ACCEPT, HeaderMap, HeaderValue, LOCATION};
use reqwest::{Client, Response};
use url::Url;

/// A browser: a cookie jar, `Accept: text/html`, no automatic redirects.
pub struct Browser {
    pub client: Client,
    pub jar: Arc<Jar>,
}

impl Browser {
    pub fn new() -> Self {
        let jar = Arc::new(Jar::default());
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("text/html,application/xhtml+xml"));
        // A bound on every request: a hang fails the test, naming the request.
        let client = Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .unwrap();
        Self { client, jar }
    }

    pub async fn get(&self, url: &str) -> Response {
        self.client.get(url).send().await.expect("request")
    }

    /// A sign-in endpoint (`/sign-in`, `/callback`) that failed: it answers
    /// 302 to the failure page without rendering; this follows to that page.
    pub async fn get_failure(&self, url: &str) -> Response {
        let response = self.get(url).await;
        assert_eq!(response.status(), reqwest::StatusCode::FOUND, "{url} redirects");
        let location = response.headers()[LOCATION].to_str().unwrap().to_string();
        assert!(location.starts_with("/callback/failed?reason="), "{url} -> {location}");
        self.get(response.url().join(&location).unwrap().as_str()).await
    }

    /// The session id cookie the browser holds for `origin`.
    pub fn session_cookie(&self, origin: &str) -> Option<String> {
        let header = self.jar.cookies(&Url::parse(origin).unwrap())?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|pair| pair.strip_prefix("bookstore.sid=").map(str::to_string))
    }

    /// A second browser holding only a copy of this one's session cookie.
    pub fn with_copied_cookie(&self, origin: &str) -> Browser {
        let copy = Browser::new();
        if let Some(value) = self.session_cookie(origin) {
            copy.jar
                .add_cookie_str(&format!("bookstore.sid={value}; Path=/"), &Url::parse(origin).unwrap());
        }
        copy
    }
}

pub fn location(response: &Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .unwrap_or_else(|| panic!("no Location on a {} answer", response.status()))
        .to_str()
        .unwrap()
        .to_string()
}

pub fn query(url: &str) -> Vec<(String, String)> {
    Url::parse(url)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// `url` with query parameter `name` replaced by `value`, or removed for `None`.
pub fn with_param(url: &str, name: &str, value: Option<&str>) -> String {
    let mut url = Url::parse(url).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != name)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut query = url.query_pairs_mut();
    query.clear().extend_pairs(pairs);
    if let Some(value) = value {
        query.append_pair(name, value);
    }
    drop(query);
    url.to_string()
}

pub fn param(url: &str, name: &str) -> Option<String> {
    query(url).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// `name`/`value` pairs of the hidden inputs in an HTML form.
pub fn hidden_inputs(page: &str) -> Vec<(String, String)> {
    page.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|rest| {
            let (name, rest) = rest.split_once('"')?;
            let value = rest.split_once("value=\"")?.1.split_once('"')?.0;
            Some((
                name.to_string(),
                value
                    .replace("&amp;", "&")
                    .replace("&quot;", "\"")
                    .replace("&#x2F;", "/")
                    .replace("&#39;", "'"),
            ))
        })
        .collect()
}

pub async fn body(response: Response) -> String {
    response.text().await.expect("body")
}
