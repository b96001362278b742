//! Discovery and explicit providers: Logto's OIDC-connector fields.

use url::Url;

use super::entries::OidcEntry;
use super::{Checker, Redirects};
use crate::config::validate::{check_prompt, check_resources, parse_http_url, split_list};
use crate::config::verification::{VerificationEntry, token_policy};
use crate::oidc::provider_settings::{
    ClaimRules, ClientAuthMethod, ExplicitEndpoints, HmacAlgorithm, ProviderSettings,
};
use crate::oidc::token_policy::TokenPolicy;

impl Checker<'_> {
    /// A discovery (`explicit == false`) or explicit provider.
    pub(super) fn oidc(&mut self, e: OidcEntry, explicit: bool, redirects: &Redirects) -> Option<ProviderSettings> {
        let mut verification = e.id_token_verification_config.unwrap_or_default();
        let (issuer, endpoints) = if explicit {
            self.explicit_endpoints(
                &e.issuer,
                &mut verification,
                [
                    ("authorizationEndpoint", e.authorization_endpoint),
                    ("tokenEndpoint", e.token_endpoint),
                    ("userinfoEndpoint", e.userinfo_endpoint),
                    ("endSessionEndpoint", e.end_session_endpoint),
                    ("revocationEndpoint", e.revocation_endpoint),
                ],
            )
        } else {
            for (field, value) in [
                ("authorizationEndpoint", &e.authorization_endpoint),
                ("tokenEndpoint", &e.token_endpoint),
                ("userinfoEndpoint", &e.userinfo_endpoint),
                ("endSessionEndpoint", &e.end_session_endpoint),
                ("revocationEndpoint", &e.revocation_endpoint),
            ] {
                if value.is_some() {
                    self.problem(
                        field,
                        "comes from discovery for type = \"discovery\"; use type = \"explicit\" to set endpoints",
                    );
                }
            }
            if verification.jwks_uri.is_some() {
                self.problem(
                    "idTokenVerificationConfig.jwksUri",
                    "a discovery provider takes its keys from discovery; leave jwksUri out",
                );
            }
            let issuer = match &e.issuer {
                Some(issuer) => parse_http_url(issuer)
                    .map(|_| issuer.clone())
                    .map_err(|reason| self.problem("issuer", reason))
                    .ok(),
                None => {
                    self.problem("issuer", "is required for type = \"discovery\"");
                    None
                }
            };
            (issuer, None)
        };
        let jwt_algorithm = match e.client_secret_jwt_signing_algorithm.as_deref() {
            None => Some(HmacAlgorithm::Hs256),
            Some(name) => HmacAlgorithm::parse(name).or_else(|| {
                self.problem(
                    "clientSecretJwtSigningAlgorithm",
                    format!("`{name}` must be HS256, HS384 or HS512"),
                );
                None
            }),
        };
        self.required("clientId", &e.client_id);
        let private_key_jwt = e.token_endpoint_auth_method.as_deref() == Some("private_key_jwt");
        if !private_key_jwt {
            self.required("clientSecret", &e.client_secret);
        }
        // As Logto's connector: scopes separated by spaces or "+"; openid is always sent.
        let scopes: Vec<String> = split_list(Some(&e.scope.replace('+', " ")))
            .into_iter()
            .filter(|s| s != "openid")
            .collect();
        let auth_method = match e.token_endpoint_auth_method.as_deref() {
            None | Some("client_secret_basic") => Some(ClientAuthMethod::ClientSecretBasic),
            Some("client_secret_post") => Some(ClientAuthMethod::ClientSecretPost),
            Some("client_secret_jwt") => jwt_algorithm.map(ClientAuthMethod::ClientSecretJwt),
            Some("private_key_jwt") => self.private_key(
                e.private_key.clone(),
                e.private_key_file.clone(),
                e.private_key_id.clone(),
            ),
            Some(other) => {
                self.problem(
                    "tokenEndpointAuthMethod",
                    format!(
                        "`{other}` is not supported; use client_secret_basic, client_secret_post or client_secret_jwt"
                    ),
                );
                None
            }
        };
        let mut token_policy = match token_policy(verification) {
            Ok(policy) => policy,
            Err(problems) => {
                for (field, reason) in problems {
                    self.problem(field, reason);
                }
                TokenPolicy::default()
            }
        };
        let request = e.auth_request_optional_config.unwrap_or_default();
        let prompt = request.prompt.clone().or(e.prompt);
        if let Some(prompt) = &prompt {
            self.check("prompt", check_prompt(prompt));
        }
        let extra_params = self.request_params(request, &mut token_policy, e.custom_config.unwrap_or_default());
        self.check("resources", check_resources(&e.resources));
        Some(ProviderSettings {
            id: self.id.clone(),
            name: e.name,
            // As written: discovery checks that the document names exactly this issuer.
            issuer: issuer?,
            client_id: e.client_id,
            client_secret: e.client_secret.into(),
            scopes,
            resources: e.resources,
            prompt,
            auth_method: auth_method?,
            logto: false,
            offers: Default::default(),
            redirect_uri: redirects.redirect_uri.clone(),
            post_logout_redirect_uri: redirects.post_logout_redirect_uri.clone(),
            http: redirects.http,
            token_policy,
            extra_params,
            claim_rules: ClaimRules {
                accept_string_booleans: e.accept_string_typed_boolean_claims,
                trust_unverified_email: e.trust_unverified_email,
            },
            endpoints,
            webhook_signing_key: None,
            account_center: false,
            management: None,
        })
    }

    /// The RSA key for `private_key_jwt`, read and checked now so a bad key
    /// stops start-up instead of every sign-in.
    fn private_key(
        &mut self,
        inline: Option<String>,
        file: Option<String>,
        kid: Option<String>,
    ) -> Option<ClientAuthMethod> {
        let pem = match (inline, file) {
            (Some(pem), None) => pem,
            (None, Some(path)) => match std::fs::read_to_string(&path) {
                Ok(pem) => pem,
                Err(err) => {
                    self.problem("privateKeyFile", format!("cannot read `{path}`: {err}"));
                    return None;
                }
            },
            _ => {
                self.problem(
                    "privateKey",
                    "private_key_jwt needs exactly one of privateKey or privateKeyFile",
                );
                return None;
            }
        };
        // The key must sign now, exactly as it will sign every assertion.
        if let Err(err) = crate::oidc::client_assertion::private_key_jwt("check", &pem, None, "check") {
            self.problem(
                "privateKey",
                format!(
                    "is not an RSA private key in PEM (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY): {}",
                    crate::error::error_chain(&err)
                ),
            );
            return None;
        }
        Some(ClientAuthMethod::PrivateKeyJwt { pem: pem.into(), kid })
    }

    /// An explicit provider's endpoints and issuer: `authorizationEndpoint`,
    /// `tokenEndpoint` and `idTokenVerificationConfig.jwksUri` and `.issuer`
    /// are required (Logto's connector accepts tokens from any issuer when it
    /// is missing; Bookstore does not).
    fn explicit_endpoints(
        &mut self,
        top_level_issuer: &Option<String>,
        verification: &mut VerificationEntry,
        fields: [(&'static str, Option<String>); 5],
    ) -> (Option<String>, Option<ExplicitEndpoints>) {
        if top_level_issuer.is_some() {
            self.problem(
                "issuer",
                "belongs in idTokenVerificationConfig.issuer for type = \"explicit\"",
            );
        }
        let mut urls = Vec::new();
        for (field, value) in fields {
            let url = match value {
                Some(value) => parse_http_url(&value)
                    .map_err(|reason| self.problem(field, reason))
                    .ok(),
                None if matches!(field, "authorizationEndpoint" | "tokenEndpoint") => {
                    self.problem(field, "is required for type = \"explicit\"");
                    None
                }
                None => None,
            };
            urls.push(url);
        }
        let jwks = match verification.jwks_uri.take() {
            Some(value) => parse_http_url(&value)
                .map_err(|reason| self.problem("idTokenVerificationConfig.jwksUri", reason))
                .ok(),
            None => {
                self.problem(
                    "idTokenVerificationConfig.jwksUri",
                    "is required for type = \"explicit\"",
                );
                None
            }
        };
        let issuers = verification.issuer.clone().map(|i| i.into_vec()).unwrap_or_default();
        let issuer = issuers.first().cloned();
        if issuer.is_none() {
            self.problem(
                "idTokenVerificationConfig.issuer",
                "is required when there is no discovery to supply it",
            );
        }
        let [authorization, token, userinfo, end_session, revocation]: [Option<Url>; 5] =
            urls.try_into().expect("five endpoint fields");
        let endpoints = match (authorization, token, jwks) {
            (Some(authorization), Some(token), Some(jwks)) => Some(ExplicitEndpoints {
                authorization,
                token,
                jwks,
                userinfo,
                end_session,
                revocation,
            }),
            _ => None,
        };
        (issuer, endpoints)
    }
}
