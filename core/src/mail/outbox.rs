//! The outbox table: mail written in the transaction of what caused it,
//! claimed a few at a time by a worker (on any instance) for a lease, and
//! marked sent, due again later, or failed for good.

use sqlx::{Any, AnyPool, Transaction};

use crate::db::Backend;

/// A message ready to send (rendered when it was written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// What it tells of, e.g. `order:42`.
    pub about: Option<String>,
}

/// A message claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// Including this one.
    pub attempts: i32,
}

/// Writes `message` in `tx`: it goes out if and only if `tx` commits.
pub async fn enqueue(tx: &mut Transaction<'_, Any>, message: &Outgoing, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (kind, recipient, subject, body_text, body_html, created_at, due_at, about)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
    )
    .bind(&message.kind)
    .bind(&message.recipient)
    .bind(&message.subject)
    .bind(&message.body_text)
    .bind(&message.body_html)
    .bind(now)
    .bind(&message.about)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Claims up to `limit` due messages for `lease` seconds: nobody else
/// claims them before the lease ends (PostgreSQL skips rows another
/// instance is claiming; SQLite has one writer at a time).
pub async fn claim(
    pool: &AnyPool,
    backend: Backend,
    now: i64,
    lease: i64,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let lock = match backend {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE outbox SET due_at = $1 + $2, attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox
                      WHERE sent_at IS NULL AND failed_at IS NULL AND due_at <= $1
                      ORDER BY due_at, id LIMIT $3 {lock})
         RETURNING id, recipient, subject, body_text, body_html, attempts"
    );
    sqlx::query_as::<_, Claimed>(&sql)
        .bind(now)
        .bind(lease)
        .bind(limit)
        .fetch_all(pool)
        .await
}

/// Kinds whose body holds a secret (a sign-in link): emptied once the
/// message is sent or given up, so the table keeps no working link.
const SECRET_BODY: &str = "body_text = CASE WHEN kind = 'sign_in_link' THEN '' ELSE body_text END,
     body_html = CASE WHEN kind = 'sign_in_link' THEN '' ELSE body_html END";

pub async fn mark_sent(pool: &AnyPool, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE outbox SET sent_at = $1, last_error = NULL, {SECRET_BODY} WHERE id = $2"
    ))
    .bind(now)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// After a failed attempt: due again after a backoff, or failed for good
/// once `attempts` reaches [`MAX_ATTEMPTS`].
pub async fn mark_failed(pool: &AnyPool, claimed: &Claimed, error: &str, now: i64) -> Result<(), sqlx::Error> {
    let error: String = error.chars().take(500).collect();
    if claimed.attempts >= MAX_ATTEMPTS {
        give_up(pool, claimed.id, &error, now).await?;
    } else {
        sqlx::query("UPDATE outbox SET due_at = $1, last_error = $2 WHERE id = $3")
            .bind(now + backoff(claimed.attempts))
            .bind(&error)
            .bind(claimed.id)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// Gives message `id` up for good (kept, with why, for the operator).
pub async fn give_up(pool: &AnyPool, id: i64, error: &str, now: i64) -> Result<(), sqlx::Error> {
    let error: String = error.chars().take(500).collect();
    sqlx::query(&format!(
        "UPDATE outbox SET failed_at = $1, last_error = $2, {SECRET_BODY} WHERE id = $3"
    ))
    .bind(now)
    .bind(&error)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Attempts before a message is given up: with [`backoff`], about two days.
pub const MAX_ATTEMPTS: i32 = 12;

/// Seconds to wait after attempt `n` (1-based): 30 s, 1 min, 2 min, … up to 6 h.
pub fn backoff(attempt: i32) -> i64 {
    let doubled = 30i64.saturating_mul(1i64 << attempt.clamp(1, 20).saturating_sub(1));
    doubled.min(6 * 3600)
}

/// What the operator watches: messages waiting, and given up.
pub async fn counts(pool: &AnyPool) -> Result<(i64, i64), sqlx::Error> {
    let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL")
        .fetch_one(pool)
        .await?;
    let failed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL")
        .fetch_one(pool)
        .await?;
    Ok((pending, failed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shop::test_db::seeded_pool;

    use crate::shop::test_db::test_backend as backend;

    fn message(to: &str) -> Outgoing {
        Outgoing {
            kind: "order_confirmation".into(),
            recipient: to.into(),
            subject: "Your order".into(),
            body_text: "Thank you".into(),
            body_html: "<p>Thank you</p>".into(),
            about: Some("order:1".into()),
        }
    }

    #[tokio::test]
    async fn mail_goes_out_only_with_its_transaction_and_a_claim_holds_it_for_its_lease() {
        let (pool, _dir) = seeded_pool().await;
        let mut rolled_back = pool.begin().await.unwrap();
        enqueue(&mut rolled_back, &message("nobody@example.com"), 1000)
            .await
            .unwrap();
        rolled_back.rollback().await.unwrap();
        let mut tx = pool.begin().await.unwrap();
        enqueue(&mut tx, &message("ada@example.com"), 1000).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(counts(&pool).await.unwrap(), (1, 0), "the rolled-back one is not there");

        let claimed = claim(&pool, backend(), 1000, 60, 10).await.unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(
            (claimed[0].recipient.as_str(), claimed[0].attempts),
            ("ada@example.com", 1)
        );
        assert!(
            claim(&pool, backend(), 1059, 60, 10).await.unwrap().is_empty(),
            "held for the lease"
        );

        mark_failed(&pool, &claimed[0], "connection refused", 1010)
            .await
            .unwrap();
        assert!(
            claim(&pool, backend(), 1039, 60, 10).await.unwrap().is_empty(),
            "backing off"
        );
        let again = claim(&pool, backend(), 1040, 60, 10).await.unwrap();
        assert_eq!(again[0].attempts, 2);
        mark_sent(&pool, again[0].id, 1041).await.unwrap();
        assert_eq!(counts(&pool).await.unwrap(), (0, 0));
        assert!(
            claim(&pool, backend(), 99_999, 60, 10).await.unwrap().is_empty(),
            "sent once"
        );
    }

    #[tokio::test]
    async fn a_message_is_given_up_after_the_last_attempt() {
        let (pool, _dir) = seeded_pool().await;
        let mut tx = pool.begin().await.unwrap();
        enqueue(&mut tx, &message("ada@example.com"), 0).await.unwrap();
        tx.commit().await.unwrap();
        let mut now = 0;
        for attempt in 1..=MAX_ATTEMPTS {
            let claimed = claim(&pool, backend(), now, 60, 10).await.unwrap();
            assert_eq!(claimed[0].attempts, attempt);
            mark_failed(&pool, &claimed[0], "mailbox unavailable", now)
                .await
                .unwrap();
            now += backoff(attempt);
        }
        assert_eq!(counts(&pool).await.unwrap(), (0, 1));
        assert!(
            claim(&pool, backend(), now + 1_000_000, 60, 10)
                .await
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn backoff_doubles_to_a_ceiling() {
        assert_eq!(backoff(1), 30);
        assert_eq!(backoff(2), 60);
        assert_eq!(backoff(3), 120);
        assert_eq!(backoff(12), 6 * 3600);
        assert_eq!(backoff(100), 6 * 3600);
    }
}
