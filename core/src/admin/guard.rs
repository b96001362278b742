//! The server-side role check every admin server function starts with.

use crate::auth::session::{AuthSession, SignedIn};
use crate::config::authz::AuthzSettings;
use crate::error::AppError;

/// The signed-in admin, or 401 (signed out) / 403 (no admin role). The role
/// is read from the roles the ID token carried, against today's settings.
pub async fn require_admin(session: &AuthSession, settings: &AuthzSettings) -> Result<SignedIn, AppError> {
    let signed_in = session.signed_in().await?.ok_or(AppError::Unauthorized)?;
    // The admin provider's role only: the same role claim from another
    // provider (anyone can run one) never counts.
    if signed_in.provider != settings.admin_provider || !signed_in.user.roles.contains(&settings.admin_role) {
        tracing::warn!(subject = %signed_in.user.subject, "admin function refused: no admin role");
        return Err(AppError::Forbidden(
            crate::i18n::td_string!(crate::language::context::current(), errors.not_staff).to_string(),
        ));
    }
    Ok(signed_in)
}
