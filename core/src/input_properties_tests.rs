//! Property tests for every parser of outside input (issue 13, 5): whatever
//! arrives, each gives a clear error or a valid value, and never panics.
//! Cases per property: `PROPTEST_CASES` (scripts/test sets it), else 256.
//! The database-backed ones (search) live beside their code.

use proptest::prelude::*;
use serde_json::{Map, Value};

use crate::admin::book_form;
use crate::admin::model::BookFormValues;
use crate::auth::callback::{CallbackParams, check_response};
use crate::oidc::{access_token, jwt, logout_token};
use crate::return_to::{auth_link, sanitize_return_to};
use crate::shop::cart::rules::{Stock, check_quantity};
use crate::shop::model::ShippingAddress;
use crate::shop::orders::shipping;
use crate::shop::query::BookQuery;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    ProptestConfig::with_cases(cases)
}

/// Any JSON value, a few levels deep.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A JSON object whose keys are mostly the ones the checks read.
fn claims() -> impl Strategy<Value = Map<String, Value>> {
    let key = prop_oneof![
        Just("iss".to_string()),
        Just("aud".to_string()),
        Just("sub".to_string()),
        Just("exp".to_string()),
        Just("iat".to_string()),
        Just("nbf".to_string()),
        Just("sid".to_string()),
        Just("jti".to_string()),
        Just("events".to_string()),
        Just("nonce".to_string()),
        Just("scope".to_string()),
        Just("scp".to_string()),
        Just("typ".to_string()),
        Just("organization_id".to_string()),
        ".{0,6}",
    ];
    prop::collection::btree_map(key, json(), 0..10).prop_map(|m| m.into_iter().collect())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ -~]{0,40}", "[/\\\\?#%&=:.a-z0-9\t\n]{0,30}"]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn return_paths_are_same_origin_or_home(path in text()) {
        let safe = sanitize_return_to(Some(&path));
        prop_assert!(safe == "/" || safe == path);
        prop_assert!(safe.starts_with('/') && !safe.starts_with("//") && !safe.contains('\\'));
        let link = auth_link("/sign-in", &path);
        prop_assert!(link.starts_with("/sign-in"));
        prop_assert!(!link.contains(char::is_whitespace));
    }

    #[test]
    fn any_books_query_string_gives_a_valid_search(pairs in prop::collection::vec((text(), text()), 0..8)) {
        let query = BookQuery::from_params(|name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()));
        prop_assert!(query.page() >= 1);
        // What it links to reads back as the same search.
        let href = query.href();
        let parsed: Vec<(String, String)> = form_urlencoded::parse(href.split_once('?').map_or("", |(_, q)| q).as_bytes())
            .into_owned()
            .collect();
        let again = BookQuery::from_params(|name| parsed.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()));
        prop_assert_eq!(again.href(), href);
    }

    #[test]
    fn any_callback_is_a_code_or_a_clear_failure(
        code in proptest::option::of(text()),
        state in proptest::option::of(text()),
        iss in proptest::option::of(text()),
        error in proptest::option::of(text()),
        error_description in proptest::option::of(text()),
        iss_required in any::<bool>(),
    ) {
        let params = CallbackParams { code, state, iss, error, error_description };
        match check_response(&params, "http://127.0.0.1:3001/oidc", iss_required) {
            Ok(code) => prop_assert!(!code.is_empty()),
            Err(failure) => prop_assert!(!failure.message().is_empty() && failure.status_code() >= 400),
        }
    }

    #[test]
    fn any_bytes_as_a_token_are_refused_cleanly(raw in text(), header in claims(), body in claims()) {
        let _ = jwt::parts(&raw);
        let keys = crate::oidc::test_support::key_set(&[]);
        prop_assert!(jwt::verify_signature(&raw, &header, &jwt::SUPPORTED_ALGS, &keys).is_err());
        let _ = jwt::rewrite(&raw, &header, &body, true, &["b64".to_string()]);
    }

    #[test]
    fn any_logout_token_claims_are_checked_without_panic(body in claims(), now in any::<i64>()) {
        if let Ok((sid, sub, jti)) = logout_token::check_claims(&body, "https://id.example", "client", now) {
            prop_assert!(sid.is_some() || sub.is_some());
            prop_assert!(!jti.is_empty());
        }
    }

    #[test]
    fn any_access_token_claims_are_checked_without_panic(header in claims(), body in claims(), now in any::<i64>()) {
        if let Ok(caller) = access_token::check_claims(&header, &body, "https://id.example", "https://api", Some("read:orders"), now) {
            prop_assert!(!caller.subject.is_empty());
            prop_assert!(caller.scopes.iter().any(|s| s == "read:orders"));
        }
    }

    #[test]
    fn any_providers_file_is_settings_or_problems(text in text(), json_value in json()) {
        let redirects = crate::config::provider::Redirects {
            redirect_uri: url::Url::parse("http://localhost:3000/callback").unwrap(),
            post_logout_redirect_uri: url::Url::parse("http://localhost:3000/").unwrap(),
            http: Default::default(),
        };
        let _ = crate::config::file::parse("t.toml", &text, &redirects);
        let pasted = format!(
            "[[providers]]\ntype = \"discovery\"\nid = \"p\"\nname = \"P\"\njson = '''{}'''\n",
            json_value.to_string().replace("'''", "")
        );
        if let Err(problems) = crate::config::file::parse("t.toml", &pasted, &redirects) {
            prop_assert!(!problems.is_empty());
        }
    }

    #[test]
    fn any_admin_book_form_is_a_book_or_field_errors(
        title in text(), authors in text(), year in text(), language in text(), subjects in text(),
        price in text(), stock in text(), description in text(), isbn in text(), featured in any::<bool>(),
    ) {
        let _ = crate::shop::money::parse_price(&price);
        let _ = book_form::normalize_isbn(&isbn);
        let input = BookFormValues { title, authors, year, language, subjects, price, stock, description, isbn, featured };
        match book_form::validate(crate::i18n::Locale::ja, &input, 2026) {
            // A valid book's price times the per-line limit cannot overflow.
            Ok(book) => prop_assert!(book.price_cents.checked_mul(10 * 1000).is_some()),
            Err(errors) => prop_assert!(!errors.is_empty()),
        }
    }

    #[test]
    fn any_delivery_address_is_tidied_or_refused(
        name in text(), street in text(), city in text(), postcode in text(), country in text(),
    ) {
        match shipping::validate(crate::i18n::Locale::ja, ShippingAddress { name, street, city, postcode, country }) {
            Ok(address) => prop_assert!(!address.name.trim().is_empty()),
            Err(errors) => prop_assert!(!errors.is_empty()),
        }
    }

    #[test]
    fn any_cart_quantity_is_accepted_within_bounds_or_refused(wanted in any::<u32>(), available in any::<i64>()) {
        let stock = Stock { title: "Emma".into(), available };
        if let Ok(quantity) = check_quantity(wanted, Some(&stock)) {
            prop_assert!(quantity >= 1 && i64::from(quantity) <= available);
        }
    }
}
