//! Prices are whole cents everywhere (no floating point); this is the one
//! place that turns them into text, so every page formats them alike.

/// `1299` → `"$12.99"`, `123456` → `"$1,234.56"`.
pub fn format_price(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let dollars = (cents / 100).to_string();
    let mut grouped = String::with_capacity(dollars.len() + dollars.len() / 3);
    for (i, digit) in dollars.chars().enumerate() {
        if i > 0 && (dollars.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}${grouped}.{:02}", cents % 100)
}

#[cfg(test)]
mod tests {
    use super::format_price;

    #[test]
    fn formats_dollars_and_cents() {
        assert_eq!(format_price(0), "$0.00");
        assert_eq!(format_price(5), "$0.05");
        assert_eq!(format_price(1299), "$12.99");
        assert_eq!(format_price(100_000), "$1,000.00");
        assert_eq!(format_price(123_456_789), "$1,234,567.89");
        assert_eq!(format_price(-250), "-$2.50");
    }
}
