//! The shop's messages, in the customer's language (the same message files
//! as the pages), as plain text and HTML; every value is escaped in the
//! HTML, and nothing is loaded from elsewhere (no images, no tracking).

use crate::i18n::{Locale, td_string};
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
    let subject = td_string!(locale, mail.order_subject, id = order.order_id);
    let greeting = td_string!(locale, mail.order_greeting, name = order.shipping.name.clone());
    let lines: Vec<(String, String)> = order
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
    let total = format_price(locale, order.total_cents);
    let address = address_lines(order.shipping);

    let mut text = format!("{greeting}\n\n{}\n\n", td_string!(locale, mail.order_intro));
    for (what, price) in &lines {
        text.push_str(&format!("  {what}  {price}\n"));
    }
    text.push_str(&format!(
        "\n{}: {total}\n\n{}\n",
        td_string!(locale, mail.order_total),
        td_string!(locale, mail.order_ship_to)
    ));
    for line in &address {
        text.push_str(&format!("  {line}\n"));
    }
    text.push_str(&format!(
        "\n{}\n{}\n\n-- \n{}\n",
        td_string!(locale, mail.order_link),
        order.order_url,
        td_string!(locale, mail.order_footer)
    ));

    let rows: String = lines
        .iter()
        .map(|(what, price)| {
            format!(
                "<tr><td>{}</td><td align=\"right\">{}</td></tr>",
                escape(what),
                escape(price)
            )
        })
        .collect();
    let html = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{subject}</title></head>\
         <body style=\"font-family: sans-serif; color: #1f1b16\"><p>{greeting}</p><p>{intro}</p>\
         <table cellpadding=\"4\">{rows}<tr><th align=\"left\">{total_label}</th><th align=\"right\">{total}</th></tr></table>\
         <p>{ship_to}<br>{address}</p><p>{link_label} <a href=\"{url}\">{url}</a></p>\
         <p style=\"color: #6b6259; font-size: small\">{footer}</p></body></html>",
        lang = crate::language::tag(locale),
        subject = escape(&subject),
        greeting = escape(&greeting),
        intro = escape(td_string!(locale, mail.order_intro)),
        total_label = escape(td_string!(locale, mail.order_total)),
        total = escape(&total),
        ship_to = escape(td_string!(locale, mail.order_ship_to)),
        address = address.iter().map(|l| escape(l)).collect::<Vec<_>>().join("<br>"),
        link_label = escape(td_string!(locale, mail.order_link)),
        url = escape(order.order_url),
        footer = escape(td_string!(locale, mail.order_footer)),
    );
    Outgoing {
        kind: "order_confirmation".into(),
        recipient: order.to.to_string(),
        subject,
        body_text: text,
        body_html: html,
        about: Some(format!("order:{}", order.order_id)),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
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
