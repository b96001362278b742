//! Checks the checkout form's address, field by field, so each message can
//! be shown next to its field.

use crate::shop::model::{FieldError, ShippingAddress};

const LIMITS: [(&str, &str, usize); 5] = [
    ("name", "Full name", 100),
    ("street", "Street address", 200),
    ("city", "City", 100),
    ("postcode", "Postal code", 20),
    ("country", "Country", 60),
];

/// Trims every field and checks it; returns the cleaned address or every
/// problem at once.
pub fn validate(address: ShippingAddress) -> Result<ShippingAddress, Vec<FieldError>> {
    let clean = ShippingAddress {
        name: tidy(&address.name),
        street: tidy(&address.street),
        city: tidy(&address.city),
        postcode: tidy(&address.postcode),
        country: tidy(&address.country),
    };
    let values = [&clean.name, &clean.street, &clean.city, &clean.postcode, &clean.country];
    let mut errors = Vec::new();
    for ((field, label, max), value) in LIMITS.iter().zip(values) {
        let message = if value.is_empty() {
            Some(format!("{label} is required."))
        } else if value.chars().count() > *max {
            Some(format!("{label} must be at most {max} characters."))
        } else if value.chars().any(char::is_control) {
            Some(format!(
                "{label} contains characters that cannot be printed on a label."
            ))
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
            message: "Postal code may contain only letters, digits, spaces and hyphens.".into(),
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
        assert_eq!(validate(address()).unwrap().name, "Ada Lovelace");
    }

    #[test]
    fn every_problem_is_reported_against_its_field() {
        let errors = validate(ShippingAddress {
            name: "   ".into(),
            city: "x".repeat(101),
            ..address()
        })
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "city"]);
        assert_eq!(errors[0].message, "Full name is required.");
        let errors = validate(ShippingAddress {
            postcode: "<script>".into(),
            ..address()
        })
        .unwrap_err();
        assert_eq!(errors[0].field, "postcode");
    }
}
