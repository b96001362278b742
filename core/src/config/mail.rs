//! Mail settings (issue 23): where mail goes and whom it is from.
//! - `BOOKSTORE_SMTP_URL`: `smtp://user:pass@host:587?tls=required`
//!   (STARTTLS required), `smtps://…:465` (TLS from the start), or
//!   `smtp://localhost:1025` (a local catcher, no TLS); a secret.
//! - `BOOKSTORE_MAIL_FROM`: the sender, `Name <address>` or an address
//!   (default `Bookstore <shop@localhost>`).
//! - `BOOKSTORE_MAIL_FOLDER`: without an SMTP URL, in development (an http
//!   public URL), messages are written here as `.eml` files (default
//!   `target/mail`). On https without an SMTP URL, no mail is sent.
//! - `BOOKSTORE_MAIL`: `on` says the shop must send mail (order
//!   confirmations, shipping notes, sign-in links): outside development it
//!   then refuses to start without an SMTP URL; `off` sends none at all.

use std::path::PathBuf;

use secrecy::SecretString;

use crate::config::ConfigProblem;

#[derive(Clone, Debug)]
pub enum MailDelivery {
    Smtp(SecretString),
    Folder(PathBuf),
    /// Outside development with no SMTP server: nothing is written to the outbox.
    Off,
}

#[derive(Clone, Debug)]
pub struct MailSettings {
    pub delivery: MailDelivery,
    /// Checked: a single mailbox, no header tricks.
    pub from: String,
}

pub const DEFAULT_FROM: &str = "Bookstore <shop@localhost>";
pub const DEFAULT_FOLDER: &str = "target/mail";

pub fn mail_from_env(
    get: &impl Fn(&str) -> Option<String>,
    problems: &mut Vec<ConfigProblem>,
    development: bool,
) -> MailSettings {
    let switch = get("BOOKSTORE_MAIL");
    match switch.as_deref() {
        None | Some("on") | Some("off") => {}
        Some(_) => problems.push(ConfigProblem {
            variable: "BOOKSTORE_MAIL".into(),
            reason: "must be `on` or `off`".into(),
        }),
    }
    let delivery = match get("BOOKSTORE_SMTP_URL") {
        _ if switch.as_deref() == Some("off") => MailDelivery::Off,
        Some(url) if url.starts_with("smtp://") || url.starts_with("smtps://") => MailDelivery::Smtp(url.into()),
        Some(_) => {
            problems.push(ConfigProblem {
                variable: "BOOKSTORE_SMTP_URL".into(),
                reason: "must start with smtp:// or smtps://".into(),
            });
            MailDelivery::Off
        }
        None if development => MailDelivery::Folder(
            get("BOOKSTORE_MAIL_FOLDER")
                .unwrap_or_else(|| DEFAULT_FOLDER.into())
                .into(),
        ),
        None if switch.as_deref() == Some("on") => {
            problems.push(ConfigProblem {
                variable: "BOOKSTORE_SMTP_URL".into(),
                reason:
                    "BOOKSTORE_MAIL=on: the shop must send mail, so it needs an SMTP server (smtp://… or smtps://…)"
                        .into(),
            });
            MailDelivery::Off
        }
        None => MailDelivery::Off,
    };
    let from = get("BOOKSTORE_MAIL_FROM").unwrap_or_else(|| DEFAULT_FROM.into());
    if !plain_mailbox(&from) {
        problems.push(ConfigProblem {
            variable: "BOOKSTORE_MAIL_FROM".into(),
            reason: "must be one address, like `Bookstore <shop@example.com>`".into(),
        });
    }
    MailSettings { delivery, from }
}

/// One `Name <local@domain>` or `local@domain`, on one line.
fn plain_mailbox(value: &str) -> bool {
    let address = match value.rsplit_once('<') {
        Some((name, rest)) => match rest.strip_suffix('>') {
            Some(address) if !name.contains(['<', '>', '"', ',', ';']) => address,
            _ => return false,
        },
        None => value,
    };
    !value.contains(['\r', '\n', ','])
        && address
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty() && !domain.contains('@'))
        && !address.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)], development: bool) -> (MailSettings, Vec<ConfigProblem>) {
        let map: std::collections::HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let mut problems = Vec::new();
        let mail = mail_from_env(&|name| map.get(name).cloned(), &mut problems, development);
        (mail, problems)
    }

    #[test]
    fn development_writes_a_folder_production_needs_a_server() {
        assert!(matches!(settings(&[], true).0.delivery, MailDelivery::Folder(_)));
        assert!(matches!(settings(&[], false).0.delivery, MailDelivery::Off));
        let smtp = settings(&[("BOOKSTORE_SMTP_URL", "smtps://u:p@mail.example.com")], false).0;
        assert!(matches!(smtp.delivery, MailDelivery::Smtp(_)));
        let (_, problems) = settings(&[("BOOKSTORE_SMTP_URL", "http://mail.example.com")], false);
        assert_eq!(problems[0].variable, "BOOKSTORE_SMTP_URL");
    }

    #[test]
    fn mail_switched_on_needs_a_server_outside_development_and_off_sends_nothing() {
        let (_, problems) = settings(&[("BOOKSTORE_MAIL", "on")], false);
        assert_eq!(problems[0].variable, "BOOKSTORE_SMTP_URL");
        assert!(
            settings(&[("BOOKSTORE_MAIL", "on")], true).1.is_empty(),
            "development writes a folder"
        );
        let smtp = [
            ("BOOKSTORE_MAIL", "on"),
            ("BOOKSTORE_SMTP_URL", "smtps://u:p@mail.example.com"),
        ];
        assert!(settings(&smtp, false).1.is_empty());
        let off = [
            ("BOOKSTORE_MAIL", "off"),
            ("BOOKSTORE_SMTP_URL", "smtps://u:p@mail.example.com"),
        ];
        assert!(matches!(settings(&off, false).0.delivery, MailDelivery::Off));
        assert_eq!(
            settings(&[("BOOKSTORE_MAIL", "yes")], false).1[0].variable,
            "BOOKSTORE_MAIL"
        );
    }

    #[test]
    fn the_sender_is_one_plain_mailbox() {
        for good in [
            "shop@example.com",
            "Bookstore <shop@example.com>",
            "本屋 <shop@example.jp>",
        ] {
            assert!(plain_mailbox(good), "{good}");
        }
        for bad in [
            "shop@example.com\r\nBcc: x@example.com",
            "a@example.com, b@example.com",
            "Bookstore <shop@example.com",
            "not an address",
            "<@example.com>",
        ] {
            assert!(!plain_mailbox(bad), "{bad:?}");
        }
    }
}
