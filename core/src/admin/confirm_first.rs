//! Step-up before a staff change: an admin whose sign-in is older than
//! `BOOKSTORE_STEP_UP_STAFF_AGE` confirms who they are at the provider
//! first, and comes back to the same page; an edited book's form waits in
//! the session and fills the editor again.

use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use url::Url;

use crate::admin::model::BookFormValues;
use crate::auth::session::{SessionError, SignedIn};
use crate::auth::state::AuthState;
use crate::auth::step_up::unless_recent;
use crate::error::AppError;

const DRAFT_KEY: &str = "admin.book_draft";

/// A book form as the admin filled it (`id` `None`: a new book).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookDraft {
    pub id: Option<i64>,
    pub values: BookFormValues,
}

/// `None` when the change may go ahead; otherwise the provider URL to
/// confirm at, coming back to `return_to`.
pub async fn confirm_first(auth: &AuthState, admin: &SignedIn, return_to: &str) -> Result<Option<Url>, AppError> {
    let language = crate::language::context::current();
    let url = unless_recent(auth, admin, auth.authz.step_up.staff_max_age, return_to, language).await?;
    if url.is_some() {
        tracing::info!(admin = %admin.user.subject, "staff change waits for the admin to confirm who they are");
    }
    Ok(url)
}

pub async fn keep_draft(session: &Session, draft: &BookDraft) -> Result<(), AppError> {
    session.insert(DRAFT_KEY, draft).await.map_err(SessionError::from)?;
    Ok(())
}

/// The kept form for book `id` (or a new book), taken out.
pub async fn take_draft(session: &Session, id: Option<i64>) -> Result<Option<BookFormValues>, AppError> {
    let draft: Option<BookDraft> = session.get(DRAFT_KEY).await.map_err(SessionError::from)?;
    match draft {
        Some(draft) if draft.id == id => {
            session
                .remove::<BookDraft>(DRAFT_KEY)
                .await
                .map_err(SessionError::from)?;
            Ok(Some(draft.values))
        }
        _ => Ok(None),
    }
}
