//! Prices are whole cents everywhere (no floating point); this is the one
//! place that turns them into text, so every page formats them alike. The
//! shop has one currency (US dollars); each language writes it its own way
//! (`format.price` and the separators in `locales/*.json`).

use crate::i18n::{Locale, td_string};

/// `1299` → `"$12.99"` (English), `"12.99ドル"` (Japanese); `123456` → `"$1,234.56"`.
pub fn format_price(locale: Locale, cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let group = td_string!(locale, format.group_separator);
    let decimal = td_string!(locale, format.decimal_separator);
    let amount = format!("{}{decimal}{:02}", group_digits(cents / 100, group), cents % 100);
    td_string!(locale, format.price, sign, amount)
}

/// "12.99", "12", "$1,299.50" → cents.
pub fn parse_price(text: &str) -> Option<i64> {
    let clean: String = text
        .trim()
        .trim_start_matches('$')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let (whole, fraction) = clean.split_once('.').unwrap_or((&clean, ""));
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || fraction.len() > 2 {
        return None;
    }
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let cents = format!("{fraction:0<2}").parse::<i64>().ok()?;
    whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents)
}

/// A whole number with its thousands grouped: `1234567` → `"1,234,567"`.
pub fn group_digits(n: u64, separator: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push_str(separator);
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::format_price;
    use crate::i18n::Locale::{en, ja};

    #[test]
    fn formats_dollars_and_cents() {
        assert_eq!(format_price(en, 0), "$0.00");
        assert_eq!(format_price(en, 5), "$0.05");
        assert_eq!(format_price(en, 1299), "$12.99");
        assert_eq!(format_price(en, 100_000), "$1,000.00");
        assert_eq!(format_price(en, 123_456_789), "$1,234,567.89");
        assert_eq!(format_price(en, -250), "-$2.50");
    }

    #[test]
    fn japanese_writes_the_same_dollars_its_own_way() {
        assert_eq!(format_price(ja, 1299), "12.99ドル");
        assert_eq!(format_price(ja, 123_456_789), "1,234,567.89ドル");
        assert_eq!(format_price(ja, -250), "-2.50ドル");
    }
}
