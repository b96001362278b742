//! `authRequestOptionalConfig` and `customConfig`: further authorization-request
//! parameters, checked and turned into (name, value) pairs.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Checker;
use crate::config::verification::parse_duration;
use crate::oidc::token_policy::TokenPolicy;

/// `authRequestOptionalConfig`: optional authorization-request parameters.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct AuthRequestEntry {
    response_type: Option<String>,
    token_endpoint: Option<String>,
    response_mode: Option<String>,
    display: Option<String>,
    pub(super) prompt: Option<String>,
    max_age: Option<String>,
    ui_locales: Option<String>,
    id_token_hint: Option<String>,
    login_hint: Option<String>,
    acr_values: Option<String>,
}

/// Parameters the flow itself sets: `customConfig` may not replace them
/// (Logto's connector lets it, which can silently disable state or PKCE).
const PROTOCOL_PARAMS: [&str; 10] = [
    "client_id",
    "redirect_uri",
    "response_type",
    "response_mode",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "prompt",
];

fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

impl Checker<'_> {
    /// `authRequestOptionalConfig` then `customConfig` as request parameters.
    pub(super) fn request_params(
        &mut self,
        request: AuthRequestEntry,
        policy: &mut TokenPolicy,
        custom: BTreeMap<String, String>,
    ) -> Vec<(String, String)> {
        const FIELD: &str = "authRequestOptionalConfig";
        if request.response_type.as_deref().is_some_and(|t| t != "code") {
            self.problem(
                &format!("{FIELD}.responseType"),
                "only `code` is supported: the authorization code flow is the only safe one",
            );
        }
        if request.token_endpoint.is_some() {
            self.problem(
                &format!("{FIELD}.tokenEndpoint"),
                "is not an authorization-request parameter; Bookstore uses the token endpoint from discovery",
            );
        }
        let mut params = Vec::new();
        match request.response_mode.as_deref() {
            None | Some("query") => {}
            // The provider posts the answer to /callback (see server::form_post).
            Some("form_post") => params.push(("response_mode".to_string(), "form_post".to_string())),
            Some(other) => self.problem(
                &format!("{FIELD}.responseMode"),
                format!(
                    "`{other}` is not supported; use query or form_post (fragment needs the browser to read the answer)"
                ),
            ),
        }
        if let Some(max_age) = request.max_age {
            match parse_duration(&max_age) {
                Ok(age) => {
                    // With max_age, auth_time must come back and be recent enough.
                    policy.max_auth_age = Some(age);
                    params.push(("max_age".to_string(), age.as_secs().to_string()));
                }
                Err(reason) => self.problem(&format!("{FIELD}.maxAge"), reason),
            }
        }
        let optional = [
            ("display", request.display),
            ("ui_locales", request.ui_locales),
            ("id_token_hint", request.id_token_hint),
            ("login_hint", request.login_hint),
            ("acr_values", request.acr_values),
        ];
        params.extend(
            optional
                .into_iter()
                .filter_map(|(name, value)| Some((name.to_string(), value?))),
        );
        for (name, value) in custom {
            // As Logto's connector: `accessType` is sent as `access_type`.
            let name = snake_case(&name);
            if PROTOCOL_PARAMS.contains(&name.as_str()) {
                self.problem(
                    &format!("customConfig.{name}"),
                    "is set by Bookstore's sign-in flow and cannot be replaced",
                );
            } else {
                params.push((name, value));
            }
        }
        params
    }
}
