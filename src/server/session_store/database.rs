//! Sessions in Bookstore's own `sessions` table, on SQLite or PostgreSQL.

use std::time::Duration;

use async_trait::async_trait;
use sqlx::AnyPool;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// Sessions in the `sessions` table: the id, the data as JSON, the expiry
/// as Unix seconds. The same statements serve SQLite and PostgreSQL.
///
/// Two pools on the same database: `pool` creates, updates and reads (on
/// SQLite its commits are not synced one by one, see `db::Commits`), and
/// `durable` deletes, so a session that was signed out stays deleted even
/// after a power loss.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    pub(super) pool: AnyPool,
    durable: AnyPool,
}

fn backend(err: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

impl DbSessionStore {
    pub fn new(pool: AnyPool, durable: AnyPool) -> Self {
        DbSessionStore { pool, durable }
    }

    pub(super) async fn count(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE expiry_date > $1")
            .bind(chrono::Utc::now().timestamp())
            .fetch_one(&self.pool)
            .await
    }

    pub(super) async fn delete_expired_every(self, period: Duration) {
        loop {
            if let Err(err) = self.delete_expired().await {
                tracing::warn!(error = %err, "could not delete expired sessions; will retry");
            }
            tokio::time::sleep(period).await;
        }
    }

    /// Deletes expired sessions, and the back-channel index rows of sessions
    /// that are gone (with an hour's grace: a sign-in indexes its session
    /// before saving it).
    pub(super) async fn delete_expired(&self) -> Result<(), sqlx::Error> {
        let now = chrono::Utc::now().timestamp();
        sqlx::query("DELETE FROM sessions WHERE expiry_date <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "DELETE FROM session_index WHERE created_at < $1
               AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = session_index.session_id)",
        )
        .bind(now - 3600)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    fn encode(record: &Record) -> session_store::Result<String> {
        serde_json::to_string(&record.data).map_err(|err| session_store::Error::Encode(err.to_string()))
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let data = Self::encode(record)?;
        // A fresh 128-bit id is practically never taken, but never overwrite one that is.
        loop {
            let inserted = sqlx::query(
                "INSERT INTO sessions (id, data, expiry_date) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
            )
            .bind(record.id.to_string())
            .bind(&data)
            .bind(record.expiry_date.unix_timestamp())
            .execute(&self.pool)
            .await
            .map_err(backend)?
            .rows_affected();
            if inserted == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    /// Update only (tower-sessions calls `save` only for a session it
    /// loaded): a request that loaded the session before a sign-out, a
    /// back-channel logout or its expiry, and saves after, must not bring it
    /// back, tokens and all, outside the back-channel index. Redis' store does
    /// the same with `SET … XX`.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let updated = sqlx::query("UPDATE sessions SET data = $1, expiry_date = $2 WHERE id = $3 AND expiry_date > $4")
            .bind(Self::encode(record)?)
            .bind(record.expiry_date.unix_timestamp())
            .bind(record.id.to_string())
            .bind(chrono::Utc::now().timestamp())
            .execute(&self.pool)
            .await
            .map_err(backend)?
            .rows_affected();
        if updated == 0 {
            tracing::info!("a session ended while a request held it; it stays ended");
        }
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT data, expiry_date FROM sessions WHERE id = $1 AND expiry_date > $2")
                .bind(id.to_string())
                .bind(chrono::Utc::now().timestamp())
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        let Some((data, expiry)) = row else { return Ok(None) };
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&data).map_err(|err| session_store::Error::Decode(err.to_string()))?,
            expiry_date: time::OffsetDateTime::from_unix_timestamp(expiry).map_err(backend)?,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.durable)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
