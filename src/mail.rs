//! Mail the shop sends (issue 23): written to the outbox in the transaction
//! of what caused it, delivered by a background worker with retries.

pub mod outbox;
pub mod transport;
pub mod worker;
#[cfg(test)]
pub mod test_smtp;
