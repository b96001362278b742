//! The catalog search as it lives in the URL (`/books?q=...&subject=...`), so
//! results can be linked, bookmarked and used without JavaScript.

use serde::{Deserialize, Serialize};

pub const PER_PAGE: u32 = 24;
/// Beyond this, a page number is a typo or a crawler; it is clamped.
pub const MAX_PAGE: u32 = 1000;
const MAX_TEXT: usize = 200;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    /// Best match first when searching, otherwise by title.
    #[default]
    Relevance,
    Title,
    Author,
    YearAsc,
    YearDesc,
    PriceAsc,
    PriceDesc,
}

impl Sort {
    pub const ALL: [Sort; 7] = [
        Sort::Relevance,
        Sort::Title,
        Sort::Author,
        Sort::YearAsc,
        Sort::YearDesc,
        Sort::PriceAsc,
        Sort::PriceDesc,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Title => "title",
            Sort::Author => "author",
            Sort::YearAsc => "year",
            Sort::YearDesc => "year-desc",
            Sort::PriceAsc => "price",
            Sort::PriceDesc => "price-desc",
        }
    }

    /// The order's name, in `locale`.
    pub fn label(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::td_string;
        match self {
            Sort::Relevance => td_string!(locale, books.sort_relevance),
            Sort::Title => td_string!(locale, books.sort_title),
            Sort::Author => td_string!(locale, books.sort_author),
            Sort::YearAsc => td_string!(locale, books.sort_year_asc),
            Sort::YearDesc => td_string!(locale, books.sort_year_desc),
            Sort::PriceAsc => td_string!(locale, books.sort_price_asc),
            Sort::PriceDesc => td_string!(locale, books.sort_price_desc),
        }
    }

    pub fn from_key(key: &str) -> Sort {
        Sort::ALL.into_iter().find(|s| s.key() == key).unwrap_or_default()
    }
}

/// Search, filters, sort and page. Unknown or malformed values are ignored
/// rather than refused: a hand-edited link still shows books.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookQuery {
    pub q: Option<String>,
    pub author: Option<String>,
    pub subject: Option<String>,
    pub language: Option<String>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub sort: Sort,
    pub page: u32,
}

impl BookQuery {
    /// Reads the query from URL parameters (`get` returns a parameter's value).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |name: &str| {
            get(name)
                .map(|v| v.trim().chars().take(MAX_TEXT).collect::<String>())
                .filter(|v| !v.is_empty())
        };
        let number = |name: &str| text(name).and_then(|v| v.parse::<i32>().ok());
        let page = number("page").and_then(|p| u32::try_from(p).ok()).unwrap_or(1);
        BookQuery {
            q: text("q"),
            author: text("author"),
            subject: text("subject"),
            language: text("language"),
            year_from: number("year_from"),
            year_to: number("year_to"),
            sort: text("sort").map(|s| Sort::from_key(&s)).unwrap_or_default(),
            page: page.clamp(1, MAX_PAGE),
        }
    }

    /// The page number, never 0 (a default-constructed query means page 1).
    pub fn page(&self) -> u32 {
        self.page.clamp(1, MAX_PAGE)
    }

    /// The query string for this search (without `?`), leaving out defaults.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let mut text = |name, value: &Option<String>| {
            if let Some(value) = value {
                pairs.push((name, value.clone()));
            }
        };
        text("q", &self.q);
        text("author", &self.author);
        text("subject", &self.subject);
        text("language", &self.language);
        if let Some(year) = self.year_from {
            pairs.push(("year_from", year.to_string()));
        }
        if let Some(year) = self.year_to {
            pairs.push(("year_to", year.to_string()));
        }
        if self.sort != Sort::Relevance {
            pairs.push(("sort", self.sort.key().to_string()));
        }
        if self.page() > 1 {
            pairs.push(("page", self.page().to_string()));
        }
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    }

    /// The `/books` URL for this search.
    pub fn href(&self) -> String {
        match self.to_query_string() {
            qs if qs.is_empty() => "/books".to_string(),
            qs => format!("/books?{qs}"),
        }
    }

    /// The same search on another page.
    pub fn with_page(&self, page: u32) -> Self {
        BookQuery { page, ..self.clone() }
    }

    pub fn is_filtered(&self) -> bool {
        self.q.is_some()
            || self.author.is_some()
            || self.subject.is_some()
            || self.language.is_some()
            || self.year_from.is_some()
            || self.year_to.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> BookQuery {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        BookQuery::from_params(|name| map.get(name).cloned())
    }

    #[test]
    fn round_trips_through_the_url() {
        let query = parse(&[
            ("q", "  moby dick "),
            ("author", "Herman Melville"),
            ("subject", "Adventure"),
            ("language", "en"),
            ("year_from", "1800"),
            ("year_to", "1900"),
            ("sort", "price-desc"),
            ("page", "3"),
        ]);
        assert_eq!(query.q.as_deref(), Some("moby dick"));
        assert_eq!(query.sort, Sort::PriceDesc);
        assert_eq!(
            query.href(),
            "/books?q=moby+dick&author=Herman+Melville&subject=Adventure&language=en&year_from=1800&year_to=1900&sort=price-desc&page=3"
        );
    }

    #[test]
    fn malformed_values_fall_back_to_defaults() {
        let query = parse(&[("page", "-4"), ("sort", "bogus"), ("year_from", "soon"), ("q", "   ")]);
        assert_eq!(
            query,
            BookQuery {
                page: 1,
                ..BookQuery::default()
            }
        );
        assert_eq!(parse(&[("page", "99999999")]).page, MAX_PAGE);
        assert_eq!(BookQuery::default().href(), "/books");
        assert!(!BookQuery::default().is_filtered());
    }

    #[test]
    fn values_are_encoded() {
        let query = BookQuery {
            q: Some("Ántonia & co/?".into()),
            ..BookQuery::default()
        };
        assert_eq!(query.to_query_string(), "q=%C3%81ntonia+%26+co%2F%3F");
        assert_eq!(
            query.with_page(2).to_query_string(),
            "q=%C3%81ntonia+%26+co%2F%3F&page=2"
        );
    }
}
