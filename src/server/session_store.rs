//! Where sessions live: the database by default (the `sessions` table, on
//! SQLite or PostgreSQL), or Redis when `SESSION_STORE_URL` is set. Either
//! way every instance sharing it sees the same sessions, so a sign-in, a
//! sign-out or a back-channel logout on one instance holds on all. The cookie
//! holds only a random id.

use secrecy::ExposeSecret;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::AnyPool;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_redis_store::RedisStore;
use tower_sessions_redis_store::fred::prelude::{ClientLike, Config, KeysInterface, Pool, ServerInterface};
use tower_sessions_redis_store::fred::types::Builder;
use tower_sessions_redis_store::fred::types::config::ReconnectPolicy;

use crate::auth::session::SIGNED_IN_KEY;
use crate::auth::visitors::Visitors;
use crate::config::SessionSettings;
use crate::db::DbError;

mod database;
mod redis_index;
pub use database::DbSessionStore;
use redis_index::prune_index_every;
#[cfg(test)]
use redis_index::prune_redis_index;

pub const SESSION_COOKIE: &str = "bookstore.sid";
/// The session cookie's name when the public URL is https.
pub const SECURE_SESSION_COOKIE: &str = "__Host-bookstore.sid";
/// Every Redis command gives up after this (they take well under a
/// millisecond), so an outage answers 503 in seconds: a page reads the
/// session at most twice.
const REDIS_COMMAND_TIMEOUT: Duration = Duration::from_secs(2);

/// The session store Bookstore runs with, and the visitors kept per session
/// on this instance, forgotten on every write or delete (`auth::visitors`).
#[derive(Clone)]
pub struct Sessions {
    pub store: Store,
    pub visitors: Visitors,
}

/// Where sessions live.
#[derive(Debug, Clone)]
pub enum Store {
    Database(DbSessionStore),
    /// The store, and the client pool it uses (kept for counting).
    Redis(RedisStore<Pool>, Pool),
}

impl std::fmt::Debug for Sessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.store.fmt(f)
    }
}

impl Sessions {
    pub fn new(store: Store) -> Self {
        Sessions {
            store,
            visitors: Visitors::default(),
        }
    }

    /// The store `settings` ask for, in the database `pool` opens (sessions,
    /// or with Redis only the back-channel index); Redis is connected before
    /// this returns.
    /// `pool` writes sessions; `durable` (commits synced) deletes them.
    pub async fn open(pool: &AnyPool, durable: &AnyPool, settings: &SessionSettings) -> Result<Self, DbError> {
        let Some(url) = settings.store_url.as_ref().map(ExposeSecret::expose_secret) else {
            let store = DbSessionStore::new(pool.clone(), durable.clone());
            // Expired rows are deleted hourly; expired ids are refused at once anyway.
            tokio::spawn(store.clone().delete_expired_every(Duration::from_secs(3600)));
            return Ok(Sessions::new(Store::Database(store)));
        };
        let error = |err: tower_sessions_redis_store::fred::error::Error| DbError::Sessions {
            url: crate::db::redact(url),
            source: Box::new(err),
        };
        let config = Config::from_url(url).map_err(error)?;
        let redis = Builder::from_config(config)
            .with_connection_config(|c| c.connection_timeout = REDIS_COMMAND_TIMEOUT)
            .with_performance_config(|p| p.default_command_timeout = REDIS_COMMAND_TIMEOUT)
            // Reconnect forever, backing off up to 5 s: Redis restarts are survivable.
            .set_policy(ReconnectPolicy::new_exponential(0, 100, 5_000, 2))
            .build_pool(4)
            .map_err(error)?;
        redis.init().await.map_err(error)?;
        tokio::spawn(prune_index_every(
            pool.clone(),
            redis.clone(),
            Duration::from_secs(3600),
        ));
        Ok(Sessions::new(Store::Redis(RedisStore::new(redis.clone()), redis)))
    }

    /// The live sessions (for `/metrics`); Redis counts its database's keys,
    /// so give Bookstore a Redis database of its own.
    pub async fn count(&self) -> Option<i64> {
        match &self.store {
            Store::Database(store) => store.count().await.ok(),
            Store::Redis(_, redis) => redis.dbsize::<i64>().await.ok(),
        }
    }

    pub fn layer(self, settings: &SessionSettings) -> SessionManagerLayer<Sessions> {
        let idle = time::Duration::try_from(settings.idle_timeout).unwrap_or(time::Duration::days(14));
        // Over https the `__Host-` prefix: browsers then accept the cookie only
        // with Secure, Path=/ and no Domain, so no sibling subdomain can set
        // or overwrite it (session fixation from a neighbour).
        let name = if settings.secure_cookie {
            SECURE_SESSION_COOKIE
        } else {
            SESSION_COOKIE
        };
        SessionManagerLayer::new(self)
            .with_name(name)
            .with_http_only(true)
            // Lax, not the default Strict: the provider's redirect back to
            // /callback is a cross-site navigation and must carry the cookie.
            .with_same_site(SameSite::Lax)
            .with_secure(settings.secure_cookie)
            .with_path("/")
            .with_expiry(Expiry::OnInactivity(idle))
    }
}

/// A first save of a visitor's session (a cart) lives this long at most.
pub const VISITOR_FIRST_LIFETIME: time::Duration = time::Duration::hours(2);

/// What a stranger can make the server keep is small and short-lived: a
/// new session of a visitor who is not signed in (every cookieless
/// add-to-cart makes one) is stored for at most [`VISITOR_FIRST_LIFETIME`];
/// its next write (another book, a sign-in) gives it the idle timeout.
/// (Starting a sign-in stores nothing: its attempt waits in the browser.)
/// Applied here, once, whichever store is behind.
fn stranger_cap(record: &Record) -> Option<time::OffsetDateTime> {
    let cap = time::OffsetDateTime::now_utc() + VISITOR_FIRST_LIFETIME;
    (!record.data.contains_key(SIGNED_IN_KEY) && record.expiry_date > cap).then_some(cap)
}

/// What Bookstore asks of any store, applied once here: strangers' first
/// sessions are capped ([`stranger_cap`]) and every write or delete
/// forgets the session's kept visitor (`auth::visitors`) after it is done.
#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        if let Some(cap) = stranger_cap(record) {
            record.expiry_date = cap;
        }
        let created = self.store.create(record).await;
        self.visitors.forget_session(&record.id.to_string());
        created
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let saved = self.store.save(record).await;
        self.visitors.forget_session(&record.id.to_string());
        saved
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.store.load(id).await
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let deleted = self.store.delete(id).await;
        self.visitors.forget_session(&id.to_string());
        deleted
    }
}

/// The choice of backend, and nothing else.
#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Store::Database(store) => store.create(record).await,
            Store::Redis(store, _) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Store::Database(store) => store.save(record).await,
            // `SET … XX` does not re-create a deleted session, but the store
            // reports the nil answer as a parse error: a session that ended
            // while a request held it is not a failure of that request.
            Store::Redis(store, redis) => match store.save(record).await {
                Ok(()) => Ok(()),
                Err(err) => match redis.exists::<i64, _>(record.id.to_string()).await {
                    Ok(0) => {
                        tracing::info!("a session ended while a request held it; it stays ended");
                        Ok(())
                    }
                    _ => Err(err),
                },
            },
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Store::Database(store) => store.load(id).await,
            Store::Redis(store, _) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Store::Database(store) => store.delete(id).await,
            Store::Redis(store, _) => store.delete(id).await,
        }
    }
}

#[cfg(test)]
#[path = "session_store_tests.rs"]
mod tests;
