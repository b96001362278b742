//! The identity provider's metadata and signing keys, fetched once and shared
//! by every request. Concurrent fetches are merged into one, and a token signed
//! by an unknown key may trigger one rate-limited refetch (key rotation).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use openidconnect::core::CoreJsonWebKeySet;
use openidconnect::{IssuerUrl, JsonWebKeySetUrl};

use crate::error::Cause;
use crate::oidc::jwt::IdTokenError;
use crate::oidc::metadata::LogtoProviderMetadata;
use crate::oidc::metadata::explicit_metadata;
use crate::oidc::provider_settings::{ExplicitEndpoints, HttpTimeouts};
use tokio::sync::Mutex;

/// How long discovery and keys are trusted before a routine refetch.
const METADATA_TTL: Duration = Duration::from_secs(3600);
/// After a failed fetch, readiness probes do not fetch again for this long.
const PROBE_GAP: Duration = Duration::from_secs(5);
/// While the provider is down, a stale copy keeps serving and a refetch is
/// tried at most this often.
const RETRY_STALE: Duration = Duration::from_secs(30);
/// A copy older than this is not trusted however long the provider is down:
/// keys it has since revoked must stop verifying tokens at some point.
const MAX_STALE: Duration = Duration::from_secs(24 * 3600);
/// The shortest gap between two refetches caused by unknown signing keys, so a
/// stream of forged tokens cannot make us hammer the provider.
const UNKNOWN_KEY_REFETCH_GAP: Duration = Duration::from_secs(30);

/// One fetched copy of the discovery document and its JWKS.
#[derive(Debug)]
pub struct Discovery {
    pub metadata: LogtoProviderMetadata,
    pub fetched_at: Instant,
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("could not load the provider's discovery document or keys from {issuer}")]
    Unreachable {
        issuer: String,
        #[source]
        source: Cause,
    },
    #[error("invalid issuer URL {0}")]
    InvalidIssuer(String),
    #[error("could not build the HTTP client: {0}")]
    HttpClient(#[from] reqwest::Error),
}

/// Shared handle on one identity provider.
pub struct OidcProvider {
    issuer: IssuerUrl,
    /// Set for providers without discovery: only the JWKS is fetched.
    endpoints: Option<ExplicitEndpoints>,
    http: reqwest::Client,
    current: RwLock<Option<Arc<Discovery>>>,
    fetch_lock: Mutex<()>,
    fetches: AtomicU64,
    /// How long a copy is trusted before a routine refetch.
    ttl: Duration,
    /// How old a copy may get while the provider cannot be reached.
    max_stale: Duration,
    /// When the last fetch failed: callers that were waiting for it share
    /// the failure instead of each trying again.
    failed_at: std::sync::Mutex<Option<Instant>>,
}

impl OidcProvider {
    pub fn new(issuer: &str, timeouts: HttpTimeouts) -> Result<Self, ProviderError> {
        let issuer = IssuerUrl::new(issuer.to_string()).map_err(|_| ProviderError::InvalidIssuer(issuer.into()))?;
        // No redirects: a provider answer that redirects is an error, not a hop to
        // follow (SSRF, and token requests must not be replayed elsewhere).
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(timeouts.connect.min(timeouts.total))
            .timeout(timeouts.total)
            .build()?;
        Ok(Self {
            issuer,
            endpoints: None,
            http,
            current: RwLock::new(None),
            fetch_lock: Mutex::new(()),
            fetches: AtomicU64::new(0),
            ttl: METADATA_TTL,
            max_stale: MAX_STALE,
            failed_at: std::sync::Mutex::new(None),
        })
    }

    /// Another time-to-live for the cached copy (tests).
    pub fn with_ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// Another bound on the age of a copy served while the provider is down (tests).
    pub fn with_max_stale(mut self, max_stale: Duration) -> Self {
        self.max_stale = max_stale;
        self
    }

    /// A provider configured endpoint by endpoint instead of by discovery.
    pub fn with_endpoints(mut self, endpoints: Option<ExplicitEndpoints>) -> Self {
        self.endpoints = endpoints;
        self
    }

