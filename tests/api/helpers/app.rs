//! What tests do with a running app: sign in through the provider, call
//! server functions, order, read the stored session, get tokens.

use std::str::FromStr;

use bookstore::auth::session::SignedIn;
use reqwest::header::ACCEPT;
use reqwest::{Client, Response, StatusCode};
use tower_sessions::SessionStore;
use tower_sessions::session::Id;
use url::Url;

use super::*;

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// `GET path` (a sign-in start) and the provider's authorization URL it redirects to.
    pub async fn start_sign_in(&self, browser: &Browser, path: &str) -> String {
        let response = browser.get(&self.url(path)).await;
        assert_eq!(
            response.status(),
            StatusCode::FOUND,
            "{path} should redirect to the provider"
        );
        let auth_url = location(&response);
        let providers = std::iter::once(&self.idp).chain(&self.acme);
        assert!(
            providers.map(|p| &p.origin).any(|origin| auth_url.starts_with(origin)),
            "{auth_url}"
        );
        auth_url
    }

    /// Signs in at the provider from `auth_url`; returns the callback URL it sends back.
    pub async fn log_in_at_provider(&self, browser: &Browser, auth_url: &str, user: &str, password: &str) -> String {
        self.finish_at_provider(
            browser,
            auth_url,
            "login",
            &[("identifier", user), ("password", password)],
        )
        .await
    }

    /// Creates a new account `username` on the provider's registration screen
    /// (the sign-up flow); returns the callback URL it sends back.
    pub async fn register_at_provider(&self, browser: &Browser, auth_url: &str, username: &str) -> String {
        let email = format!("{username}@readers.test");
        let form = [
            ("username", username),
            ("name", username),
            ("email", email.as_str()),
            ("password", "a-long-enough-password"),
        ];
        self.finish_at_provider(browser, auth_url, "register", &form).await
    }

    async fn finish_at_provider(
        &self,
        browser: &Browser,
        auth_url: &str,
        action: &str,
        form: &[(&str, &str)],
    ) -> String {
        finish_at_provider(browser, &self.origin, auth_url, action, form).await
    }

    /// Starts a sign-in and logs in at the provider as Ada; returns the
    /// callback URL the provider sent back, not yet visited.
    pub async fn provider_callback(&self, browser: &Browser) -> String {
        self.provider_callback_from(browser, "/sign-in").await
    }

    /// The same, starting from `start_path` (for example `/sign-in?provider=acme`).
    pub async fn provider_callback_from(&self, browser: &Browser, start_path: &str) -> String {
        let auth_url = self.start_sign_in(browser, start_path).await;
        self.log_in_at_provider(browser, &auth_url, ADA.0, ADA.1).await
    }

    /// Logs in at the provider with `response_mode=form_post`; returns the
    /// fields of the auto-submitting form the provider answers with.
    pub async fn log_in_for_form_post(&self, browser: &Browser, auth_url: &str) -> Vec<(String, String)> {
        let mut next = Url::parse(auth_url).unwrap();
        for _ in 0..12 {
            let response = browser.client.get(next.clone()).send().await.unwrap();
            if response.status().is_redirection() {
                next = next.join(&location(&response)).unwrap();
                continue;
            }
            let page = response.text().await.unwrap();
            if page.contains(&format!("action=\"{}\"", self.url("/callback"))) {
                return hidden_inputs(&page);
            }
            let login = format!("{}/login", next.as_str().trim_end_matches('/'));
            let response = browser
                .client
                .post(&login)
                .form(&[("identifier", ADA.0), ("password", ADA.1)])
                .send()
                .await
                .unwrap();
            next = next.join(&location(&response)).unwrap();
        }
        panic!("the provider never answered with its form_post page");
    }

    /// A complete sign-in from `start_path`; returns the callback response.
    pub async fn sign_in(&self, browser: &Browser, start_path: &str) -> Response {
        self.sign_in_as(browser, start_path, ADA).await
    }

    /// A complete sign-in as `user` (username, password, name).
    pub async fn sign_in_as(&self, browser: &Browser, start_path: &str, user: (&str, &str, &str)) -> Response {
        let auth_url = self.start_sign_in(browser, start_path).await;
        let callback = self.log_in_at_provider(browser, &auth_url, user.0, user.1).await;
        browser.get(&callback).await
    }

    /// Calls a server function as the hydrated app does (form-encoded
    /// arguments, JSON answer); `endpoint` is its path, e.g. `/api/cart`.
    pub async fn call(&self, browser: &Browser, endpoint: &str, args: &[(&str, &str)]) -> Response {
        browser
            .client
            .post(self.url(endpoint))
            .header(ACCEPT, "application/json")
            .form(args)
            .send()
            .await
            .expect("server function request")
    }

    /// A fresh order key from the checkout page's data.
    pub async fn order_key(&self, browser: &Browser) -> String {
        let view: serde_json::Value = self.call(browser, "/api/checkout", &[]).await.json().await.unwrap();
        view["order_key"].as_str().expect("a checkout key").to_string()
    }

    /// Places the signed-in browser's cart as an order (for `organization`, if given).
    pub async fn place_order(&self, browser: &Browser, organization: Option<&str>) -> Response {
        let key = self.order_key(browser).await;
        self.place_order_with_key(browser, &key, organization).await
    }

    /// Places the order with a given checkout key (the same key twice is a double submit).
    pub async fn place_order_with_key(&self, browser: &Browser, key: &str, organization: Option<&str>) -> Response {
        let mut args = vec![("order_key", key)];
        args.extend(ADDRESS);
        if let Some(organization) = organization {
            args.push(("organization", organization));
        }
        self.call(browser, "/api/place_order", &args).await
    }

    /// Puts one copy of the book titled `title` in the browser's cart.
    pub async fn add_to_cart(&self, browser: &Browser, title: &str) {
        let id = self.book_id(title).await.to_string();
        let response = self.call(browser, "/api/add_to_cart", &[("book_id", &id)]).await;
        assert_eq!(response.status(), StatusCode::OK, "adding {title} to the cart");
    }

    /// The id of the catalog book with this exact title.
    pub async fn book_id(&self, title: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM books WHERE title = $1")
            .bind(title)
            .fetch_one(&self.state.db)
            .await
            .expect("the book is in the catalog")
    }

    /// What the server keeps for the browser's session, read from the store.
    pub async fn stored_sign_in(&self, browser: &Browser) -> Option<SignedIn> {
        let cookie = browser.session_cookie(&self.origin)?;
        let id = Id::from_str(&cookie).ok()?;
        let record = self.state.sessions.load(&id).await.expect("load session")?;
        serde_json::from_value(record.data.get("auth.signed_in")?.clone()).ok()
    }

    /// A real access token for the API resource, as another client (a mobile
    /// app) holding this browser's grant would get it: a refresh-token grant
    /// with `resource`.
    pub async fn api_token(&self, browser: &Browser) -> String {
        let refresh_token = self
            .stored_sign_in(browser)
            .await
            .and_then(|s| s.tokens.refresh_token)
            .expect("a refresh token in the session");
        let answer: serde_json::Value = Client::new()
            .post(format!("{}/oidc/token", self.idp.origin))
            .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token.as_str()),
                ("resource", API_RESOURCE),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answer["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no access token: {answer}"))
            .to_string()
    }

    /// A token with exactly these claims, signed with the provider's real key
    /// (the dev provider's test-only /test/mint).
    pub async fn mint(&self, claims: serde_json::Value) -> String {
        let answer: serde_json::Value = Client::new()
            .post(format!("{}/test/mint", self.idp.origin))
            .json(&claims)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answer["token"].as_str().unwrap().to_string()
    }

    /// Revokes a refresh token at the provider (as a sign-out elsewhere would).
    pub async fn revoke(&self, refresh_token: &str) {
        let status = Client::new()
            .post(format!("{}/oidc/token/revocation", self.idp.origin))
            .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
            .form(&[("token", refresh_token), ("token_type_hint", "refresh_token")])
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::OK);
    }

    /// Tries a refresh-token grant at the provider, as a client holding the token would.
    pub async fn refresh_grant_status(&self, refresh_token: &str) -> StatusCode {
        Client::new()
            .post(format!("{}/oidc/token", self.idp.origin))
            .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
            .form(&[("grant_type", "refresh_token"), ("refresh_token", refresh_token)])
            .send()
            .await
            .unwrap()
            .status()
    }
}

