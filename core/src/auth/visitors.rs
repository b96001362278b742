//! What catalog pages show of a visitor ([`Visitor`]), kept per session on
//! this instance, so a signed-in page view reads no database: filled by a
//! full render (which reads the session and the cart anyway), forgotten on
//! every write or delete of the session (sign-in, sign-out, back-channel
//! logout: `server::session_store`) and every change of the cart or order.
//! Only page views read it; server functions never do.
//!
//! A fill races nothing: it carries a [`Ticket`] taken before the render
//! read the session, and is refused when anything was forgotten since.
//! Another instance's writes reach this one only through [`KEPT_FOR`]: a
//! sign-out there shows here within that time (display only: every action
//! reads the session).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::auth::model::Visitor;

/// How long a kept visitor is shown without a render reading it again.
pub const KEPT_FOR: Duration = Duration::from_secs(10);
/// At most this many sessions are kept (about 200 bytes each).
pub const MAX_VISITORS: usize = 10_000;

/// The kept visitors, shared by the router and the features that forget them.
#[derive(Clone, Default)]
pub struct Visitors(Arc<Shared>);

#[derive(Default)]
struct Shared {
    entries: Mutex<HashMap<String, Entry>>,
    /// Counts forgets; changed only under the `entries` lock.
    forgets: AtomicU64,
}

struct Entry {
    visitor: Arc<Visitor>,
    made: Instant,
}

/// Taken before a render that may fill: what had been forgotten by then.
#[derive(Clone, Copy, Debug)]
pub struct Ticket(u64);

impl Visitors {
    fn entries(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        self.0.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The visitor of session `id`, if kept and fresh.
    pub fn get(&self, id: &str) -> Option<Arc<Visitor>> {
        let entries = self.entries();
        let entry = entries.get(id)?;
        (entry.made.elapsed() < KEPT_FOR).then(|| entry.visitor.clone())
    }

    pub fn ticket(&self) -> Ticket {
        let _entries = self.entries();
        Ticket(self.0.forgets.load(Ordering::SeqCst))
    }

    /// Keeps what a render read of session `id`, unless something was
    /// forgotten after `ticket` was taken (the render may have read it
    /// before the change) or the store is full of fresh entries.
    pub fn fill(&self, id: &str, visitor: Visitor, ticket: Ticket) -> bool {
        let mut entries = self.entries();
        if self.0.forgets.load(Ordering::SeqCst) != ticket.0 {
            return false;
        }
        if entries.len() >= MAX_VISITORS && !entries.contains_key(id) {
            entries.retain(|_, entry| entry.made.elapsed() < KEPT_FOR);
            if entries.len() >= MAX_VISITORS {
                return false;
            }
        }
        let entry = Entry {
            visitor: Arc::new(visitor),
            made: Instant::now(),
        };
        entries.insert(id.to_string(), entry);
        true
    }

    /// After session `id` was written or deleted.
    pub fn forget_session(&self, id: &str) {
        let mut entries = self.entries();
        self.0.forgets.fetch_add(1, Ordering::SeqCst);
        entries.remove(id);
    }

    /// After the cart or orders of customer `subject` changed: every
    /// session they are signed in with on this instance.
    pub fn forget_subject(&self, subject: &str) {
        let mut entries = self.entries();
        self.0.forgets.fetch_add(1, Ordering::SeqCst);
        entries.retain(|_, entry| entry.visitor.user.as_ref().is_none_or(|user| user.subject != subject));
    }

    pub fn len(&self) -> usize {
        self.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// After a change of the cart (or an order) of `session`'s visitor or of
/// customer `subject`: the header's count is read again, in every session
/// of the customer on this instance.
pub fn cart_changed(session: &crate::auth::session::AuthSession, subject: Option<&str>) {
    let Some(visitors) = leptos::prelude::use_context::<Visitors>() else {
        return;
    };
    match (subject, session.0.id()) {
        (Some(subject), _) => visitors.forget_subject(subject),
        (None, Some(id)) => visitors.forget_session(&id.to_string()),
        (None, None) => {}
    }
}

/// Where a full render leaves what it read of its visitor (a request
/// extension the router adds when it may keep it).
#[derive(Clone, Default)]
pub struct Offered(Arc<Mutex<Option<Visitor>>>);

impl Offered {
    pub fn take(&self) -> Option<Visitor> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

/// Called by the render that read the visitor (the header's): leaves it
/// for the router, when the router asked for it.
pub fn offer(visitor: &Visitor) {
    let slot = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Offered>().cloned());
    if let Some(Offered(slot)) = slot {
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(visitor.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::model::ShownUser;

    fn ada(cart_count: u32) -> Visitor {
        Visitor {
            user: Some(ShownUser {
                subject: "user-0001".into(),
                name: "Ada".into(),
            }),
            is_admin: false,
            cart_count,
        }
    }

    #[test]
    fn a_fill_after_a_forget_it_may_predate_is_refused() {
        let visitors = Visitors::default();
        let before = visitors.ticket();
        visitors.forget_session("other");
        assert!(!visitors.fill("s1", ada(1), before), "read before a change: refused");
        assert!(visitors.get("s1").is_none());
        assert!(visitors.fill("s1", ada(1), visitors.ticket()));
        assert_eq!(visitors.get("s1").unwrap().cart_count, 1);
    }

    #[test]
    fn sessions_and_customers_are_forgotten() {
        let visitors = Visitors::default();
        for id in ["s1", "s2"] {
            assert!(visitors.fill(id, ada(2), visitors.ticket()));
        }
        assert!(visitors.fill("s3", Visitor::default(), visitors.ticket()));
        visitors.forget_session("s1");
        assert!(visitors.get("s1").is_none());
        visitors.forget_subject("user-0001");
        assert!(visitors.get("s2").is_none(), "every session of the customer");
        assert!(visitors.get("s3").is_some(), "not a stranger's");
    }

    #[test]
    fn the_store_is_bounded() {
        let visitors = Visitors::default();
        for n in 0..MAX_VISITORS {
            assert!(visitors.fill(&n.to_string(), Visitor::default(), visitors.ticket()));
        }
        assert!(!visitors.fill("one more", Visitor::default(), visitors.ticket()));
        assert_eq!(visitors.len(), MAX_VISITORS);
    }
}
