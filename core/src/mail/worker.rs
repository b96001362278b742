//! The outbox's worker: every few seconds it claims what is due, sends it,
//! and marks each message sent or due again later. A dead SMTP server
//! delays mail and loses none; each instance runs one, and a claim's lease
//! keeps two from sending the same message at once.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use sqlx::AnyPool;

use crate::db::Backend;
use crate::mail::outbox;
use crate::mail::transport::{MailError, Transport};

/// How long a claim holds its messages: longer than a send can take.
pub const LEASE_SECS: i64 = 120;
/// Messages claimed at a time.
const BATCH: i64 = 20;

pub struct Worker {
    pub pool: AnyPool,
    pub backend: Backend,
    pub transport: Arc<Transport>,
    pub from: Mailbox,
    pub every: Duration,
}

impl Worker {
    pub async fn run(self) {
        loop {
            self.round().await;
            tokio::time::sleep(self.every).await;
        }
    }

    /// One pass: sends what is due now; returns how many were sent.
    pub async fn round(&self) -> usize {
        self.round_at(chrono::Utc::now().timestamp()).await
    }

    /// One pass at the time `now` (seconds).
    pub async fn round_at(&self, now: i64) -> usize {
        let batch = match outbox::claim(&self.pool, self.backend, now, LEASE_SECS, BATCH).await {
            Ok(batch) => batch,
            Err(err) => {
                tracing::warn!(error = %err, "could not read the outbox; will retry");
                return 0;
            }
        };
        let mut sent = 0;
        for message in batch {
            let result = self.transport.send(&self.from, &message).await;
            let marked = match &result {
                Ok(()) => {
                    sent += 1;
                    outbox::mark_sent(&self.pool, message.id, now).await
                }
                // An address no server will take: trying again cannot help.
                Err(err @ MailError::Address(_)) => {
                    tracing::error!(id = message.id, error = %err, "mail not sent: its address is not valid; given up");
                    outbox::give_up(&self.pool, message.id, &err.to_string(), now).await
                }
                Err(err) => {
                    tracing::warn!(id = message.id, attempt = message.attempts, error = %err, "mail not sent; will retry");
                    outbox::mark_failed(&self.pool, &message, &err.to_string(), now).await
                }
            };
            if let Err(err) = marked {
                tracing::warn!(id = message.id, error = %err, "the outbox could not be updated");
            }
        }
        sent
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::outbox::{Outgoing, enqueue};
    use crate::mail::test_smtp;
    use crate::shop::test_db::seeded_pool;

    use crate::shop::test_db::test_backend as backend;

    fn worker(pool: &AnyPool, port: u16) -> Worker {
        Worker {
            pool: pool.clone(),
            backend: backend(),
            transport: Arc::new(Transport::smtp(&format!("smtp://127.0.0.1:{port}")).unwrap()),
            from: "Bookstore <shop@bookstore.example>".parse().unwrap(),
            every: Duration::from_secs(1),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_dead_smtp_server_delays_mail_and_two_instances_send_each_message_once() {
        let (pool, _dir) = seeded_pool().await;
        let mut tx = pool.begin().await.unwrap();
        for n in 0..5 {
            let message = Outgoing {
                kind: "order_confirmation".into(),
                recipient: format!("reader{n}@example.com"),
                subject: format!("Order {n}"),
                body_text: format!("Order {n}, thank you"),
                body_html: format!("<p>Order {n}, thank you</p>"),
                about: Some(format!("order:{n}")),
            };
            enqueue(&mut tx, &message, 1000).await.unwrap();
        }
        tx.commit().await.unwrap();

        // Nobody listens on the port yet: every message waits.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let (first, second) = (worker(&pool, port), worker(&pool, port));
        assert_eq!(first.round_at(1000).await, 0);
        assert_eq!(outbox::counts(&pool).await.unwrap(), (5, 0), "none lost");

        // The server is back; after the backoff, two instances share the work.
        let received = test_smtp::serve(tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap());
        assert_eq!(first.round_at(1010).await, 0, "still backing off");
        let (a, b) = tokio::join!(first.round_at(1031), second.round_at(1031));
        assert_eq!(a + b, 5);
        assert_eq!(
            first.round_at(99_999).await + second.round_at(99_999).await,
            0,
            "nothing twice"
        );
        let mut subjects: Vec<String> = received
            .messages()
            .iter()
            .map(|m| m.lines().find_map(|l| l.strip_prefix("Subject: ")).unwrap().to_string())
            .collect();
        subjects.sort();
        assert_eq!(subjects, ["Order 0", "Order 1", "Order 2", "Order 3", "Order 4"]);
        assert_eq!(outbox::counts(&pool).await.unwrap(), (0, 0));
    }

    #[tokio::test]
    async fn a_message_to_an_address_no_server_takes_is_given_up_at_once() {
        let (pool, _dir) = seeded_pool().await;
        let mut tx = pool.begin().await.unwrap();
        let message = Outgoing {
            kind: "order_confirmation".into(),
            recipient: "not an address".into(),
            subject: "Order 1".into(),
            body_text: "Order 1".into(),
            body_html: "<p>Order 1</p>".into(),
            about: Some("order:1".into()),
        };
        enqueue(&mut tx, &message, 1000).await.unwrap();
        tx.commit().await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = test_smtp::serve(listener);
        assert_eq!(worker(&pool, port).round_at(1000).await, 0);
        assert_eq!(
            outbox::counts(&pool).await.unwrap(),
            (0, 1),
            "failed for good, not pending"
        );
        assert!(received.messages().is_empty());
    }
}
