//! The counters behind `GET /metrics`, kept with `prometheus-client`:
//! requests by route and status, sign-ins started, completed and failed by
//! reason, the callback's latency, plus what is read at scrape time (token
//! refreshes, provider metadata fetches, live sessions). They live in the app
//! state, not in statics; the endpoint is `server::endpoints::metrics`.
//!
//! Each scrape registers the long-lived metrics (cheap handles on shared
//! counters) and that scrape's values in a fresh registry, so values that
//! belong to other parts of the app (the providers, the session store) are
//! read at scrape time without those parts knowing about metrics.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Upper bounds (seconds) of the callback latency histogram.
const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The route pattern (never the path: ids and queries would make the label
/// set unbounded) and the status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ProviderLabels {
    provider: String,
}

pub struct Metrics {
    requests: Family<RequestLabels, Counter>,
    sign_ins_started: Counter,
    sign_ins_completed: Counter,
    sign_ins_failed: Family<ReasonLabels, Counter>,
    callback_duration: Histogram,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            requests: Family::default(),
            sign_ins_started: Counter::default(),
            sign_ins_completed: Counter::default(),
            sign_ins_failed: Family::default(),
            callback_duration: Histogram::new(BUCKETS),
        }
    }
}

/// What a scrape reads from elsewhere in the app.
pub struct ScrapeValues {
    /// Refresh-token grants made (concurrent requests merged).
    pub token_refreshes: u64,
    /// Discovery and JWKS fetches, by provider id.
    pub provider_fetches: Vec<(String, u64)>,
    /// Live sessions in the store; `None` when the store could not say.
    pub sessions: Option<i64>,
    /// Mail waiting in the outbox and mail given up; `None` when the shop
    /// sends no mail or the outbox could not be read.
    pub mail: Option<(i64, i64)>,
}

impl Metrics {
    pub fn sign_in_started(&self) {
        self.sign_ins_started.inc();
    }

    /// A finished callback: `failure` names the reason when it did not sign in.
    pub fn callback_finished(&self, took: Duration, failure: Option<&'static str>) {
        match failure {
            None => self.sign_ins_completed.inc(),
            Some(reason) => self.sign_ins_failed.get_or_create(&ReasonLabels { reason }).inc(),
        };
        self.callback_duration.observe(took.as_secs_f64());
    }

    pub fn request(&self, route: String, status: u16) {
        self.requests.get_or_create(&RequestLabels { route, status }).inc();
    }

    /// The exposition (OpenMetrics text).
    pub fn render(&self, scrape: ScrapeValues) -> String {
        let mut registry = Registry::with_prefix("bookstore");
        registry.register(
            "http_requests",
            "HTTP requests by route and status",
            self.requests.clone(),
        );
        registry.register(
            "sign_ins_started",
            "Sign-ins sent to an identity provider",
            self.sign_ins_started.clone(),
        );
        registry.register(
            "sign_ins_completed",
            "Sign-ins completed at the callback",
            self.sign_ins_completed.clone(),
        );
        registry.register(
            "sign_ins_failed",
            "Callbacks that did not sign in, by reason",
            self.sign_ins_failed.clone(),
        );
        registry.register(
            "callback_duration_seconds",
            "Time to handle the sign-in callback",
            self.callback_duration.clone(),
        );
        registry.register(
            "token_refreshes",
            "Refresh-token grants made (concurrent requests merged)",
            ConstCounter::new(scrape.token_refreshes),
        );
        let fetches = Family::<ProviderLabels, Counter>::default();
        for (provider, count) in scrape.provider_fetches {
            fetches.get_or_create(&ProviderLabels { provider }).inc_by(count);
        }
        registry.register(
            "provider_metadata_fetches",
            "Discovery and JWKS fetches, by provider",
            fetches,
        );
        if let Some(sessions) = scrape.sessions {
            registry.register("sessions", "Live sessions in the store", ConstGauge::new(sessions));
        }
        if let Some((pending, failed)) = scrape.mail {
            registry.register(
                "mail_pending",
                "Messages waiting in the outbox",
                ConstGauge::new(pending),
            );
            registry.register(
                "mail_failed",
                "Messages given up after the last attempt",
                ConstGauge::new(failed),
            );
        }
        let mut out = String::new();
        if let Err(err) = encode(&mut out, &registry) {
            tracing::error!(error = %err, "metrics could not be encoded");
        }
        out
    }
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
        let text = metrics.render(ScrapeValues {
            token_refreshes: 3,
            provider_fetches: vec![("logto".into(), 1)],
            sessions: Some(7),
            mail: Some((2, 1)),
        });
        for line in [
            "bookstore_sign_ins_started_total 2",
            "bookstore_mail_pending 2",
            "bookstore_mail_failed 1",
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

    #[test]
    fn label_values_cannot_break_the_format() {
        let metrics = Metrics::default();
        metrics.request("/a\"b\nc".into(), 200);
        let text = metrics.render(ScrapeValues {
            token_refreshes: 0,
            provider_fetches: vec![],
            sessions: None,
            mail: None,
        });
        assert!(!text.contains("/a\"b\nc"), "{text}");
        assert!(
            !text.contains("bookstore_sessions"),
            "no gauge when the store could not say"
        );
    }
}
