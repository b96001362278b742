//! Which stored session belongs to which provider session (`session_index`),
//! so a back-channel logout can end it on every instance, and the logout
//! tokens already used (`logout_token_ids`), so none is accepted twice.

use chrono::Utc;
use sqlx::AnyPool;

/// Seen `jti`s are remembered this long.
const JTI_MEMORY_SECS: i64 = 24 * 3600;

/// Records the token's `jti`; false when it was used before (a replay).
pub async fn first_use(pool: &AnyPool, jti: &str, now: i64) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM logout_token_ids WHERE seen_at < $1")
        .bind(now - JTI_MEMORY_SECS)
        .execute(pool)
        .await?;
    let inserted = sqlx::query("INSERT INTO logout_token_ids (jti, seen_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(jti)
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(inserted == 1)
}

/// Remembers which provider session a stored session belongs to.
pub async fn index_session(
    pool: &AnyPool,
    session_id: &str,
    provider: &str,
    subject: &str,
    sid: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO session_index (session_id, provider, subject, sid, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (session_id) DO UPDATE SET provider = excluded.provider, subject = excluded.subject, sid = excluded.sid",
    )
    .bind(session_id)
    .bind(provider)
    .bind(subject)
    .bind(sid)
    .bind(Utc::now().timestamp())
    .execute(pool)
    .await?;
    Ok(())
}

/// The stored sessions of a provider's user (`subject`) and/or provider
/// session (`sid`); neither: all of the provider's.
pub async fn matching_sessions(
    pool: &AnyPool,
    provider: &str,
    sid: Option<&str>,
    subject: Option<&str>,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT session_id FROM session_index WHERE provider = $1
           AND ($2 IS NULL OR sid = $3) AND ($4 IS NULL OR subject = $5)",
    )
    .bind(provider)
    .bind(sid)
    .bind(sid)
    .bind(subject)
    .bind(subject)
    .fetch_all(pool)
    .await
}

pub async fn forget_sessions(pool: &AnyPool, ids: &[String]) -> Result<(), sqlx::Error> {
    for id in ids {
        sqlx::query("DELETE FROM session_index WHERE session_id = $1")
            .bind(id)
            .execute(pool)
            .await?;
    }
    Ok(())
}
