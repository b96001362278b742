//! The shop's languages and how a visitor's is chosen. For now, from the
//! browser's `Accept-Language` (RFC 9110 12.5.4: quality values, language
//! ranges such as `ja-JP`), else English; the explicit choice (a switch in
//! the header, remembered per customer) comes with the translated pages.

/// A language the shop speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Language {
    #[default]
    English,
    Japanese,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::English, Language::Japanese];

    /// The BCP 47 tag (`<html lang>`, `ui_locales`).
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Japanese => "ja",
        }
    }

    /// The language a tag or range names (`ja`, `ja-JP`, `EN-us`), if the shop speaks it.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Language::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(primary))
    }

    /// The visitor's language from `Accept-Language`: the highest quality
    /// among the languages the shop speaks (the earlier on a tie), else English.
    /// `*` and unknown languages are skipped; `q=0` refuses a language.
    pub fn from_accept_language(header: Option<&str>) -> Language {
        let mut best: Option<(f32, Language)> = None;
        for item in header.unwrap_or("").split(',') {
            let mut parts = item.split(';');
            let Some(language) = parts.next().and_then(Language::from_tag) else {
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
        best.map_or(Language::English, |(_, language)| language)
    }
}

#[cfg(test)]
mod tests {
    use super::Language::{self, English, Japanese};

    #[test]
    fn accept_language_picks_the_best_language_the_shop_speaks() {
        let pick = |header| Language::from_accept_language(Some(header));
        assert_eq!(pick("ja"), Japanese);
        assert_eq!(pick("ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7"), Japanese);
        assert_eq!(pick("en-US,en;q=0.9,ja;q=0.8"), English);
        assert_eq!(
            pick("fr-FR,fr;q=0.9,ja;q=0.5,en;q=0.4"),
            Japanese,
            "unknown languages are skipped"
        );
        assert_eq!(pick("en;q=0.2, ja;q=0.7"), Japanese, "order does not beat quality");
        assert_eq!(pick("ja;q=0, en"), English, "q=0 refuses");
        assert_eq!(pick("de, fr"), English, "nothing we speak: English");
        assert_eq!(pick("*"), English);
        assert_eq!(pick("ja;q=abc, en;q=0.1"), English, "a malformed quality is skipped");
        assert_eq!(pick(""), English);
        assert_eq!(Language::from_accept_language(None), English);
        assert_eq!(pick("JA-jp"), Japanese, "tags are case-insensitive");
    }

    #[test]
    fn tags_round_trip() {
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.tag()), Some(language));
        }
        assert_eq!(Language::from_tag("ja_JP"), Some(Japanese));
        assert_eq!(Language::from_tag("jav"), None);
    }
}
