//! The admin book form, checked field by field into a catalog entry.

use crate::admin::model::BookFormValues;
use crate::i18n::{Locale, td_string};
use crate::shop::catalog::import::NewBook;
use crate::shop::model::FieldError;
use crate::shop::money::parse_price;

fn list(value: &str, separators: &[char]) -> Vec<String> {
    value
        .split(separators)
        .map(|item| item.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|item| !item.is_empty())
        .collect()
}

/// An ISBN-10 or ISBN-13 (hyphens and spaces allowed) with a valid check digit.
pub fn normalize_isbn(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let valid = match digits.len() {
        10 => {
            let sum: Option<u32> = digits.chars().enumerate().try_fold(0, |sum, (i, c)| {
                let value = match (i, c) {
                    (9, 'X' | 'x') => 10,
                    (_, c) => c.to_digit(10)?,
                };
                Some(sum + value * (10 - i as u32))
            });
            sum.is_some_and(|s| s % 11 == 0)
        }
        13 => {
            let sum: Option<u32> = digits.chars().enumerate().try_fold(0, |sum, (i, c)| {
                Some(sum + c.to_digit(10)? * if i % 2 == 0 { 1 } else { 3 })
            });
            sum.is_some_and(|s| s % 10 == 0)
        }
        _ => false,
    };
    valid.then(|| digits.to_uppercase())
}

pub fn validate(locale: Locale, input: &BookFormValues, this_year: i32) -> Result<NewBook, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut error = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.into(),
            message,
        })
    };
    let title = input.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() || title.chars().count() > 300 {
        error("title", td_string!(locale, admin.invalid_title).into());
    }
    let authors = list(&input.authors, &['\n', ';']);
    if authors.is_empty() || authors.len() > 10 || authors.iter().any(|a| a.chars().count() > 100) {
        error("authors", td_string!(locale, admin.invalid_authors).into());
    }
    let year = input
        .year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (-3000..=this_year).contains(y));
    if year.is_none() {
        error("year", td_string!(locale, admin.invalid_year, year = this_year));
    }
    let language = input.language.trim().to_lowercase();
    if language.len() != 2 || !language.chars().all(|c| c.is_ascii_lowercase()) {
        error("language", td_string!(locale, admin.invalid_language).into());
    }
    let subjects = list(&input.subjects, &[',', ';', '\n']);
    if subjects.is_empty() || subjects.len() > 10 || subjects.iter().any(|s| s.chars().count() > 50) {
        error("subjects", td_string!(locale, admin.invalid_subjects).into());
    }
    let price = parse_price(&input.price).filter(|p| (1..=1_000_000).contains(p));
    if price.is_none() {
        error("price", td_string!(locale, admin.invalid_price).into());
    }
    let stock = input
        .stock
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|s| (0..=100_000).contains(s));
    if stock.is_none() {
        error("stock", td_string!(locale, admin.invalid_stock).into());
    }
    let description = input.description.trim().to_string();
    if description.is_empty() || description.chars().count() > 2000 {
        error("description", td_string!(locale, admin.invalid_description).into());
    }
    let isbn = match input.isbn.trim() {
        "" => None,
        text => {
            let isbn = normalize_isbn(text);
            if isbn.is_none() {
                error("isbn", td_string!(locale, admin.invalid_isbn).into());
            }
            isbn
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(NewBook {
        isbn,
        title,
        authors,
        year: year.unwrap_or_default(),
        language,
        subjects,
        price_cents: price.unwrap_or_default(),
        stock: stock.unwrap_or_default(),
        featured: input.featured,
        description,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> BookFormValues {
        BookFormValues {
            title: " The  Mysterious Affair at Styles ".into(),
            authors: "Agatha Christie\n".into(),
            year: "1920".into(),
            language: "EN".into(),
            subjects: "Mystery, Fiction".into(),
            price: "$12.50".into(),
            stock: "7".into(),
            description: "Poirot's first case.".into(),
            isbn: "978-0-306-40615-7".into(),
            featured: false,
        }
    }

    #[test]
    fn a_good_form_becomes_a_catalog_entry() {
        let book = validate(Locale::en, &input(), 2026).unwrap();
        assert_eq!(book.title, "The Mysterious Affair at Styles");
        assert_eq!(book.authors, ["Agatha Christie"]);
        assert_eq!(book.language, "en");
        assert_eq!(book.subjects, ["Mystery", "Fiction"]);
        assert_eq!(book.price_cents, 1250);
        assert_eq!(book.isbn.as_deref(), Some("9780306406157"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = BookFormValues {
            title: "".into(),
            year: "3000".into(),
            price: "12.999".into(),
            stock: "-1".into(),
            isbn: "978-0-306-40615-8".into(),
            ..input()
        };
        let fields: Vec<String> = validate(Locale::en, &bad, 2026)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["title", "year", "price", "stock", "isbn"]);
    }

    #[test]
    fn prices_and_isbns_parse_strictly() {
        assert_eq!(parse_price("12"), Some(1200));
        assert_eq!(parse_price("1,299.5"), Some(129_950));
        assert_eq!(parse_price("0.05"), Some(5));
        assert_eq!(parse_price("12.3.4"), None);
        assert_eq!(parse_price("abc"), None);
        assert_eq!(parse_price("-3"), None);
        assert_eq!(normalize_isbn("0-306-40615-2").as_deref(), Some("0306406152"));
        assert_eq!(normalize_isbn("0-8044-2957-x").as_deref(), Some("080442957X"));
        assert_eq!(normalize_isbn("0-306-40615-3"), None);
        assert_eq!(normalize_isbn("12345"), None);
    }
}
