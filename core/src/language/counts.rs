//! Counted nouns ("1 item", "3 items", "3点"): each language file has a
//! `_one` and an `_other` form; languages without the distinction write the
//! same text in both.

use crate::i18n::{Locale, td_string};

pub fn items(locale: Locale, count: impl Into<i64>) -> String {
    match count.into() {
        1 => td_string!(locale, count.items_singular, count = 1),
        count => td_string!(locale, count.items_plural, count),
    }
}

pub fn copies(locale: Locale, count: impl Into<i64>) -> String {
    match count.into() {
        1 => td_string!(locale, count.copies_singular, count = 1),
        count => td_string!(locale, count.copies_plural, count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale::{en, ja};

    #[test]
    fn english_counts_one_and_many_japanese_counts_alike() {
        assert_eq!(items(en, 1), "1 item");
        assert_eq!(items(en, 3), "3 items");
        assert_eq!(items(ja, 3), "3点");
        assert_eq!(copies(en, 1), "1 copy");
        assert_eq!(copies(ja, 2), "2冊");
    }
}
