//! Authorization settings: which ID-token claim carries roles and which role
//! is staff, and the protected API's resource (the `aud` of its tokens).

use crate::config::ConfigProblem;
use crate::config::validate::check_resources;
use crate::oidc::provider_settings::ProviderSettings;

/// The Bookstore API resource of the dev identity provider.
pub const DEV_API_RESOURCE: &str = "https://api.bookstore.test";
/// The scope a caller of `GET /api/v1/orders` needs.
pub const READ_ORDERS_SCOPE: &str = "read:orders";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthzSettings {
    /// The ID-token claim listing the user's roles (Logto: `roles`).
    pub roles_claim: String,
    /// Members of this role get `/admin`.
    pub admin_role: String,
    /// The one provider whose admin role counts (`BOOKSTORE_ADMIN_PROVIDER`):
    /// a role claim from any other provider never makes anyone staff.
    pub admin_provider: String,
    /// The protected API, when configured.
    pub api: Option<ApiSettings>,
    /// What asks for a recent sign-in, and how recent.
    pub step_up: crate::config::step_up::StepUpPolicy,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiSettings {
    /// The API resource indicator: access tokens must have it as audience.
    pub resource: String,
    /// The id of the provider that issues those tokens.
    pub provider: String,
}

impl Default for AuthzSettings {
    fn default() -> Self {
        AuthzSettings {
            roles_claim: "roles".into(),
            admin_role: "admin".into(),
            admin_provider: "logto".into(),
            api: None,
            step_up: Default::default(),
        }
    }
}

/// Checks a claim or role name: printable, no spaces, not too long.
pub fn check_name(value: &str) -> Result<(), String> {
    if value.is_empty() || value.len() > 100 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must be a single word of at most 100 characters".into());
    }
    Ok(())
}

/// BOOKSTORE_ROLES_CLAIM, BOOKSTORE_ADMIN_ROLE, BOOKSTORE_API_RESOURCE and
/// BOOKSTORE_API_PROVIDER (default: the first provider).
pub(crate) fn authz_from_env(
    get: &impl Fn(&str) -> Option<String>,
    problems: &mut Vec<ConfigProblem>,
    providers: &[ProviderSettings],
) -> AuthzSettings {
    let mut settings = AuthzSettings {
        step_up: crate::config::step_up::step_up_from_env(get, problems),
        ..AuthzSettings::default()
    };
    for (variable, target) in [
        ("BOOKSTORE_ROLES_CLAIM", &mut settings.roles_claim),
        ("BOOKSTORE_ADMIN_ROLE", &mut settings.admin_role),
    ] {
        if let Some(value) = get(variable) {
            match check_name(&value) {
                Ok(()) => *target = value,
                Err(reason) => problems.push(ConfigProblem {
                    variable: variable.into(),
                    reason,
                }),
            }
        }
    }
    // Staff come from one provider: the only one, or the one named when there are several.
    match (get("BOOKSTORE_ADMIN_PROVIDER"), providers) {
        (Some(id), _) if providers.iter().any(|p| p.id == id) => settings.admin_provider = id,
        (Some(id), _) => problems.push(ConfigProblem {
            variable: "BOOKSTORE_ADMIN_PROVIDER".into(),
            reason: format!("names no configured provider (\u{201c}{id}\u{201d})"),
        }),
        (None, [only]) => settings.admin_provider = only.id.clone(),
        (None, []) => {}
        (None, several) => problems.push(ConfigProblem {
            variable: "BOOKSTORE_ADMIN_PROVIDER".into(),
            reason: format!(
                "is required with several providers ({}): name the one whose admin role makes someone staff",
                several.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ")
            ),
        }),
    }
    let dev = get("LOGTO_ENDPOINT").is_none() && providers.first().is_some_and(|p| p.id == "logto");
    let resource = get("BOOKSTORE_API_RESOURCE").or_else(|| dev.then(|| DEV_API_RESOURCE.to_string()));
    if let Some(resource) = resource {
        if let Err(reason) = check_resources(std::slice::from_ref(&resource)) {
            problems.push(ConfigProblem {
                variable: "BOOKSTORE_API_RESOURCE".into(),
                reason,
            });
        }
        let provider = get("BOOKSTORE_API_PROVIDER")
            .or_else(|| providers.first().map(|p| p.id.clone()))
            .unwrap_or_default();
        if !providers.iter().any(|p| p.id == provider) {
            problems.push(ConfigProblem {
                variable: "BOOKSTORE_API_PROVIDER".into(),
                reason: format!("names no configured provider (\u{201c}{provider}\u{201d})"),
            });
        }
        settings.api = Some(ApiSettings { resource, provider });
    }
    settings
}

#[cfg(test)]
mod tests {
    use super::check_name;

    #[test]
    fn names_are_single_words() {
        assert!(check_name("roles").is_ok());
        assert!(check_name("https://bookstore.test/roles").is_ok());
        assert!(check_name("two words").is_err());
        assert!(check_name("").is_err());
    }
}
