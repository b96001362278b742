//! Logto's Management API, for what a customer asks of their own account
//! that only the tenant can do (deleting it). Bookstore calls it as the
//! tenant's machine-to-machine app: a client-credentials token for the
//! Management API resource with scope `all`, kept until shortly before it
//! expires (one token for every caller), never logged.

use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::Mutex;

use crate::oidc::discovery::{Discovery, OidcProvider};
use crate::oidc::provider_settings::ManagementApi;

#[derive(Debug, thiserror::Error)]
pub enum ManagementError {
    #[error("the Management API could not be reached: {0}")]
    Http(#[from] reqwest::Error),
    #[error("the token endpoint refused the Management API app ({0})")]
    Token(reqwest::StatusCode),
    #[error("the Management API answered {0}")]
    Status(reqwest::StatusCode),
}

/// The Management API token, shared by the requests of one instance.
#[derive(Default)]
pub struct ManagementToken(Mutex<Option<(SecretString, Instant)>>);

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl ManagementToken {
    async fn get(
        &self,
        provider: &OidcProvider,
        discovery: &Discovery,
        api: &ManagementApi,
    ) -> Result<SecretString, ManagementError> {
        let mut cached = self.0.lock().await;
        if let Some((token, until)) = cached.as_ref()
            && Instant::now() < *until
        {
            return Ok(token.clone());
        }
        let response = provider
            .http()
            .post(
                discovery
                    .metadata
                    .token_endpoint()
                    .map(|e| e.url().as_str())
                    .unwrap_or_default(),
            )
            .basic_auth(&api.app_id, Some(api.app_secret.expose_secret()))
            .form(&[
                ("grant_type", "client_credentials"),
                ("resource", api.resource.as_str()),
                ("scope", "all"),
            ])
            .send()
            .await?;
        if !response.status().is_success() {
            return Err(ManagementError::Token(response.status()));
        }
        let body: TokenResponse = response.json().await?;
        // A minute early, so a token never expires on the way.
        let lasts = Duration::from_secs(body.expires_in.unwrap_or(3600).saturating_sub(60));
        let token = SecretString::from(body.access_token);
        *cached = Some((token.clone(), Instant::now() + lasts));
        Ok(token)
    }

    /// Deletes the user `id` at the tenant at `endpoint` (Logto's
    /// `DELETE /api/users/:userId`); a user already gone counts as deleted.
    pub async fn delete_user(
        &self,
        provider: &OidcProvider,
        discovery: &Discovery,
        api: &ManagementApi,
        endpoint: &str,
        id: &str,
    ) -> Result<(), ManagementError> {
        let token = self.get(provider, discovery, api).await?;
        let id: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
        let response = provider
            .http()
            .delete(format!("{endpoint}/api/users/{id}"))
            .bearer_auth(token.expose_secret())
            .send()
            .await?;
        match response.status() {
            status if status.is_success() || status == reqwest::StatusCode::NOT_FOUND => Ok(()),
            reqwest::StatusCode::UNAUTHORIZED => {
                // A token revoked early: the next call asks for a new one.
                *self.0.lock().await = None;
                Err(ManagementError::Status(reqwest::StatusCode::UNAUTHORIZED))
            }
            status => Err(ManagementError::Status(status)),
        }
    }

    /// Asks the tenant for a one-time token for `email` (Logto's `POST
    /// /api/one-time-tokens`), good for `expires_in` seconds and for one
    /// sign-in; with it Logto signs in the user with that address, or
    /// registers one. The token is a secret: never logged.
    pub async fn one_time_token(
        &self,
        provider: &OidcProvider,
        discovery: &Discovery,
        api: &ManagementApi,
        endpoint: &str,
        email: &str,
        expires_in: u64,
    ) -> Result<SecretString, ManagementError> {
        #[derive(Deserialize)]
        struct Created {
            token: String,
        }
        let token = self.get(provider, discovery, api).await?;
        let response = provider
            .http()
            .post(format!("{endpoint}/api/one-time-tokens"))
            .bearer_auth(token.expose_secret())
            .json(&serde_json::json!({ "email": email, "expiresIn": expires_in }))
            .send()
            .await?;
        match response.status() {
            status if status.is_success() => Ok(SecretString::from(response.json::<Created>().await?.token)),
            reqwest::StatusCode::UNAUTHORIZED => {
                *self.0.lock().await = None;
                Err(ManagementError::Status(reqwest::StatusCode::UNAUTHORIZED))
            }
            status => Err(ManagementError::Status(status)),
        }
    }
}
