//! The rules every cart follows, apart from where it is stored: quantities
//! are bounded by the stock and by a per-line limit, and merging the
//! anonymous cart into a customer's at sign-in keeps both within them.

use std::collections::{BTreeMap, HashMap};

use crate::i18n::{Locale, td_string};
use crate::shop::model::CartNotice;
pub use crate::shop::model::MAX_PER_LINE;

/// book id → quantity.
pub type Lines = BTreeMap<i64, u32>;

/// What the shop knows about a book when changing a cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stock {
    pub title: String,
    pub available: i64,
}

/// Messages (`Display`) are English, for logs and the API; visitors read
/// [`CartRuleError::text`] in their language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartRuleError {
    #[error("That book is no longer sold here.")]
    UnknownBook,
    #[error("\u{201c}{title}\u{201d} is sold out.")]
    SoldOut { title: String },
    #[error("Only {available} {} of \u{201c}{title}\u{201d} {} in stock.", copies(*.available), if *.available == 1 { "is" } else { "are" })]
    NotEnoughStock { title: String, available: i64 },
    #[error("You can order at most {MAX_PER_LINE} copies of one book.")]
    LineLimit,
    #[error("Choose a quantity of at least 1.")]
    ZeroQuantity,
}

fn copies(n: i64) -> &'static str {
    if n == 1 { "copy" } else { "copies" }
}

impl CartRuleError {
    /// The message in `locale`.
    pub fn text(&self, locale: Locale) -> String {
        match self {
            CartRuleError::UnknownBook => td_string!(locale, cart.unknown_book).to_string(),
            CartRuleError::SoldOut { title } => td_string!(locale, cart.sold_out, title),
            CartRuleError::NotEnoughStock { title, available } => {
                let copies = crate::language::counts::copies(locale, *available);
                td_string!(locale, cart.not_enough_stock, copies, title)
            }
            CartRuleError::LineLimit => td_string!(locale, cart.line_limit, max = MAX_PER_LINE),
            CartRuleError::ZeroQuantity => td_string!(locale, cart.zero_quantity).to_string(),
        }
    }
}

/// The quantity after asking for `wanted` copies of a book in stock as `stock`.
pub fn check_quantity(wanted: u32, stock: Option<&Stock>) -> Result<u32, CartRuleError> {
    let stock = stock.ok_or(CartRuleError::UnknownBook)?;
    if wanted == 0 {
        return Err(CartRuleError::ZeroQuantity);
    }
    if stock.available <= 0 {
        return Err(CartRuleError::SoldOut {
            title: stock.title.clone(),
        });
    }
    if i64::from(wanted) > stock.available {
        return Err(CartRuleError::NotEnoughStock {
            title: stock.title.clone(),
            available: stock.available,
        });
    }
    if wanted > MAX_PER_LINE {
        return Err(CartRuleError::LineLimit);
    }
    Ok(wanted)
}

/// Brings every line within the stock and the line limit, dropping books no
/// longer sold or sold out; says what changed.
pub fn reconcile(lines: &Lines, stock: &HashMap<i64, Stock>) -> (Lines, Vec<CartNotice>) {
    let mut kept = Lines::new();
    let mut notices = Vec::new();
    for (&book_id, &quantity) in lines {
        let Some(book) = stock.get(&book_id) else {
            notices.push(CartNotice::Gone);
            continue;
        };
        let limit = book.available.clamp(0, i64::from(MAX_PER_LINE)) as u32;
        if limit == 0 {
            notices.push(CartNotice::SoldOut {
                title: book.title.clone(),
            });
            continue;
        }
        if quantity > limit {
            notices.push(CartNotice::Reduced {
                title: book.title.clone(),
                limit,
            });
        }
        kept.insert(book_id, quantity.min(limit));
    }
    (kept, notices)
}

/// The customer's cart after sign-in: what they had plus what they added
/// while signed out, each line within the stock and the line limit.
pub fn merge(customer: &Lines, anonymous: &Lines, stock: &HashMap<i64, Stock>) -> (Lines, Vec<CartNotice>) {
    let mut combined = customer.clone();
    for (&book_id, &quantity) in anonymous {
        let line = combined.entry(book_id).or_insert(0);
        *line = line.saturating_add(quantity);
    }
    reconcile(&combined, stock)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stock(entries: &[(i64, i64)]) -> HashMap<i64, Stock> {
        entries
            .iter()
            .map(|&(id, available)| {
                (
                    id,
                    Stock {
                        title: format!("Book {id}"),
                        available,
                    },
                )
            })
            .collect()
    }

    fn lines(entries: &[(i64, u32)]) -> Lines {
        entries.iter().copied().collect()
    }

    #[test]
    fn quantities_respect_stock_and_the_line_limit() {
        let s = stock(&[(1, 3), (2, 0), (3, 50)]);
        assert_eq!(check_quantity(3, s.get(&1)), Ok(3));
        assert_eq!(
            check_quantity(4, s.get(&1)).unwrap_err().to_string(),
            "Only 3 copies of \u{201c}Book 1\u{201d} are in stock."
        );
        assert_eq!(
            check_quantity(1, s.get(&2)),
            Err(CartRuleError::SoldOut { title: "Book 2".into() })
        );
        assert_eq!(
            check_quantity(MAX_PER_LINE + 1, s.get(&3)),
            Err(CartRuleError::LineLimit)
        );
        assert_eq!(check_quantity(0, s.get(&3)), Err(CartRuleError::ZeroQuantity));
        assert_eq!(check_quantity(1, s.get(&9)), Err(CartRuleError::UnknownBook));
    }

    #[test]
    fn merging_adds_the_anonymous_cart_to_the_customers() {
        let s = stock(&[(1, 20), (2, 20), (3, 20)]);
        let (merged, notices) = merge(&lines(&[(1, 1), (2, 2)]), &lines(&[(2, 3), (3, 1)]), &s);
        assert_eq!(merged, lines(&[(1, 1), (2, 5), (3, 1)]));
        assert!(notices.is_empty());
    }

    #[test]
    fn merging_clamps_to_stock_and_drops_sold_out_and_unknown_books() {
        let s = stock(&[(1, 2), (2, 0), (3, 100)]);
        let (merged, notices) = merge(&lines(&[(1, 2), (3, 9)]), &lines(&[(1, 1), (2, 1), (3, 5), (4, 1)]), &s);
        assert_eq!(merged, lines(&[(1, 2), (3, MAX_PER_LINE)]));
        assert_eq!(notices.len(), 4, "{notices:?}");
        assert!(
            notices[0]
                .text(Locale::en)
                .contains("Only 2 copies of \u{201c}Book 1\u{201d}")
        );
        assert_eq!(
            notices[0].text(Locale::ja),
            "『Book 1』は現在2冊までご注文いただけるため、カートの数量を2にしました。"
        );
        assert!(notices[1].text(Locale::en).contains("sold out"));
    }

    #[test]
    fn merging_an_empty_anonymous_cart_changes_nothing() {
        let s = stock(&[(1, 5)]);
        let customer = lines(&[(1, 2)]);
        assert_eq!(merge(&customer, &Lines::new(), &s), (customer, vec![]));
    }
}
