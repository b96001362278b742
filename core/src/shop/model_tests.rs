//! Tests of `shop::model`.

use super::*;
use crate::i18n::Locale::{en, ja};

fn book(id: i64, price_cents: i64) -> BookSummary {
    BookSummary {
        id,
        title: format!("Book {id}"),
        authors: vec!["A".into(), "B".into()],
        year: 1900,
        language: "en".into(),
        price_cents,
        stock: 5,
    }
}

#[test]
fn cart_totals_add_up() {
    let cart = CartView {
        lines: vec![
            CartLine {
                book: book(1, 999),
                quantity: 2,
            },
            CartLine {
                book: book(2, 1250),
                quantity: 1,
            },
        ],
        notices: vec![],
    };
    assert_eq!(cart.total_cents(), 3248);
    assert_eq!(cart.item_count(), 3);
    assert_eq!(cart.quantity_of(2), 1);
    assert_eq!(cart.quantity_of(3), 0);
}

#[test]
fn page_count_rounds_up_and_is_never_zero() {
    let page = |total| BookPage {
        books: vec![],
        total,
        page: 1,
        per_page: 24,
    };
    assert_eq!(page(0).page_count(), 1);
    assert_eq!(page(24).page_count(), 1);
    assert_eq!(page(25).page_count(), 2);
}

#[test]
fn authors_are_joined_for_display() {
    assert_eq!(book(1, 1).authors_text(), "A, B");
    assert_eq!(language_name(en, "ja"), "Japanese");
    assert_eq!(language_name(ja, "ja"), "日本語");
    assert_eq!(language_name(ja, "xx"), "xx");
}
