//! Authorization settings: which ID-token claim carries roles and which role
//! is staff, and the protected API's resource (the `aud` of its tokens).

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