/// The user signs out at the provider itself (its end-session page,
/// confirmed), as from another app of the tenant; the provider then sends
/// its back-channel logout token to Bookstore.
pub async fn end_session_at_provider(browser: &Browser, idp_origin: &str) {
    let page = browser
        .get(&format!("{idp_origin}/oidc/session/end?client_id={CLIENT_ID}"))
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let mut form = hidden_inputs(&body(page).await);
    form.push(("logout".into(), "yes".into()));
    let confirmed = browser
        .client
        .post(format!("{idp_origin}/oidc/session/end/confirm"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(
        confirmed.status().is_redirection() || confirmed.status().is_success(),
        "{}",
        confirmed.status()
    );
}

/// Completes the provider's login (`action` "login") or registration
/// ("register") page from `auth_url`; returns the callback URL (on
/// `app_origin`) it sends the browser back to.
pub async fn finish_at_provider(
    browser: &Browser,
    app_origin: &str,
    auth_url: &str,
    action: &str,
    form: &[(&str, &str)],
) -> String {
    let mut next = Url::parse(auth_url).unwrap();
    for _ in 0..12 {
        let response = browser.client.get(next.clone()).send().await.unwrap();
        if response.status().is_redirection() {
            next = next.join(&location(&response)).unwrap();
        } else {
            assert_eq!(response.status(), StatusCode::OK, "provider page {next}");
            if !next.path().starts_with("/interaction/") {
                panic!(
                    "expected the login page, got {next}: {}",
                    response.text().await.unwrap_or_default()
                );
            }
            let post_to = format!("{}/{action}", next.path().trim_end_matches('/'));
            let response = browser
                .client
                .post(next.join(&post_to).unwrap())
                .form(form)
                .send()
                .await
                .unwrap();
            assert!(
                response.status().is_redirection(),
                "{action} refused: {}",
                response.status()
            );
            next = next.join(&location(&response)).unwrap();
        }
        if next.as_str().starts_with(&format!("{app_origin}/callback")) {
            return next.to_string();
        }
    }
    panic!("the provider never redirected back to the callback");
}
