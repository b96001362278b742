//! The frame every message shares: a list of blocks, written once as plain
//! text and once as HTML. Every value is escaped in the HTML, and nothing
//! is loaded from elsewhere (no images, no fonts, no tracking).

use crate::i18n::Locale;

pub enum Block {
    Paragraph(String),
    /// Rows of (what, amount) and a last, bold row.
    Table {
        rows: Vec<(String, String)>,
        last: (String, String),
    },
    /// A heading and its lines, as an address is written.
    Lines {
        heading: String,
        lines: Vec<String>,
    },
    /// A sentence and the absolute URL it leads to.
    Link {
        label: String,
        url: String,
    },
}

pub struct Letter {
    pub locale: Locale,
    pub subject: String,
    pub blocks: Vec<Block>,
    pub footer: String,
}

impl Letter {
    pub fn text(&self) -> String {
        let mut text = String::new();
        for block in &self.blocks {
            match block {
                Block::Paragraph(p) => text.push_str(p),
                Block::Table { rows, last } => {
                    for (what, amount) in rows {
                        text.push_str(&format!("  {what}  {amount}\n"));
                    }
                    text.push_str(&format!("\n{}: {}", last.0, last.1));
                }
                Block::Lines { heading, lines } => {
                    text.push_str(heading);
                    for line in lines {
                        text.push_str(&format!("\n  {line}"));
                    }
                }
                Block::Link { label, url } => text.push_str(&format!("{label}\n{url}")),
            }
            text.push_str("\n\n");
        }
        text.push_str(&format!("-- \n{}\n", self.footer));
        text
    }

    pub fn html(&self) -> String {
        let mut body = String::new();
        for block in &self.blocks {
            match block {
                Block::Paragraph(p) => body.push_str(&format!("<p>{}</p>", escape(p))),
                Block::Table { rows, last } => {
                    body.push_str("<table cellpadding=\"4\">");
                    for (what, amount) in rows {
                        body.push_str(&format!(
                            "<tr><td>{}</td><td align=\"right\">{}</td></tr>",
                            escape(what),
                            escape(amount)
                        ));
                    }
                    body.push_str(&format!(
                        "<tr><th align=\"left\">{}</th><th align=\"right\">{}</th></tr></table>",
                        escape(&last.0),
                        escape(&last.1)
                    ));
                }
                Block::Lines { heading, lines } => {
                    let lines: Vec<String> = lines.iter().map(|l| escape(l)).collect();
                    body.push_str(&format!("<p>{}<br>{}</p>", escape(heading), lines.join("<br>")));
                }
                Block::Link { label, url } => {
                    body.push_str(&format!(
                        "<p>{} <a href=\"{url}\">{url}</a></p>",
                        escape(label),
                        url = escape(url)
                    ));
                }
            }
        }
        format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{subject}</title></head>\
             <body style=\"font-family: sans-serif; color: #1f1b16\">{body}\
             <p style=\"color: #6b6259; font-size: small\">{footer}</p></body></html>",
            lang = crate::language::tag(self.locale),
            subject = escape(&self.subject),
            footer = escape(&self.footer),
        )
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