    pub fn issuer(&self) -> &IssuerUrl {
        &self.issuer
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Whether metadata and keys have been loaded (for readiness checks).
    pub fn is_loaded(&self) -> bool {
        self.cached().is_some()
    }

    /// How many times discovery + JWKS were fetched (for tests and metrics).
    pub fn fetch_count(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    /// The cached metadata, fetched on first use or when older than the TTL.
    /// While the provider is down, the last good copy keeps serving (the
    /// bearer API and back-channel logout keep working) for at most
    /// [`MAX_STALE`], and a refetch is tried at most every [`RETRY_STALE`].
    pub async fn discovery(&self) -> Result<Arc<Discovery>, ProviderError> {
        let max_stale = self.max_stale;
        let cached = self.cached().filter(|d| d.fetched_at.elapsed() < max_stale);
        if let Some(found) = cached.as_ref().filter(|d| d.fetched_at.elapsed() < self.ttl) {
            return Ok(found.clone());
        }
        if let Some(stale) = &cached
            && self.failed_within(RETRY_STALE)
        {
            return Ok(stale.clone());
        }
        let ttl = self.ttl;
        match self
            .refetch(Instant::now(), |c| c.is_some_and(|d| d.fetched_at.elapsed() < ttl))
            .await
        {
            Ok(fresh) => Ok(fresh),
            Err(err) => match cached {
                Some(stale) => {
                    tracing::warn!(issuer = %self.issuer.as_str(), error = %crate::error::error_chain(&err), "provider unreachable; serving its last metadata and keys");
                    Ok(stale)
                }
                None => Err(err),
            },
        }
    }

    /// For readiness probes, which anyone may call: loaded, or one load
    /// attempt, but none within [`PROBE_GAP`] of a failed one, so probing
    /// cannot make Bookstore hammer a provider that is down.
    pub async fn ready(&self) -> bool {
        self.is_loaded() || (!self.failed_within(PROBE_GAP) && self.discovery().await.is_ok())
    }

    fn failed_within(&self, window: Duration) -> bool {
        self.failed_at
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .is_some_and(|at| at.elapsed() < window)
    }

    /// Called when a token names a key that `seen` does not have. Returns fresh
    /// metadata, or `None` when the last fetch is too recent to try again.
    pub async fn refresh_for_unknown_key(
        &self,
        seen: &Arc<Discovery>,
    ) -> Result<Option<Arc<Discovery>>, ProviderError> {
        if seen.fetched_at.elapsed() < UNKNOWN_KEY_REFETCH_GAP {
            return Ok(None);
        }
        let seen_at = seen.fetched_at;
        // Another request may already have refetched since `seen`: use that copy.
        self.refetch(Instant::now(), |cached| cached.is_some_and(|d| d.fetched_at > seen_at))
            .await
            .map(Some)
    }

    /// Runs `check` (a token check against a copy of the keys); when the
    /// token names a key that copy lacks, refetches the keys once
    /// (rate-limited, see [`Self::refresh_for_unknown_key`]) and runs it
    /// again, so provider key rotation works for every kind of token. The
    /// outer error is the provider being unreachable; the inner one is the check's.
    pub async fn check_with_rotation<T>(
        &self,
        discovery: &Arc<Discovery>,
        check: impl Fn(&Discovery) -> Result<T, IdTokenError>,
    ) -> Result<Result<T, IdTokenError>, ProviderError> {
        match check(discovery) {
            Err(IdTokenError::UnknownKey) => match self.refresh_for_unknown_key(discovery).await? {
                Some(fresh) => Ok(check(&fresh)),
                None => Ok(Err(IdTokenError::UnknownKey)),
            },
            other => Ok(other),
        }
    }

    fn cached(&self) -> Option<Arc<Discovery>> {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Single flight: one fetch at a time; waiters reuse a copy that
    /// `good_enough` accepts, or the failure of a fetch that ended after they
    /// `asked` (so a provider that is down is asked once, not once per waiter).
    async fn refetch(
        &self,
        asked: Instant,
        good_enough: impl Fn(Option<&Arc<Discovery>>) -> bool,
    ) -> Result<Arc<Discovery>, ProviderError> {
        let _only_one = self.fetch_lock.lock().await;
        let cached = self.cached();
        if good_enough(cached.as_ref()) {
            return Ok(cached.expect("good_enough accepts only Some"));
        }
        let unreachable = |source: Cause| ProviderError::Unreachable {
            issuer: self.issuer.to_string(),
            source,
        };
        let failed_at = *self.failed_at.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if failed_at.is_some_and(|at| at > asked) {
            return Err(unreachable("the fetch made while this request waited failed".into()));
        }
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let result = self.fetch(&unreachable).await;
        *self.failed_at.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = result.is_err().then(Instant::now);
        result
    }

    async fn fetch(&self, unreachable: &impl Fn(Cause) -> ProviderError) -> Result<Arc<Discovery>, ProviderError> {
        let metadata = match &self.endpoints {
            None => LogtoProviderMetadata::discover_async(self.issuer.clone(), &self.http)
                .await
                .map_err(|err| unreachable(Box::new(err)))?,
            Some(endpoints) => {
                let keys =
                    CoreJsonWebKeySet::fetch_async(&JsonWebKeySetUrl::from_url(endpoints.jwks.clone()), &self.http)
                        .await
                        .map_err(|err| unreachable(Box::new(err)))?;
                explicit_metadata(&self.issuer, endpoints).set_jwks(keys)
            }
        };
        let fresh = Arc::new(Discovery {
            metadata,
            fetched_at: Instant::now(),
        });
        *self.current.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(fresh.clone());
        tracing::info!(issuer = %self.issuer.as_str(), "loaded identity provider metadata and signing keys");
        Ok(fresh)
    }
}

#[cfg(test)]
#[path = "discovery_tests.rs"]
mod tests;
