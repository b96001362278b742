//! The shop's languages and how a visitor's is chosen: an explicit choice
//! (the header's switch, kept in the `lang` cookie and, for customers, in
//! the database, see `store`), else the browser's `Accept-Language`
//! (RFC 9110 12.5.4: quality values, ranges such as `ja-JP`), else the
//! default (English). The languages themselves are the files in `locales/`
//! (`crate::i18n::Locale` is generated from them).

pub mod api;
pub mod context;
pub mod counts;
pub mod dates;
#[cfg(feature = "ssr")]
pub mod keep;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod store;

pub use crate::i18n::Locale;
use leptos_i18n::Locale as _;

/// The cookie that keeps a visitor's explicit choice.
pub const COOKIE: &str = "lang";

/// The locale a tag or range names (`ja`, `ja-JP`, `EN-us`), if the shop speaks it.
pub fn from_tag(tag: &str) -> Option<Locale> {
    let primary = tag.trim().split(['-', '_']).next()?;
    Locale::get_all()
        .iter()
        .copied()
        .find(|l| l.as_str().eq_ignore_ascii_case(primary))
}

/// The BCP 47 tag of a locale (`<html lang>`, `ui_locales`, the cookie).
pub fn tag(locale: Locale) -> &'static str {
    locale.as_str()
}

/// The visitor's language from `Accept-Language`: the highest quality
/// among the languages the shop speaks (the earlier on a tie), if any.
/// `*` and unknown languages are skipped; `q=0` refuses a language.
pub fn from_accept_language(header: Option<&str>) -> Option<Locale> {
    let mut best: Option<(f32, Locale)> = None;
    for item in header.unwrap_or("").split(',') {
        let mut parts = item.split(';');
        let Some(language) = parts.next().and_then(from_tag) else {
            continue;
        };
        let quality = parts.find_map(|p| p.trim().strip_prefix("q=")).map_or(Some(1.0), |q| {
            q.trim().parse::<f32>().ok().filter(|q| (0.0..=1.0).contains(q))
        });
        let Some(quality) = quality.filter(|q| *q > 0.0) else {
            continue;
        };
        if best.is_none_or(|(q, _)| quality > q) {
            best = Some((quality, language));
        }
    }
    best.map(|(_, language)| language)
}

/// The language to speak: the explicit choice (the `lang` cookie's value),
/// else `Accept-Language`, else the default.
pub fn resolve(choice: Option<&str>, accept_language: Option<&str>) -> Locale {
    choice
        .and_then(from_tag)
        .or_else(|| from_accept_language(accept_language))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale::{en, ja};

    #[test]
    fn accept_language_picks_the_best_language_the_shop_speaks() {
        let pick = |header| from_accept_language(Some(header)).unwrap_or_default();
        assert_eq!(pick("ja"), ja);
        assert_eq!(pick("ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7"), ja);
        assert_eq!(pick("en-US,en;q=0.9,ja;q=0.8"), en);
        assert_eq!(
            pick("fr-FR,fr;q=0.9,ja;q=0.5,en;q=0.4"),
            ja,
            "unknown languages are skipped"
        );
        assert_eq!(pick("en;q=0.2, ja;q=0.7"), ja, "order does not beat quality");
        assert_eq!(pick("ja;q=0, en"), en, "q=0 refuses");
        assert_eq!(pick("de, fr"), en, "nothing we speak: English");
        assert_eq!(pick("*"), en);
        assert_eq!(pick("ja;q=abc, en;q=0.1"), en, "a malformed quality is skipped");
        assert_eq!(pick(""), en);
        assert_eq!(from_accept_language(None), None);
        assert_eq!(pick("JA-jp"), ja, "tags are case-insensitive");
    }

    #[test]
    fn tags_round_trip() {
        for locale in Locale::get_all() {
            assert_eq!(from_tag(tag(*locale)), Some(*locale));
        }
        assert_eq!(from_tag("ja_JP"), Some(ja));
        assert_eq!(from_tag("jav"), None);
    }

    #[test]
    fn an_explicit_choice_beats_the_browser_and_a_bad_one_is_ignored() {
        assert_eq!(resolve(Some("en"), Some("ja-JP")), en);
        assert_eq!(resolve(Some("ja"), Some("en-US")), ja);
        assert_eq!(
            resolve(Some("xx"), Some("ja")),
            ja,
            "an unknown cookie value falls through"
        );
        assert_eq!(resolve(None, Some("ja;q=0.5, fr")), ja);
        assert_eq!(resolve(None, None), en);
    }
}
