//! The server functions of sign-in links mailed at checkout
//! (`auth::email_link`): plain forms and plain links, so they work without
//! the wasm. Each answers with a redirect.

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
mod ssr {
    use std::net::IpAddr;

    use axum::http::header;
    use leptos::prelude::use_context;

    use crate::auth::email_link::Asked;
    use crate::auth::email_links::Limit;

    /// The cookie that ties a link to the browser that asked for it.
    pub fn cookie_name(secure: bool) -> &'static str {
        if secure {
            "__Host-bookstore-link"
        } else {
            "bookstore-link"
        }
    }

    fn parts() -> Option<axum::http::request::Parts> {
        use_context::<axum::http::request::Parts>()
    }

    /// This browser's link cookie, if it has one.
    pub fn browser(secure: bool) -> Option<String> {
        let parts = parts()?;
        let name = cookie_name(secure);
        crate::request::cookies(&parts.headers)
            .find(|(n, v)| *n == name && v.len() >= 32 && v.len() <= 64)
            .map(|(_, v)| v.to_string())
    }

    /// This browser's link cookie, made (and set on the answer) if it has none.
    pub fn browser_or_new(secure: bool) -> String {
        if let Some(existing) = browser(secure) {
            return existing;
        }
        let fresh = crate::auth::email_links::LinkKey::random().encoded();
        let secure_attr = if secure { "; Secure" } else { "" };
        let cookie = format!(
            "{}={fresh}; Path=/; Max-Age=86400; SameSite=Lax; HttpOnly{secure_attr}",
            cookie_name(secure)
        );
        if let (Some(response), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            axum::http::HeaderValue::from_str(&cookie),
        ) {
            response.append_header(header::SET_COOKIE, value);
        }
        fresh
    }

    /// Who asks, for the per-client limit: the request's client.
    pub fn client() -> String {
        let Some(parts) = parts() else { return "unknown".into() };
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip());
        let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        client_of(peer, forwarded)
    }

    /// The connection's peer; behind a reverse proxy on this machine (a
    /// loopback peer), the address it added last to `X-Forwarded-For`. From
    /// any other peer the header is the client's own words, and ignored.
    pub fn client_of(peer: Option<IpAddr>, forwarded: Option<&str>) -> String {
        let forwarded = forwarded
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok());
        match (peer, forwarded) {
            (Some(peer), Some(forwarded)) if peer.is_loopback() => forwarded.to_string(),
            (Some(peer), _) => peer.to_string(),
            (None, _) => "unknown".into(),
        }
    }

    /// The `link=` word the choice page shows a notice for.
    pub fn outcome(asked: Asked) -> &'static str {
        match asked {
            Asked::Sent => "sent",
            Asked::Limited(Limit::Address) => "address-limit",
            Asked::Limited(Limit::Client) => "client-limit",
            Asked::BadAddress => "bad-address",
            Asked::Unavailable => "unavailable",
        }
    }

    pub fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }
}

/// `POST /api/sign_in_link`: mails a sign-in link for `provider` to
/// `email`, then redirects back to the choice page with what happened
/// (`link=sent` whether or not the address has an account).
#[server(prefix = "/api", endpoint = "sign_in_link")]
pub async fn send_sign_in_link(provider: String, email: String, return_to: Option<String>) -> Result<(), AppError> {
    use crate::auth::email_link::{Asked, LinkRequest, ask};
    let return_to = crate::return_to::sanitize_return_to(return_to.as_deref());
    let state: crate::auth::state::AuthState = crate::request::context()?;
    let security: crate::language::request::CookieSecurity = crate::request::context()?;
    let asked = match use_context::<crate::mail::MailContext>() {
        Some(mail) => {
            let request = LinkRequest {
                provider: &provider,
                email: &email,
                client: &ssr::client(),
                browser: &ssr::browser_or_new(security.secure),
                return_to: &return_to,
                locale: crate::language::request::current(),
            };
            ask(&state, &mail, &request, ssr::now()).await?
        }
        None => Asked::Unavailable,
    };
    let back = crate::return_to::auth_link("/sign-in/choose", &return_to);
    let join = if back.contains('?') { '&' } else { '?' };
    leptos_axum::redirect(&format!("{back}{join}link={}", ssr::outcome(asked)));
    Ok(())
}

/// `GET /sign-in/link?k=KEY`: the mailed link. In the browser that asked
/// for it, it starts the sign-in at once; elsewhere it asks first
/// (`/sign-in/link/confirm`); used or expired, it says so there.
#[server(prefix = "", endpoint = "sign-in/link", input = server_fn::codec::GetUrl)]
pub async fn open_sign_in_link(k: String) -> Result<(), AppError> {
    follow(k, false).await
}

/// `POST /api/use_sign_in_link`: the confirmation's button.
#[server(prefix = "/api", endpoint = "use_sign_in_link")]
pub async fn use_sign_in_link(k: String) -> Result<(), AppError> {
    follow(k, true).await
}

#[cfg(feature = "ssr")]
async fn follow(key: String, confirmed: bool) -> Result<(), AppError> {
    use crate::auth::email_link::Followed;
    let state: crate::auth::state::AuthState = crate::request::context()?;
    let security: crate::language::request::CookieSecurity = crate::request::context()?;
    let browser = ssr::browser(security.secure);
    let language = crate::language::request::current();
    let target = match crate::auth::email_link::follow(
        &state,
        &key,
        browser.as_deref(),
        confirmed,
        language,
        ssr::now(),
    )
    .await
    {
        Ok(Followed::Provider(url)) => url,
        Ok(Followed::Confirm) => format!("/sign-in/link/confirm?k={key}"),
        Ok(Followed::Gone) => "/sign-in/link/confirm".into(),
        Err(err) => crate::auth::app_errors::failure_link(&err),
    };
    crate::request::navigate(&target, axum::http::StatusCode::SEE_OTHER);
    Ok(())
}

/// For the confirmation page: the address the link was sent to, masked,
/// or `None` when the link is used, expired or unknown.
#[server(prefix = "/api", endpoint = "sign_in_link_preview")]
pub async fn sign_in_link_preview(k: String) -> Result<Option<String>, AppError> {
    let state: crate::auth::state::AuthState = crate::request::context()?;
    crate::auth::email_link::preview(&state, &k, ssr::now()).await
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::ssr::client_of;

    #[test]
    fn only_a_proxy_on_this_machine_names_the_client() {
        let loopback = Some("127.0.0.1".parse().unwrap());
        let remote = Some("198.51.100.9".parse().unwrap());
        assert_eq!(client_of(loopback, Some("10.0.0.1, 203.0.113.7")), "203.0.113.7");
        assert_eq!(
            client_of(remote, Some("203.0.113.7")),
            "198.51.100.9",
            "a client cannot pick its own address"
        );
        assert_eq!(client_of(loopback, Some("not an address")), "127.0.0.1");
        assert_eq!(client_of(None, Some("203.0.113.7")), "unknown");
    }
}
