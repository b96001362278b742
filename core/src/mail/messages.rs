//! The shop's messages, in the customer's language (the same message files
//! as the pages), each a [`Letter`] (plain text and HTML).

use crate::i18n::{Locale, td_string};
use crate::mail::letter::{Block, Letter};
use crate::mail::outbox::Outgoing;
use crate::shop::address::address_lines;
use crate::shop::model::ShippingAddress;
use crate::shop::money::format_price;

/// One line of an order, as bought.
pub struct OrderedLine<'a> {
    pub title: &'a str,
    pub quantity: i64,
    pub line_cents: i64,
}

pub struct OrderConfirmation<'a> {
    pub to: &'a str,
    pub locale: Locale,
    pub order_id: i64,
    pub lines: &'a [OrderedLine<'a>],
    pub total_cents: i64,
    pub shipping: &'a ShippingAddress,
    /// The order's page, absolute.
    pub order_url: &'a str,
}

pub fn order_confirmation(order: &OrderConfirmation<'_>) -> Outgoing {
    let locale = order.locale;
    let rows = order
        .lines
        .iter()
        .map(|line| {
            let what = td_string!(
                locale,
                mail.order_line,
                quantity = line.quantity,
                title = line.title.to_string()
            );
            (what, format_price(locale, line.line_cents))
        })
        .collect();
    let letter = Letter {
        locale,
        subject: td_string!(locale, mail.order_subject, id = order.order_id),
        blocks: vec![
            Block::Paragraph(td_string!(
                locale,
                mail.order_greeting,
                name = order.shipping.name.clone()
            )),
            Block::Paragraph(td_string!(locale, mail.order_intro).to_string()),
            Block::Table {
                rows,
                last: (
                    td_string!(locale, mail.order_total).to_string(),
                    format_price(locale, order.total_cents),
                ),
            },
            Block::Lines {
                heading: td_string!(locale, mail.order_ship_to).to_string(),
                lines: address_lines(order.shipping),
            },
            Block::Link {
                label: td_string!(locale, mail.order_link).to_string(),
                url: order.order_url.to_string(),
            },
        ],
        footer: td_string!(locale, mail.order_footer).to_string(),
    };
    outgoing(
        "order_confirmation",
        order.to,
        &letter,
        Some(format!("order:{}", order.order_id)),
    )
}

/// The note staff send by marking an order shipped.
pub struct ShippingNote<'a> {
    pub to: &'a str,
    pub locale: Locale,
    pub order_id: i64,
    pub shipping: &'a ShippingAddress,
    pub order_url: &'a str,
}

pub fn shipping_note(note: &ShippingNote<'_>) -> Outgoing {
    let locale = note.locale;
    let letter = Letter {
        locale,
        subject: td_string!(locale, mail.shipped_subject, id = note.order_id),
        blocks: vec![
            Block::Paragraph(td_string!(
                locale,
                mail.shipped_greeting,
                name = note.shipping.name.clone()
            )),
            Block::Lines {
                heading: td_string!(locale, mail.shipped_to).to_string(),
                lines: address_lines(note.shipping),
            },
            Block::Link {
                label: td_string!(locale, mail.order_link).to_string(),
                url: note.order_url.to_string(),
            },
        ],
        footer: td_string!(locale, mail.order_footer).to_string(),
    };
    outgoing(
        "shipping_note",
        note.to,
        &letter,
        Some(format!("order:{}", note.order_id)),
    )
}

/// A sign-in link asked for at checkout; `minutes` is how long it works.
pub fn sign_in_link(to: &str, locale: Locale, url: &str, minutes: u64) -> Outgoing {
    let letter = Letter {
        locale,
        subject: td_string!(locale, mail.link_subject).to_string(),
        blocks: vec![
            Block::Paragraph(td_string!(locale, mail.link_intro).to_string()),
            Block::Link {
                label: td_string!(locale, mail.link_label, minutes = minutes),
                url: url.to_string(),
            },
            Block::Paragraph(td_string!(locale, mail.link_not_you).to_string()),
        ],
        footer: td_string!(locale, mail.link_footer).to_string(),
    };
    // Nothing about the link is kept to say later what was sent.
    outgoing("sign_in_link", to, &letter, None)
}

fn outgoing(kind: &str, to: &str, letter: &Letter, about: Option<String>) -> Outgoing {
    Outgoing {
        kind: kind.into(),
        recipient: to.to_string(),
        subject: letter.subject.clone(),
        body_text: letter.text(),
        body_html: letter.html(),
        about,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn confirmation(locale: Locale, name: &str) -> Outgoing {
        let shipping = ShippingAddress {
            name: name.into(),
            street: "12 St James's Square".into(),
            city: "London".into(),
            postcode: "SW1Y 4JH".into(),
            country: "United Kingdom".into(),
        };
        let lines = [
            OrderedLine {
                title: "Frankenstein; or, The Modern Prometheus",
                quantity: 2,
                line_cents: 2398,
            },
            OrderedLine {
                title: "吾輩は猫である",
                quantity: 1,
                line_cents: 999,
            },
        ];
        order_confirmation(&OrderConfirmation {
            to: "ada@example.com",
            locale,
            order_id: 42,
            lines: &lines,
            total_cents: 3397,
            shipping: &shipping,
            order_url: "https://shop.example/orders/42",
        })
    }

    #[test]
    fn the_confirmation_lists_what_was_bought_where_it_goes_and_the_total() {
        let mail = confirmation(Locale::en, "Ada Lovelace");
        assert_eq!(mail.subject, "Your Bookstore order 42");
        for part in [&mail.body_text, &mail.body_html] {
            assert!(part.contains("Thank you for your order, Ada Lovelace."), "{part}");
            assert!(
                part.contains("$23.98") && part.contains("$9.99") && part.contains("$33.97"),
                "{part}"
            );
            assert!(
                part.contains("SW1Y 4JH") && part.contains("https://shop.example/orders/42"),
                "{part}"
            );
        }
        assert!(mail.body_text.contains("2 × Frankenstein; or, The Modern Prometheus"));
        assert!(mail.body_html.contains("St James&#39;s Square"));
        assert!(!mail.body_html.contains("<img"), "nothing loaded from elsewhere");
        assert_eq!(mail.about.as_deref(), Some("order:42"));
    }

    #[test]
    fn japanese_customers_get_it_in_japanese() {
        let mail = confirmation(Locale::ja, "夏目 金之助");
        assert_eq!(mail.subject, "Bookstore ご注文番号 42 の確認");
        assert!(mail.body_text.contains("夏目 金之助 様、ご注文ありがとうございます。"));
        assert!(mail.body_text.contains("33.97ドル"));
        assert!(mail.body_html.contains("lang=\"ja\""));
    }

    #[test]
    fn names_cannot_inject_markup() {
        let mail = confirmation(Locale::en, "<script>alert(1)</script>");
        assert!(!mail.body_html.contains("<script>"));
        assert!(mail.body_html.contains("&lt;script&gt;"));
    }
}
