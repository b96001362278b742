//! Where mail goes: an SMTP server (`BOOKSTORE_SMTP_URL`, with TLS as its
//! URL says) or, in development, a folder of `.eml` files. Messages are
//! multipart (plain text and HTML); lettre encodes the headers (Japanese
//! subjects included) and refuses addresses that are not addresses.

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::mail::outbox::Claimed;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{0:?} is not a mail address")]
    Address(String),
    #[error("the message could not be built: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("the SMTP server refused or could not be reached: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("the mail folder could not be written: {0}")]
    Folder(#[from] lettre::transport::file::Error),
}

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(AsyncFileTransport<Tokio1Executor>),
}

impl Transport {
    /// `smtp://host:port` (STARTTLS when offered is not required: say
    /// `?tls=required`), `smtps://host` (TLS from the start); user and
    /// password in the URL.
    pub fn smtp(url: &str) -> Result<Self, MailError> {
        Ok(Transport::Smtp(
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build(),
        ))
    }

    /// Writes each message to `folder` as an `.eml` file (development).
    pub fn folder(folder: &std::path::Path) -> Self {
        Transport::Folder(AsyncFileTransport::new(folder))
    }

    pub async fn send(&self, from: &Mailbox, claimed: &Claimed) -> Result<(), MailError> {
        let message = message(from, claimed)?;
        match self {
            Transport::Smtp(smtp) => {
                smtp.send(message).await?;
            }
            Transport::Folder(folder) => {
                folder.send(message).await?;
            }
        }
        Ok(())
    }
}

/// The message for a claimed outbox row, with a Message-ID made from its
/// row, so a retry of a message a server did take is recognisably the same.
pub fn message(from: &Mailbox, claimed: &Claimed) -> Result<Message, MailError> {
    let to: Mailbox = claimed
        .recipient
        .parse()
        .map_err(|_| MailError::Address(claimed.recipient.clone()))?;
    let domain = from.email.domain();
    Ok(Message::builder()
        .from(from.clone())
        .to(to)
        .subject(claimed.subject.clone())
        .message_id(Some(format!("<outbox-{}@{domain}>", claimed.id)))
        .multipart(MultiPart::alternative_plain_html(
            claimed.body_text.clone(),
            claimed.body_html.clone(),
        ))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claimed(recipient: &str, subject: &str) -> Claimed {
        Claimed {
            id: 7,
            recipient: recipient.into(),
            subject: subject.into(),
            body_text: "ご注文ありがとうございます。".into(),
            body_html: "<p>ご注文ありがとうございます。</p>".into(),
            attempts: 1,
        }
    }

    fn from() -> Mailbox {
        "Bookstore <shop@bookstore.example>".parse().unwrap()
    }

    #[test]
    fn japanese_is_encoded_and_headers_cannot_be_injected() {
        let message = message(
            &from(),
            &claimed("ada@example.com", "ご注文の確認\r\nBcc: evil@example.com"),
        )
        .unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        assert!(raw.contains("Message-ID: <outbox-7@bookstore.example>"), "{raw}");
        assert!(!raw.contains("\r\nBcc:"), "no header from the subject: {raw}");
        assert!(raw.contains("Subject: =?utf-8?"), "encoded: {raw}");
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.is_ascii(), "bodies are encoded for transport");
    }

    #[test]
    fn a_recipient_that_is_not_an_address_is_refused() {
        for bad in ["ada@example.com\r\nBcc: evil@example.com", "not an address", "a@b@c"] {
            assert!(
                matches!(message(&from(), &claimed(bad, "x")), Err(MailError::Address(_))),
                "{bad:?}"
            );
        }
    }
}
