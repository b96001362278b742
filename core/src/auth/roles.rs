//! Roles and organizations from the verified ID token's claims (Logto:
//! `roles`, `organizations`, `organization_roles` as `"<orgId>:<role>"`) and
//! organization names from userinfo's `organization_data`.

use serde_json::{Map, Value};

use crate::auth::model::{CurrentUser, Membership};
use crate::config::authz::AuthzSettings;

type Claims = Map<String, Value>;

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(String::from).collect(),
        // Some providers send one role as a string, or several space-separated.
        Some(Value::String(text)) => text.split_whitespace().map(String::from).collect(),
        _ => Vec::new(),
    }
}

/// Sets the user's roles and admin flag from `claims`, issued by `provider`:
/// only the admin provider's admin role makes someone staff.
pub fn apply_roles(user: &mut CurrentUser, claims: &Claims, settings: &AuthzSettings, provider: &str) {
    user.roles = strings(claims.get(&settings.roles_claim));
    user.is_admin = provider == settings.admin_provider && user.roles.contains(&settings.admin_role);
}

/// The user's organizations and their roles in each, named from
/// `organization_data` when given (userinfo).
pub fn memberships(claims: &Claims, userinfo: Option<&Claims>) -> Vec<Membership> {
    let mut found: Vec<Membership> = strings(claims.get("organizations"))
        .into_iter()
        .map(|id| Membership {
            id,
            name: None,
            roles: Vec::new(),
        })
        .collect();
    for pair in strings(claims.get("organization_roles")) {
        let Some((org, role)) = pair.split_once(':') else {
            continue;
        };
        match found.iter_mut().find(|m| m.id == org) {
            Some(membership) => membership.roles.push(role.to_string()),
            None => found.push(Membership {
                id: org.to_string(),
                name: None,
                roles: vec![role.to_string()],
            }),
        }
    }
    if let Some(Value::Array(data)) = userinfo.and_then(|u| u.get("organization_data")) {
        for entry in data {
            let (Some(id), Some(name)) = (
                entry.get("id").and_then(Value::as_str),
                entry.get("name").and_then(Value::as_str),
            ) else {
                continue;
            };
            if let Some(membership) = found.iter_mut().find(|m| m.id == id) {
                membership.name = Some(name.to_string());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(value: Value) -> Claims {
        value.as_object().unwrap().clone()
    }

    fn user() -> CurrentUser {
        CurrentUser::with_subject("u1")
    }

    #[test]
    fn the_admin_role_comes_from_the_configured_claim() {
        let settings = AuthzSettings::default();
        let mut ada = user();
        apply_roles(
            &mut ada,
            &claims(json!({"roles": ["admin", "reader"]})),
            &settings,
            "logto",
        );
        assert!(ada.is_admin);
        let mut elsewhere = user();
        apply_roles(&mut elsewhere, &claims(json!({"roles": ["admin"]})), &settings, "acme");
        assert!(
            !elsewhere.is_admin,
            "an admin role from another provider does not count"
        );
        assert!(ada.is_admin);
        let mut grace = user();
        apply_roles(&mut grace, &claims(json!({"roles": ["reader"]})), &settings, "logto");
        assert!(!grace.is_admin);
        let mut other = user();
        let custom = AuthzSettings {
            roles_claim: "https://bookstore.test/roles".into(),
            admin_role: "staff".into(),
            admin_provider: "logto".into(),
            ..AuthzSettings::default()
        };
        apply_roles(
            &mut other,
            &claims(json!({"https://bookstore.test/roles": "staff editor", "roles": ["admin"]})),
            &custom,
            "logto",
        );
        assert_eq!(other.roles, ["staff", "editor"]);
        assert!(other.is_admin, "the configured claim and role, not Logto's defaults");
        let mut none = user();
        apply_roles(&mut none, &claims(json!({"roles": 42})), &settings, "logto");
        assert!(none.roles.is_empty() && !none.is_admin);
    }

    #[test]
    fn memberships_join_organizations_roles_and_names() {
        let id_token = claims(json!({
            "organizations": ["org-a", "org-b"],
            "organization_roles": ["org-a:purchaser", "org-a:member", "org-c:viewer", "malformed"]
        }));
        let userinfo = claims(json!({"organization_data": [{"id": "org-a", "name": "Book Club"}, {"id": "x"}]}));
        let found = memberships(&id_token, Some(&userinfo));
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].display_name(), "Book Club");
        assert_eq!(found[0].roles, ["purchaser", "member"]);
        assert_eq!(found[1].display_name(), "org-b");
        assert_eq!(found[2].roles, ["viewer"]);
    }
}
