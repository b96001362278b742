//! The language of the request being served (server side).

use axum::http::{HeaderMap, HeaderValue, header};

use crate::language::{COOKIE, Locale, resolve};

/// The value of the `lang` cookie, if the request carries one.
pub fn choice(headers: &HeaderMap) -> Option<&str> {
    crate::request::cookies(headers)
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
}

/// The language a request asks for: its explicit choice, else its
/// `Accept-Language`, else the default.
pub fn of_headers(headers: &HeaderMap) -> Locale {
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    resolve(choice(headers), accept)
}

/// The language of the request a page or server function is serving
/// (the default outside a request).
pub fn current() -> Locale {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .map(|parts| of_headers(&parts.headers))
        .unwrap_or_default()
}

/// The `Set-Cookie` value that remembers a choice for a year.
pub fn choice_cookie(locale: Locale, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let value = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        crate::language::tag(locale)
    );
    HeaderValue::from_str(&value).expect("a language tag is a valid header value")
}

/// Whether the language cookie is marked `Secure` (as the session cookie is).
#[derive(Debug, Clone, Copy)]
pub struct CookieSecurity {
    pub secure: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale::{en, ja};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    #[test]
    fn the_cookie_wins_over_the_browser() {
        let both = headers(&[("cookie", "bookstore_session=x; lang=en"), ("accept-language", "ja-JP")]);
        assert_eq!(of_headers(&both), en);
        let browser_only = headers(&[("cookie", "language=en"), ("accept-language", "ja-JP,ja;q=0.9")]);
        assert_eq!(of_headers(&browser_only), ja, "another cookie's name is no choice");
        assert_eq!(of_headers(&HeaderMap::new()), en);
    }

    #[test]
    fn the_cookie_is_http_only_and_lax() {
        let cookie = choice_cookie(ja, true);
        assert_eq!(
            cookie,
            "lang=ja; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly; Secure"
        );
        assert!(!choice_cookie(en, false).to_str().unwrap().contains("Secure"));
    }
}
