//! Merges concurrent refreshes: callers asking for the same token with the
//! same refresh token share one request to the provider. A success is
//! remembered briefly, so a request that read the session before a rotation
//! (and so still holds the old refresh token) reuses the result instead of
//! presenting a refresh token that is already spent. Failures are not shared
//! with later callers: the next one tries again.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;

/// How long a finished refresh answers late callers with the same key.
const REMEMBER: Duration = Duration::from_secs(60);

/// When a flight started, and its result once there is one.
type Entry<T> = (Instant, Arc<OnceCell<T>>);

pub struct Flights<T> {
    entries: Mutex<HashMap<String, Entry<T>>>,
    started: AtomicU64,
}

impl<T: Clone> Default for Flights<T> {
    fn default() -> Self {
        Flights {
            entries: Mutex::new(HashMap::new()),
            started: AtomicU64::new(0),
        }
    }
}

impl<T: Clone> Flights<T> {
    /// Runs `work` for `key` unless a flight for it is under way or just
    /// finished successfully; either way returns that flight's result.
    pub async fn run<E, F, Fut>(&self, key: &str, work: F) -> Result<T, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let cell = {
            let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let now = Instant::now();
            // Finished flights are remembered briefly; one without a result
            // past that (its caller went away, or it failed) is dropped too.
            entries.retain(|_, (started, _)| now.duration_since(*started) < REMEMBER);
            entries
                .entry(key.to_string())
                .or_insert_with(|| (now, Arc::new(OnceCell::new())))
                .1
                .clone()
        };
        let result = cell
            .get_or_try_init(|| {
                self.started.fetch_add(1, Ordering::Relaxed);
                work()
            })
            .await;
        match result {
            Ok(value) => Ok(value.clone()),
            Err(err) => {
                // A failure is not remembered: the entry goes (unless a later
                // caller has already succeeded on it), so failed flights
                // cannot pile up, and the next caller tries again.
                let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                if entries
                    .get(key)
                    .is_some_and(|(_, held)| Arc::ptr_eq(held, &cell) && held.get().is_none())
                {
                    entries.remove(key);
                }
                Err(err)
            }
        }
    }

    /// How many flights are remembered (for tests).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .len()
    }

    /// How many requests were actually made (for tests and metrics).
    pub fn started(&self) -> u64 {
        self.started.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_callers_share_one_request() {
        let flights = Arc::new(Flights::<String>::default());
        let calls = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let (flights, calls) = (flights.clone(), calls.clone());
                tokio::spawn(async move {
                    flights
                        .run("rt|api", || async {
                            calls.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            Ok::<_, ()>("token".to_string())
                        })
                        .await
                })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap(), Ok("token".to_string()));
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1, "one token request for 16 callers");
        assert_eq!(flights.started(), 1);
        // A late caller with the same (possibly rotated-away) refresh token reuses it.
        let late = flights.run("rt|api", || async { Err::<String, ()>(()) }).await;
        assert_eq!(late, Ok("token".to_string()));
    }

    #[tokio::test]
    async fn different_keys_are_different_requests() {
        let flights = Flights::<u32>::default();
        assert_eq!(flights.run("a", || async { Ok::<_, ()>(1) }).await, Ok(1));
        assert_eq!(flights.run("b", || async { Ok::<_, ()>(2) }).await, Ok(2));
        assert_eq!(flights.started(), 2);
    }

    #[tokio::test]
    async fn a_failure_is_retried_by_the_next_caller() {
        let flights = Flights::<u32>::default();
        assert_eq!(
            flights.run("a", || async { Err::<u32, &str>("down") }).await,
            Err("down")
        );
        assert_eq!(flights.run("a", || async { Ok::<_, &str>(7) }).await, Ok(7));
        assert_eq!(flights.started(), 2);
    }

    #[tokio::test]
    async fn failed_flights_are_not_kept() {
        let flights = Flights::<u32>::default();
        for i in 0..100 {
            let key = format!("rt|#org-{i}");
            assert_eq!(
                flights.run(&key, || async { Err::<u32, &str>("refused") }).await,
                Err("refused")
            );
        }
        assert_eq!(flights.len(), 0, "every failed flight was dropped");
        assert_eq!(flights.run("ok", || async { Ok::<_, &str>(1) }).await, Ok(1));
        assert_eq!(flights.len(), 1, "a success is remembered for late callers");
    }
}
