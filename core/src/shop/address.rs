//! A delivery address in the order its country writes it: the city before
//! the postcode in the United States, a line of its own for a British
//! postcode, `〒` first and the name last in Japan, the postcode before the
//! city in most of Europe (and for a country not recognised). The country
//! is free text, so common names, codes and Japanese names are recognised.

use crate::shop::model::ShippingAddress;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// "Springfield, IL 62704": the United States, Canada, Australia, New Zealand, India.
    CityThenPostcode,
    /// The postcode on a line of its own after the town: the United Kingdom, Ireland.
    PostcodeLine,
    /// 〒, then the place from largest to smallest, the name last.
    Japan,
    /// "75007 Paris": most of Europe and the rest.
    PostcodeThenCity,
}

fn style(country: &str) -> Style {
    let name = country.trim().trim_end_matches('.').to_lowercase();
    let is = |names: &[&str]| names.contains(&name.as_str());
    if is(&[
        "united states",
        "united states of america",
        "usa",
        "us",
        "u.s",
        "u.s.a",
        "america",
        "アメリカ",
        "アメリカ合衆国",
        "米国",
        "canada",
        "ca",
        "カナダ",
        "australia",
        "au",
        "オーストラリア",
        "new zealand",
        "nz",
        "ニュージーランド",
        "india",
        "in",
        "インド",
    ]) {
        Style::CityThenPostcode
    } else if is(&[
        "united kingdom",
        "uk",
        "gb",
        "great britain",
        "england",
        "scotland",
        "wales",
        "northern ireland",
        "イギリス",
        "英国",
        "ireland",
        "ie",
        "アイルランド",
    ]) {
        Style::PostcodeLine
    } else if is(&["japan", "jp", "nippon", "日本", "日本国"]) {
        Style::Japan
    } else {
        Style::PostcodeThenCity
    }
}

/// The address as lines, in the country's order; empty parts left out.
pub fn address_lines(address: &ShippingAddress) -> Vec<String> {
    let ShippingAddress {
        name,
        street,
        city,
        postcode,
        country,
    } = address;
    let joined = |a: &str, sep: &str, b: &str| match (a.is_empty(), b.is_empty()) {
        (false, false) => format!("{a}{sep}{b}"),
        _ => format!("{a}{b}"),
    };
    let style = match style(country) {
        // A Japanese address in Latin letters: "Chiyoda-ku, Tokyo 100-8111".
        Style::Japan if street.is_ascii() && city.is_ascii() => Style::CityThenPostcode,
        other => other,
    };
    let lines = match style {
        Style::CityThenPostcode => vec![
            name.clone(),
            street.clone(),
            joined(city, " ", postcode),
            country.clone(),
        ],
        Style::PostcodeLine => vec![
            name.clone(),
            street.clone(),
            city.clone(),
            postcode.clone(),
            country.clone(),
        ],
        // Written in Japanese: the country and 〒 first, the name last.
        Style::Japan => {
            let mark = if postcode.is_empty() {
                String::new()
            } else {
                format!("〒{postcode}")
            };
            vec![country.clone(), mark, city.clone(), street.clone(), name.clone()]
        }
        Style::PostcodeThenCity => {
            vec![
                name.clone(),
                street.clone(),
                joined(postcode, " ", city),
                country.clone(),
            ]
        }
    };
    lines.into_iter().filter(|line| !line.trim().is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(street: &str, city: &str, postcode: &str, country: &str) -> ShippingAddress {
        ShippingAddress {
            name: "Reader".into(),
            street: street.into(),
            city: city.into(),
            postcode: postcode.into(),
            country: country.into(),
        }
    }

    #[test]
    fn each_country_writes_its_own_order() {
        let cases: [(ShippingAddress, &[&str]); 5] = [
            (
                address("742 Evergreen Terrace", "Springfield, IL", "62704", "United States"),
                &[
                    "Reader",
                    "742 Evergreen Terrace",
                    "Springfield, IL 62704",
                    "United States",
                ],
            ),
            (
                address("24 Chester Square", "London", "SW1W 9HS", "UK"),
                &["Reader", "24 Chester Square", "London", "SW1W 9HS", "UK"],
            ),
            (
                address("7 rue de Grenelle", "Paris", "75007", "France"),
                &["Reader", "7 rue de Grenelle", "75007 Paris", "France"],
            ),
            (
                address("千代田1-1", "東京都千代田区", "100-8111", "日本"),
                &["日本", "〒100-8111", "東京都千代田区", "千代田1-1", "Reader"],
            ),
            (
                address("1-1 Chiyoda", "Chiyoda-ku, Tokyo", "100-8111", "Japan"),
                &["Reader", "1-1 Chiyoda", "Chiyoda-ku, Tokyo 100-8111", "Japan"],
            ),
        ];
        for (given, lines) in cases {
            assert_eq!(address_lines(&given), lines, "{given:?}");
        }
    }

    #[test]
    fn names_and_codes_are_recognised_in_any_case() {
        assert_eq!(style(" U.S.A. "), Style::CityThenPostcode);
        assert_eq!(style("アメリカ合衆国"), Style::CityThenPostcode);
        assert_eq!(style("Great Britain"), Style::PostcodeLine);
        assert_eq!(style("JP"), Style::Japan);
        assert_eq!(style("Deutschland"), Style::PostcodeThenCity);
    }

    #[test]
    fn empty_parts_leave_no_gaps() {
        let bare = address("1 Main St", "Springfield", "", "US");
        assert_eq!(address_lines(&bare), ["Reader", "1 Main St", "Springfield", "US"]);
    }
}
