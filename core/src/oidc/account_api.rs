//! Logto's Account API, the part behind "Your devices": an e-mail code that
//! proves it is the customer (a verification record), then their sessions
//! (`GET /api/my-account/sessions`) and ending one
//! (`DELETE /api/my-account/sessions/{id}`). Every call carries the
//! customer's own access token, kept on the server; the session routes also
//! need the `urn:logto:scope:sessions` scope and the verified record in
//! `logto-verification-id`.

use std::collections::BTreeMap;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::json;

/// The scope Logto's session routes require.
pub const SESSIONS_SCOPE: &str = "urn:logto:scope:sessions";
const VERIFICATION_HEADER: &str = "logto-verification-id";

#[derive(Debug, thiserror::Error)]
pub enum AccountApiError {
    #[error("the Account API could not be reached: {0}")]
    Http(#[from] reqwest::Error),
    /// Logto's answer: its status and error code (`verification_code.code_mismatch`, ...).
    #[error("the Account API answered {status} ({code})")]
    Refused { status: reqwest::StatusCode, code: String },
}

impl AccountApiError {
    /// Logto's error code, when it answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            AccountApiError::Refused { code, .. } => Some(code),
            AccountApiError::Http(_) => None,
        }
    }
}

/// A code sent: the record to verify it against, and when it expires.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeSent {
    pub verification_record_id: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// One of the customer's sessions at the provider (a signed-in browser).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderSession {
    pub payload: SessionPayload,
    #[serde(default)]
    pub last_submission: Option<LastSubmission>,
    #[serde(default)]
    pub is_current: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionPayload {
    pub uid: String,
    /// When the browser signed in (seconds).
    pub login_ts: i64,
    /// Per client: the `sid` its ID tokens carry.
    #[serde(default)]
    pub authorizations: BTreeMap<String, Authorization>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Authorization {
    #[serde(default)]
    pub sid: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LastSubmission {
    #[serde(default)]
    pub sign_in_context: BTreeMap<String, String>,
}

impl ProviderSession {
    /// The `sid` this session gave `client_id`'s ID tokens, if it signed in there.
    pub fn sid_for(&self, client_id: &str) -> Option<&str> {
        self.payload.authorizations.get(client_id)?.sid.as_deref()
    }

    fn context(&self, key: &str) -> Option<&str> {
        self.last_submission
            .as_ref()?
            .sign_in_context
            .get(key)
            .map(String::as_str)
    }

    pub fn user_agent(&self) -> Option<&str> {
        self.context("userAgent")
    }

    pub fn ip(&self) -> Option<&str> {
        self.context("ip")
    }

    /// "City, Country" when the provider knows it.
    pub fn location(&self) -> Option<String> {
        match (self.context("city"), self.context("country")) {
            (Some(city), Some(country)) => Some(format!("{city}, {country}")),
            (city, country) => city.or(country).map(String::from),
        }
    }
}

#[derive(Deserialize)]
struct Sessions {
    sessions: Vec<ProviderSession>,
}

#[derive(Deserialize)]
struct LogtoError {
    #[serde(default)]
    code: String,
}

/// The Account API of the tenant at `endpoint`, called with `token`.
pub struct AccountApi<'a> {
    pub http: &'a reqwest::Client,
    pub endpoint: &'a str,
    pub token: &'a SecretString,
}

impl AccountApi<'_> {
    /// Sends a code to the customer's own `email` (Logto's "user permission
    /// validation" mail).
    pub async fn send_email_code(&self, email: &str) -> Result<CodeSent, AccountApiError> {
        let body = json!({ "identifier": { "type": "email", "value": email } });
        let response = self.post("/api/verifications/verification-code", &body).await?;
        Ok(response.json().await?)
    }

    /// Checks the code the customer typed; the record then proves it is them.
    pub async fn verify_email_code(&self, email: &str, record: &str, code: &str) -> Result<(), AccountApiError> {
        let body = json!({
            "identifier": { "type": "email", "value": email },
            "verificationId": record,
            "code": code,
        });
        self.post("/api/verifications/verification-code/verify", &body).await?;
        Ok(())
    }

    pub async fn sessions(&self, record: &str) -> Result<Vec<ProviderSession>, AccountApiError> {
        let response = self
            .http
            .get(format!("{}/api/my-account/sessions", self.endpoint))
            .bearer_auth(self.token.expose_secret())
            .header(VERIFICATION_HEADER, record)
            .send()
            .await?;
        let sessions: Sessions = checked(response).await?.json().await?;
        Ok(sessions.sessions)
    }

    /// Ends session `uid` and revokes what every app got from it (what
    /// Logto's own Account Center does); one already gone counts as ended.
    pub async fn end_session(&self, record: &str, uid: &str) -> Result<(), AccountApiError> {
        let uid: String = form_urlencoded::byte_serialize(uid.as_bytes()).collect();
        let response = self
            .http
            .delete(format!(
                "{}/api/my-account/sessions/{uid}?revokeGrantsTarget=all",
                self.endpoint
            ))
            .bearer_auth(self.token.expose_secret())
            .header(VERIFICATION_HEADER, record)
            .send()
            .await?;
        match checked(response).await {
            Err(AccountApiError::Refused { status, .. }) if status == reqwest::StatusCode::NOT_FOUND => Ok(()),
            other => other.map(|_| ()),
        }
    }

    async fn post(&self, path: &str, body: &serde_json::Value) -> Result<reqwest::Response, AccountApiError> {
        let response = self
            .http
            .post(format!("{}{path}", self.endpoint))
            .bearer_auth(self.token.expose_secret())
            .json(body)
            .send()
            .await?;
        checked(response).await
    }
}

async fn checked(response: reqwest::Response) -> Result<reqwest::Response, AccountApiError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let code = response.json::<LogtoError>().await.map(|e| e.code).unwrap_or_default();
    Err(AccountApiError::Refused { status, code })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_names_its_sid_device_and_place() {
        let session: ProviderSession = serde_json::from_value(json!({
            "payload": {
                "exp": 1, "iat": 1, "jti": "j", "uid": "u1", "kind": "Session", "loginTs": 1_765_000_000,
                "accountId": "user", "authorizations": { "bookstore": { "sid": "s-1", "grantId": "g" } },
            },
            "lastSubmission": { "interactionEvent": "SignIn", "userId": "user", "verificationRecords": [],
                "signInContext": { "userAgent": "Mozilla/5.0", "ip": "203.0.113.7", "city": "Osaka", "country": "JP" } },
            "clientId": null, "accountId": "user", "expiresAt": 1, "isCurrent": true,
        }))
        .unwrap();
        assert_eq!(session.sid_for("bookstore"), Some("s-1"));
        assert_eq!(session.sid_for("another-app"), None);
        assert_eq!(session.user_agent(), Some("Mozilla/5.0"));
        assert_eq!(session.ip(), Some("203.0.113.7"));
        assert_eq!(session.location().as_deref(), Some("Osaka, JP"));
        assert!(session.is_current);
    }

    #[test]
    fn a_session_without_context_still_reads() {
        let session: ProviderSession = serde_json::from_value(json!({
            "payload": { "uid": "u2", "loginTs": 5, "accountId": "user" },
            "lastSubmission": null, "clientId": null, "accountId": "user", "expiresAt": 1,
        }))
        .unwrap();
        assert_eq!(session.user_agent(), None);
        assert_eq!(session.location(), None);
        assert!(!session.is_current);
    }
}
