//! With sessions in Redis, the back-channel index (`session_index`, in the
//! database) keeps rows of sessions Redis has expired by itself: an hourly
//! job deletes them.

use std::time::Duration;

use sqlx::AnyPool;
use tower_sessions_redis_store::fred::prelude::{KeysInterface, Pool};

/// With sessions in Redis (which expires them by itself), the back-channel
/// index rows of sessions that are gone are deleted hourly.
pub async fn prune_index_every(db: AnyPool, redis: Pool, period: Duration) {
    loop {
        tokio::time::sleep(period).await;
        if let Err(err) = prune_redis_index(&db, &redis).await {
            tracing::warn!(error = %err, "could not prune the session index; will retry");
        }
    }
}

/// Deletes index rows (older than an hour: a sign-in indexes its session
/// before saving it) whose session Redis no longer has; returns how many.
pub async fn prune_redis_index(db: &AnyPool, redis: &Pool) -> Result<u64, String> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT session_id FROM session_index WHERE created_at < $1")
        .bind(chrono::Utc::now().timestamp() - 3600)
        .fetch_all(db)
        .await
        .map_err(|err| err.to_string())?;
    let mut pruned = 0;
    for id in ids {
        let exists: i64 = redis.exists(id.as_str()).await.map_err(|err| err.to_string())?;
        if exists == 0 {
            pruned += sqlx::query("DELETE FROM session_index WHERE session_id = $1")
                .bind(&id)
                .execute(db)
                .await
                .map_err(|err| err.to_string())?
                .rows_affected();
        }
    }
    Ok(pruned)
}
