//! Step-up: what asks for a recent sign-in, and how recent.

use std::time::Duration;

use crate::config::ConfigProblem;
use crate::config::verification::parse_duration;

/// `BOOKSTORE_STEP_UP_AGE`, `BOOKSTORE_STEP_UP_STAFF_AGE`, `BOOKSTORE_STEP_UP_ORDER_ABOVE`,
/// `BOOKSTORE_STEP_UP_ACR_VALUES`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepUpPolicy {
    /// A sign-in older than this is asked again before an order (and
    /// deleting the account).
    pub max_age: Duration,
    /// The same before a staff change (`BOOKSTORE_STEP_UP_STAFF_AGE`).
    pub staff_max_age: Duration,
    /// Orders whose total is above this (cents) ask for a recent sign-in;
    /// 0: every order.
    pub order_above_cents: i64,
    /// Asked of providers that advertise them (`acr_values_supported`); the
    /// ID token's `acr` must then be one of them.
    pub acr_values: Vec<String>,
}

impl Default for StepUpPolicy {
    fn default() -> Self {
        StepUpPolicy {
            max_age: Duration::from_secs(600),
            staff_max_age: Duration::from_secs(600),
            order_above_cents: 0,
            acr_values: Vec::new(),
        }
    }
}

pub(crate) fn step_up_from_env(
    get: &impl Fn(&str) -> Option<String>,
    problems: &mut Vec<ConfigProblem>,
) -> StepUpPolicy {
    let mut policy = StepUpPolicy::default();
    let mut problem = |variable: &str, reason: String| {
        problems.push(ConfigProblem {
            variable: variable.into(),
            reason,
        })
    };
    if let Some(value) = get("BOOKSTORE_STEP_UP_AGE") {
        match parse_duration(&value) {
            Ok(age) if age >= Duration::from_secs(5) => policy.max_age = age,
            Ok(_) => problem("BOOKSTORE_STEP_UP_AGE", "must be at least 5 seconds".into()),
            Err(reason) => problem("BOOKSTORE_STEP_UP_AGE", reason),
        }
    }
    if let Some(value) = get("BOOKSTORE_STEP_UP_STAFF_AGE") {
        match parse_duration(&value) {
            Ok(age) if age >= Duration::from_secs(5) => policy.staff_max_age = age,
            Ok(_) => problem("BOOKSTORE_STEP_UP_STAFF_AGE", "must be at least 5 seconds".into()),
            Err(reason) => problem("BOOKSTORE_STEP_UP_STAFF_AGE", reason),
        }
    }
    if let Some(value) = get("BOOKSTORE_STEP_UP_ORDER_ABOVE") {
        match crate::shop::money::parse_price(&value) {
            Some(cents) => policy.order_above_cents = cents,
            None => problem(
                "BOOKSTORE_STEP_UP_ORDER_ABOVE",
                "must be an amount like 50 or 49.99 (0: every order)".into(),
            ),
        }
    }
    policy.acr_values = crate::config::validate::split_list(get("BOOKSTORE_STEP_UP_ACR_VALUES").as_deref());
    policy
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(pairs: &[(&str, &str)]) -> (StepUpPolicy, Vec<String>) {
        let get = |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string());
        let mut problems = Vec::new();
        let policy = step_up_from_env(&get, &mut problems);
        (policy, problems.into_iter().map(|p| p.variable).collect())
    }

    #[test]
    fn every_order_asks_within_ten_minutes_unless_configured() {
        assert_eq!(policy(&[]), (StepUpPolicy::default(), vec![]));
        let (set, problems) = policy(&[
            ("BOOKSTORE_STEP_UP_AGE", "5 min"),
            ("BOOKSTORE_STEP_UP_ORDER_ABOVE", "49.99"),
            ("BOOKSTORE_STEP_UP_ACR_VALUES", "urn:mfa"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(set.max_age, Duration::from_secs(300));
        assert_eq!(set.order_above_cents, 4999);
        assert_eq!(set.acr_values, ["urn:mfa"]);
        let (_, problems) = policy(&[
            ("BOOKSTORE_STEP_UP_AGE", "2s"),
            ("BOOKSTORE_STEP_UP_ORDER_ABOVE", "lots"),
        ]);
        assert_eq!(problems, ["BOOKSTORE_STEP_UP_AGE", "BOOKSTORE_STEP_UP_ORDER_ABOVE"]);
    }
}
