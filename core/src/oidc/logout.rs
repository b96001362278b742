//! Sign-out at the provider: refresh-token revocation and the end-session URL.

use secrecy::ExposeSecret;
use url::Url;

use crate::error::error_chain;
use crate::oidc::client::assertion_params;
use crate::oidc::discovery::{Discovery, OidcProvider};
use crate::oidc::provider_settings::{ClientAuthMethod, ProviderSettings};

/// Revokes the refresh token (RFC 7009) so it dies with the session: Logto's
/// end-session does not revoke grants that include `offline_access`.
pub async fn revoke_refresh_token(
    settings: &ProviderSettings,
    provider: &OidcProvider,
    discovery: &Discovery,
    token: &str,
) {
    let Some(endpoint) = discovery.metadata.additional_metadata().revocation_endpoint.clone() else {
        tracing::warn!("the provider publishes no revocation endpoint; the refresh token stays valid until it expires");
        return;
    };
    let endpoint_url = endpoint.clone();
    let request = provider.http().post(endpoint);
    // The same client authentication as the token endpoint, and only that one.
    let request = match settings.auth_method {
        ClientAuthMethod::ClientSecretBasic => request
            .basic_auth(
                form_encode(&settings.client_id),
                Some(form_encode(settings.client_secret.expose_secret())),
            )
            .form(&[("token", token), ("token_type_hint", "refresh_token")]),
        ClientAuthMethod::ClientSecretPost => request.form(&[
            ("token", token),
            ("token_type_hint", "refresh_token"),
            ("client_id", &settings.client_id),
            ("client_secret", settings.client_secret.expose_secret()),
        ]),
        ClientAuthMethod::ClientSecretJwt(_) | ClientAuthMethod::PrivateKeyJwt { .. } => {
            let mut form = vec![
                ("token", token.to_string()),
                ("token_type_hint", "refresh_token".to_string()),
                ("client_id", settings.client_id.clone()),
            ];
            form.extend(assertion_params(settings, endpoint_url.as_str()));
            request.form(&form)
        }
    };
    let result = request.send().await.and_then(|response| response.error_for_status());
    if let Err(err) = result {
        tracing::warn!(error = %error_chain(&err), "refresh token revocation failed");
    }
}

/// The provider's end-session URL with `client_id`, `post_logout_redirect_uri`
/// and `id_token_hint`, or `None` when the provider has no end-session endpoint.
pub fn end_session_url(settings: &ProviderSettings, discovery: &Discovery, id_token: Option<&str>) -> Option<Url> {
    let mut url = discovery.metadata.additional_metadata().end_session_endpoint.clone()?;
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("client_id", &settings.client_id);
        query.append_pair("post_logout_redirect_uri", settings.post_logout_redirect_uri.as_str());
        if let Some(hint) = id_token {
            query.append_pair("id_token_hint", hint);
        }
    }
    Some(url)
}

/// RFC 6749 2.3.1: client id and secret are form-encoded before Basic auth.
fn form_encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oidc::test_support::{TestKey, discovery, key_set, settings};

    #[test]
    fn end_session_names_the_client_the_return_address_and_the_id_token() {
        let discovery = discovery("http://127.0.0.1:3001/oidc", key_set(&[&TestKey::new("k")]));
        let url = end_session_url(&settings(), &discovery, Some("id.token.value")).unwrap();
        let pairs: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into(), v.into())).collect();
        assert!(url.as_str().starts_with("http://127.0.0.1:3001/oidc/session/end?"));
        assert_eq!(
            pairs,
            [
                ("client_id".to_string(), "bookstore-dev".to_string()),
                ("post_logout_redirect_uri".into(), "http://localhost:3000/".into()),
                ("id_token_hint".into(), "id.token.value".into()),
            ]
        );
    }

    #[test]
    fn credentials_are_form_encoded_for_basic_auth() {
        assert_eq!(form_encode("a b:c/d"), "a+b%3Ac%2Fd");
    }
}
