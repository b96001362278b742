//! Checks the checkout form's address, field by field, so each message can
//! be shown next to its field.

use crate::i18n::{Locale, td_string};
use crate::shop::model::{FieldError, ShippingAddress};

const LIMITS: [(&str, usize); 5] = [
    ("name", 100),
    ("street", 200),
    ("city", 100),
    ("postcode", 20),
    ("country", 60),
];

/// A field's label, as the form shows it.
fn label(locale: Locale, field: &str) -> &'static str {
    match field {
        "name" => td_string!(locale, checkout.name),
        "street" => td_string!(locale, checkout.street),
        "city" => td_string!(locale, checkout.city),
        "postcode" => td_string!(locale, checkout.postcode),
        _ => td_string!(locale, checkout.country),
    }
}

/// Trims every field and checks it; returns the cleaned address or every
/// problem at once, in `locale`.
pub fn validate(locale: Locale, address: ShippingAddress) -> Result<ShippingAddress, Vec<FieldError>> {
    let clean = ShippingAddress {
        name: tidy(&address.name),
        street: tidy(&address.street),
        city: tidy(&address.city),
        postcode: tidy(&address.postcode),
        country: tidy(&address.country),
    };
    let values = [&clean.name, &clean.street, &clean.city, &clean.postcode, &clean.country];
    let mut errors = Vec::new();
    for ((field, max), value) in LIMITS.iter().zip(values) {
        let label = label(locale, field);
        let message = if value.is_empty() {
            Some(td_string!(locale, checkout.required, label).to_string())
        } else if value.chars().count() > *max {
            Some(td_string!(locale, checkout.too_long, label, max).to_string())
        } else if value.chars().any(char::is_control) {
            Some(td_string!(locale, checkout.unprintable, label).to_string())
        } else {
            None
        };
        if let Some(message) = message {
            errors.push(FieldError {
                field: field.to_string(),
                message,
            });
        }
    }
    if errors.is_empty()
        && !clean
            .postcode
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
    {
        errors.push(FieldError {
            field: "postcode".into(),
            message: td_string!(locale, checkout.postcode_characters).to_string(),
        });
    }
    if errors.is_empty() { Ok(clean) } else { Err(errors) }
}

/// Trims and collapses runs of whitespace.
fn tidy(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address() -> ShippingAddress {
        ShippingAddress {
            name: "  Ada   Lovelace ".into(),
            street: "12 St James's Square".into(),
            city: "London".into(),
            postcode: "SW1Y 4JH".into(),
            country: "United Kingdom".into(),
        }
    }

    #[test]
    fn a_good_address_is_tidied() {
        assert_eq!(validate(Locale::en, address()).unwrap().name, "Ada Lovelace");
    }

    #[test]
    fn every_problem_is_reported_against_its_field() {
        let errors = validate(
            Locale::en,
            ShippingAddress {
                name: "   ".into(),
                city: "x".repeat(101),
                ..address()
            },
        )
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "city"]);
        assert_eq!(errors[0].message, "Full name is required.");
        let errors = validate(
            Locale::en,
            ShippingAddress {
                postcode: "<script>".into(),
                ..address()
            },
        )
        .unwrap_err();
        assert_eq!(errors[0].field, "postcode");
    }
}
