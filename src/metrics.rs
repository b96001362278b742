//! The counters behind `GET /metrics` (Prometheus text format 0.0.4):
//! requests by route and status, sign-ins started, completed and failed by
//! reason, the callback's latency, token refreshes, provider metadata
//! fetches and live sessions. They live in the app state, not in statics;
//! the endpoint is `server::endpoints::metrics`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds (seconds) of the callback latency histogram.
const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    sign_ins_started: AtomicU64,
    sign_ins_completed: AtomicU64,
    sign_ins_failed: Mutex<BTreeMap<&'static str, u64>>,
    callback_buckets: [AtomicU64; BUCKETS.len()],
    callback_count: AtomicU64,
    callback_micros: AtomicU64,
}

impl Metrics {
    pub fn sign_in_started(&self) {
        self.sign_ins_started.fetch_add(1, Ordering::Relaxed);
    }

    /// A finished callback: `failure` names the reason when it did not sign in.
    pub fn callback_finished(&self, took: Duration, failure: Option<&'static str>) {
        match failure {
            None => {
                self.sign_ins_completed.fetch_add(1, Ordering::Relaxed);
            }
            Some(reason) => {
                let mut failed = self.sign_ins_failed.lock().unwrap_or_else(|p| p.into_inner());
                *failed.entry(reason).or_default() += 1;
            }
        }
        let seconds = took.as_secs_f64();
        for (bound, bucket) in BUCKETS.iter().zip(&self.callback_buckets) {
            if seconds <= *bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.callback_count.fetch_add(1, Ordering::Relaxed);
        self.callback_micros
            .fetch_add(took.as_micros().min(u128::from(u64::MAX)) as u64, Ordering::Relaxed);
    }

    pub fn request(&self, route: String, status: u16) {
        let mut requests = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        *requests.entry((route, status)).or_default() += 1;
    }

    /// The exposition text; `gauges` are values read at scrape time.
    pub fn render(&self, token_refreshes: u64, provider_fetches: &[(String, u64)], sessions: Option<i64>) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP bookstore_http_requests_total HTTP requests by route and status."
        );
        let _ = writeln!(out, "# TYPE bookstore_http_requests_total counter");
        for ((route, status), count) in self.requests.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            let _ = writeln!(
                out,
                "bookstore_http_requests_total{{route=\"{}\",status=\"{status}\"}} {count}",
                escape(route)
            );
        }
        let counter = |out: &mut String, name: &str, help: &str, value: u64| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}");
        };
        counter(
            &mut out,
            "bookstore_sign_ins_started_total",
            "Sign-ins sent to an identity provider.",
            self.sign_ins_started.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "bookstore_sign_ins_completed_total",
            "Sign-ins completed at the callback.",
            self.sign_ins_completed.load(Ordering::Relaxed),
        );
        let _ = writeln!(
            out,
            "# HELP bookstore_sign_ins_failed_total Callbacks that did not sign in, by reason."
        );
        let _ = writeln!(out, "# TYPE bookstore_sign_ins_failed_total counter");
        for (reason, count) in self.sign_ins_failed.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            let _ = writeln!(out, "bookstore_sign_ins_failed_total{{reason=\"{reason}\"}} {count}");
        }
        let _ = writeln!(
            out,
            "# HELP bookstore_callback_duration_seconds Time to handle the sign-in callback."
        );
        let _ = writeln!(out, "# TYPE bookstore_callback_duration_seconds histogram");
        for (bound, bucket) in BUCKETS.iter().zip(&self.callback_buckets) {
            let _ = writeln!(
                out,
                "bookstore_callback_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                bucket.load(Ordering::Relaxed)
            );
        }
        let count = self.callback_count.load(Ordering::Relaxed);
        let _ = writeln!(out, "bookstore_callback_duration_seconds_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(
            out,
            "bookstore_callback_duration_seconds_sum {}",
            self.callback_micros.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(out, "bookstore_callback_duration_seconds_count {count}");
        counter(
            &mut out,
            "bookstore_token_refreshes_total",
            "Refresh-token grants made (concurrent requests merged).",
            token_refreshes,
        );
        let _ = writeln!(
            out,
            "# HELP bookstore_provider_metadata_fetches_total Discovery and JWKS fetches, by provider."
        );
        let _ = writeln!(out, "# TYPE bookstore_provider_metadata_fetches_total counter");
        for (provider, fetches) in provider_fetches {
            let _ = writeln!(
                out,
                "bookstore_provider_metadata_fetches_total{{provider=\"{}\"}} {fetches}",
                escape(provider)
            );
        }
        if let Some(sessions) = sessions {
            let _ = writeln!(
                out,
                "# HELP bookstore_sessions Live sessions in the store.\n# TYPE bookstore_sessions gauge\nbookstore_sessions {sessions}"
            );
        }
        out
    }
}

fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exposition_counts_what_happened() {
        let metrics = Metrics::default();
        metrics.sign_in_started();
        metrics.sign_in_started();
        metrics.callback_finished(Duration::from_millis(20), None);
        metrics.callback_finished(Duration::from_millis(3), Some("unknown_state"));
        metrics.request("/books/{id}".into(), 404);
        let text = metrics.render(3, &[("logto".into(), 1)], Some(7));
        for line in [
            "bookstore_sign_ins_started_total 2",
            "bookstore_sign_ins_completed_total 1",
            "bookstore_sign_ins_failed_total{reason=\"unknown_state\"} 1",
            "bookstore_callback_duration_seconds_bucket{le=\"0.005\"} 1",
            "bookstore_callback_duration_seconds_bucket{le=\"0.025\"} 2",
            "bookstore_callback_duration_seconds_count 2",
            "bookstore_http_requests_total{route=\"/books/{id}\",status=\"404\"} 1",
            "bookstore_token_refreshes_total 3",
            "bookstore_provider_metadata_fetches_total{provider=\"logto\"} 1",
            "bookstore_sessions 7",
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line} in\n{text}");
        }
    }
}
