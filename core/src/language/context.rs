//! The language of the page, as Leptos context: decided once per request on
//! the server (`request::current`), written into `<html lang>` by the shell,
//! and read back from there when the page hydrates, so both sides render
//! the same words. Changing language is a navigation (the header's switch
//! posts to `/language` and the page is rendered again), so the locale never
//! changes while a page lives.
//!
//! That is why the context is the plain `Locale` (components word their text
//! with `td_string!(locale, key)`) and not leptos_i18n's reactive
//! `I18nContext`, whose signals, memos and effects (made for switching
//! language in place) would be built for every render and shipped in the wasm
//! for nothing.

use leptos::prelude::*;

use crate::i18n::Locale;

/// Provides the page's language, decided once: the server's shell provides
/// it (for `<html lang>`) and the app below finds it; in the browser the app
/// provides it from `<html lang>`.
pub fn provide_language() -> Locale {
    if let Some(locale) = use_context::<Locale>() {
        return locale;
    }
    let locale = page_locale();
    provide_context(locale);
    locale
}

#[cfg(feature = "ssr")]
fn page_locale() -> Locale {
    // The page depends on the language headers: say so to caches.
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(
            axum::http::header::VARY,
            axum::http::HeaderValue::from_static("accept-language, cookie"),
        );
    }
    crate::language::request::current()
}

#[cfg(not(feature = "ssr"))]
fn page_locale() -> Locale {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|lang| crate::language::from_tag(&lang))
        .unwrap_or_default()
}

/// The page's language.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The language to write a message in, wherever it is made: on the server,
/// the request's (server functions have no page context); in the browser,
/// the page's.
pub fn current() -> Locale {
    #[cfg(feature = "ssr")]
    return use_context::<Locale>().unwrap_or_else(crate::language::request::current);
    #[cfg(not(feature = "ssr"))]
    use_locale()
}
