//! The server-side role check every admin server function starts with.

use crate::auth::session::{AuthSession, SignedIn};
use crate::config::authz::AuthzSettings;
use crate::error::AppError;

pub const NOT_STAFF: &str =
    "This page is for Bookstore staff. Your account does not have the admin role; ask an administrator if you need it.";

/// The signed-in admin, or 401 (signed out) / 403 (no admin role). The role
/// is read from the roles the ID token carried, against today's settings.
pub async fn require_admin(session: &AuthSession, settings: &AuthzSettings) -> Result<SignedIn, AppError> {
    let signed_in = session.signed_in().await?.ok_or(AppError::Unauthorized)?;
    // The admin provider's role only: the same role claim from another
    // provider (anyone can run one) never counts.
    if signed_in.provider != settings.admin_provider || !signed_in.user.roles.contains(&settings.admin_role) {
        tracing::warn!(subject = %signed_in.user.subject, "admin function refused: no admin role");
        return Err(AppError::Forbidden(NOT_STAFF.into()));
    }
    Ok(signed_in)
}
