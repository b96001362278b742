//! `idTokenVerificationConfig`, as Logto's OIDC connector spells it, read into
//! a [`TokenPolicy`]. Each field does what its name says (see docs/configuration.md).

use std::time::Duration;

use chrono::{DateTime, Utc};
use openidconnect::core::CoreJwsSigningAlgorithm;
use serde::Deserialize;

use crate::oidc::token_policy::TokenPolicy;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerificationEntry {
    /// Where the signing keys are, for providers without discovery.
    pub jwks_uri: Option<String>,
    pub issuer: Option<OneOrMany>,
    pub audience: Option<OneOrMany>,
    pub algorithms: Option<Vec<String>>,
    pub clock_tolerance: Option<DurationValue>,
    pub crit: Option<toml::Table>,
    pub current_date: Option<String>,
    pub max_token_age: Option<DurationValue>,
    pub subject: Option<String>,
    pub typ: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }
}

/// Seconds, or text such as "30s", "2 min", "1 hour".
#[derive(Deserialize, Clone)]
#[serde(untagged)]
pub enum DurationValue {
    Seconds(u64),
    Text(String),
}

impl DurationValue {
    pub fn to_duration(&self) -> Result<Duration, String> {
        match self {
            DurationValue::Seconds(secs) => Ok(Duration::from_secs(*secs)),
            DurationValue::Text(text) => parse_duration(text),
        }
    }
}

/// "30", "30s", "30 sec", "2 min", "2 minutes", "1h", "1 hour", "1 day".
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration such as 30, \"30s\" or \"2 min\""))?;
    let seconds = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "s" | "sec" | "secs" | "second" | "seconds" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
        "d" | "day" | "days" => 86_400,
        other => return Err(format!("`{other}` in `{text}` is not a unit; use s, min, h or d")),
    };
    Ok(Duration::from_secs(number * seconds))
}

/// Builds the policy; `Err` holds (field, reason) pairs.
pub fn token_policy(entry: VerificationEntry) -> Result<TokenPolicy, Vec<(&'static str, String)>> {
    let mut problems = Vec::new();
    let mut policy = TokenPolicy {
        issuers: entry.issuer.map(OneOrMany::into_vec).unwrap_or_default(),
        audiences: entry.audience.map(OneOrMany::into_vec).unwrap_or_default(),
        ..TokenPolicy::default()
    };
    if let Some(names) = entry.algorithms {
        let mut algorithms = Vec::new();
        for name in names {
            match serde_json::from_value::<CoreJwsSigningAlgorithm>(serde_json::Value::String(name.clone())) {
                Ok(alg) if crate::oidc::jwt::allowed_algs(std::slice::from_ref(&alg)).is_empty() => problems.push((
                    "idTokenVerificationConfig.algorithms",
                    format!("`{name}` is not accepted: HMAC and `none` are never, for any provider"),
                )),
                Ok(alg) => algorithms.push(alg),
                Err(_) => problems.push((
                    "idTokenVerificationConfig.algorithms",
                    format!("`{name}` is not a JWS algorithm"),
                )),
            }
        }
        policy.algorithms = Some(algorithms);
    }
    let mut duration = |field: &'static str, value: Option<DurationValue>, into: &mut Duration| {
        if let Some(value) = value {
            match value.to_duration() {
                Ok(found) => *into = found,
                Err(reason) => problems.push((field, reason)),
            }
        }
    };
    duration(
        "idTokenVerificationConfig.clockTolerance",
        entry.clock_tolerance,
        &mut policy.clock_tolerance,
    );
    duration(
        "idTokenVerificationConfig.maxTokenAge",
        entry.max_token_age,
        &mut policy.max_token_age,
    );
    // As jose: `{ name = true }` marks a critical header parameter as understood.
    for (name, understood) in entry.crit.unwrap_or_default() {
        match understood.as_bool() {
            Some(true) => policy.crit.push(name),
            Some(false) => {}
            None => problems.push((
                "idTokenVerificationConfig.crit",
                format!("`{name}` must be true or false"),
            )),
        }
    }
    if let Some(text) = entry.current_date {
        match DateTime::parse_from_rfc3339(&text) {
            Ok(date) => policy.current_date = Some(date.with_timezone(&Utc)),
            Err(_) => problems.push((
                "idTokenVerificationConfig.currentDate",
                format!("`{text}` is not an RFC 3339 date such as 2026-01-31T12:00:00Z"),
            )),
        }
    }
    policy.subject = entry.subject;
    policy.typ = entry.typ;
    if problems.is_empty() { Ok(policy) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_the_connectors() {
        for (text, secs) in [
            ("30", 30),
            ("30s", 30),
            ("2 min", 120),
            ("2minutes", 120),
            ("1 hour", 3600),
            ("1d", 86_400),
        ] {
            assert_eq!(parse_duration(text), Ok(Duration::from_secs(secs)), "{text}");
        }
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5 fortnights").is_err());
    }

    #[test]
    fn hmac_algorithms_cannot_be_configured() {
        let entry = VerificationEntry {
            algorithms: Some(vec!["HS256".into()]),
            ..Default::default()
        };
        let problems = token_policy(entry).unwrap_err();
        assert!(problems[0].1.contains("never"), "{problems:?}");
    }
}
