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
use crate::mail::transport::Transport;

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
        let now = chrono::Utc::now().timestamp();
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
            let now = chrono::Utc::now().timestamp();
            let marked = match &result {
                Ok(()) => {
                    sent += 1;
                    outbox::mark_sent(&self.pool, message.id, now).await
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
