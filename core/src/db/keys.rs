//! Keys the server makes for itself (`server_keys`), shared by the
//! instances on one database: the first start makes a key, every start
//! after that (and every other instance) reads the same one.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sqlx::AnyPool;

/// The 32-byte key called `name`, made (from the system's random source)
/// if this database has none yet.
pub async fn load_or_make(pool: &AnyPool, name: &str) -> Result<[u8; 32], sqlx::Error> {
    let mut fresh = [0u8; 32];
    aws_lc_rs::rand::fill(&mut fresh).map_err(|_| sqlx::Error::Protocol("no random bytes for a key".into()))?;
    // Two instances starting at once: one insert wins, both read the winner.
    sqlx::query("INSERT INTO server_keys (name, secret, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(URL_SAFE_NO_PAD.encode(fresh))
        .bind(chrono::Utc::now().timestamp())
        .execute(pool)
        .await?;
    let stored: String = sqlx::query_scalar("SELECT secret FROM server_keys WHERE name = $1")
        .bind(name)
        .fetch_one(pool)
        .await?;
    let bytes = URL_SAFE_NO_PAD
        .decode(stored.as_bytes())
        .map_err(|_| sqlx::Error::Protocol(format!("server key {name} is not base64url")))?;
    bytes
        .try_into()
        .map_err(|_| sqlx::Error::Protocol(format!("server key {name} is not 32 bytes")))
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn a_key_is_made_once_and_read_back_by_everyone() {
        let (pool, _dir) = crate::shop::test_db::seeded_pool().await;
        let first = super::load_or_make(&pool, "sign-in-attempts").await.unwrap();
        let again = super::load_or_make(&pool, "sign-in-attempts").await.unwrap();
        let other = super::load_or_make(&pool, "another").await.unwrap();
        assert_eq!(first, again);
        assert_ne!(first, other);
    }
}
