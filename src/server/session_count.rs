//! The live-session count `/metrics` reports, made at most once a minute
//! (counting the sessions table is not free).

/// A count that is expensive to make (the sessions table), made at most once
/// per [`COUNT_EVERY`] however often `/metrics` is scraped.
#[derive(Default)]
pub struct CountCache {
    last: tokio::sync::Mutex<Option<(std::time::Instant, Option<i64>)>>,
}

pub const COUNT_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

impl CountCache {
    pub async fn get<F, Fut>(&self, count: F) -> Option<i64>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Option<i64>>,
    {
        let mut last = self.last.lock().await;
        if let Some((at, value)) = *last
            && at.elapsed() < COUNT_EVERY
        {
            return value;
        }
        let value = count().await;
        *last = Some((std::time::Instant::now(), value));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn sessions_are_counted_at_most_once_a_minute() {
        let cache = CountCache::default();
        let counted = AtomicU32::new(0);
        for _ in 0..5 {
            let value = cache
                .get(|| async {
                    counted.fetch_add(1, Ordering::SeqCst);
                    Some(7)
                })
                .await;
            assert_eq!(value, Some(7));
        }
        assert_eq!(counted.load(Ordering::SeqCst), 1);
    }
}
