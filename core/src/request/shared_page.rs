//! Whether a response may be kept and served to every visitor without a
//! session (the page cache, `server::page_cache`). The decision is made where
//! it is known: the cache hands the render a [`SharedPage`] in the request's
//! extensions, and whatever reads a visitor's session, or could only render
//! a degraded page, marks it with [`not_for_everyone`]. A page so marked is
//! never kept, whatever the cache guessed from the request.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The verdict on one response; clones share it (the request's `Parts` are
/// cloned into the render's context).
#[derive(Debug, Clone, Default)]
pub struct SharedPage(Arc<AtomicBool>);

/// Why a response is not the same for everyone (logged at debug level).
#[derive(Debug, Clone, Copy)]
pub enum NotShared {
    /// The render loaded a visitor's session (the user, the cart).
    Personal,
    /// Something the page shows could not be loaded; it is served, not kept.
    Degraded,
}

impl SharedPage {
    pub fn mark_not_for_everyone(&self) {
        self.0.store(true, Ordering::Release);
    }

    /// Whether the response may be kept: nothing marked it.
    pub fn is_for_everyone(&self) -> bool {
        !self.0.load(Ordering::Acquire)
    }
}

/// Marks the response of the request being served (a page render or a
/// server function) as not the same for everyone. Outside a request the
/// page cache might keep, it does nothing.
pub fn not_for_everyone(why: NotShared) {
    // Looked at in place: cloning the request's `Parts` would copy its headers.
    let verdict = leptos::prelude::with_context::<axum::http::request::Parts, _>(|parts| {
        parts.extensions.get::<SharedPage>().cloned()
    });
    if let Some(verdict) = verdict.flatten() {
        tracing::debug!(?why, "this response will not be kept for other visitors");
        verdict.mark_not_for_everyone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::prelude::{Owner, provide_context};

    #[test]
    fn a_mark_reaches_the_cache_through_the_cloned_request_parts() {
        let verdict = SharedPage::default();
        let mut parts = axum::http::Request::new(()).into_parts().0;
        parts.extensions.insert(verdict.clone());
        Owner::new().with(|| {
            provide_context(parts.clone());
            assert!(verdict.is_for_everyone());
            not_for_everyone(NotShared::Degraded);
        });
        assert!(!verdict.is_for_everyone());
    }

    #[test]
    fn without_a_verdict_to_mark_nothing_happens() {
        Owner::new().with(|| not_for_everyone(NotShared::Personal));
    }
}
