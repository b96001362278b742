//! The account area in every open tab of this browser follows a sign-out or
//! a sign-in made in another tab, without a reload. The tabs share the
//! session cookie, so what one tab learns is true of all: each tab tells
//! the others (a `BroadcastChannel`) when its sign-in state is known and
//! when a sign-out starts. A tab told "signed out" shows the signed-out
//! menu at once (asking the server could race the sign-out still on its
//! way); a tab told of a sign-in it does not show reads the user again.
//! Only in the browser: on the server this does nothing.

use crate::auth::context::AuthContext;

/// What a tab says: `out`, or `in:<subject>`.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn message(subject: Option<&str>) -> String {
    match subject {
        Some(subject) => format!("in:{subject}"),
        None => "out".into(),
    }
}

/// Starts listening and telling (call once, where the context is made).
pub fn follow_other_tabs(auth: AuthContext) {
    #[cfg(feature = "hydrate")]
    browser::follow(auth);
    #[cfg(not(feature = "hydrate"))]
    let _ = auth;
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{BroadcastChannel, MessageEvent};

    use super::message;
    use crate::auth::context::AuthContext;

    const CHANNEL: &str = "bookstore.sign-in";

    pub fn follow(auth: AuthContext) {
        // Without BroadcastChannel (very old browsers) a reload still shows the truth.
        let Ok(channel) = BroadcastChannel::new(CHANNEL) else {
            return;
        };
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(said) = event.data().as_string() else { return };
            let shown = auth
                .user
                .get_untracked()
                .and_then(Result::ok)
                .map(|user| user.map(|u| u.subject));
            let shown_out = auth.signed_out_elsewhere.get_untracked() || matches!(shown, Some(None));
            if said == "out" {
                if !shown_out {
                    auth.signed_out_elsewhere.set(true);
                }
            } else if said != message(shown.flatten().as_deref()) || shown_out {
                auth.signed_out_elsewhere.set(false);
                auth.user.refetch();
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The page lives as long as the tab: so do the listener and the channel.
        on_message.forget();
        let channel = StoredValue::new_local(channel);

        // Tell the others what this tab knows, each time it learns it.
        Effect::new(move |_| {
            if let Some(Ok(user)) = auth.user.get() {
                let said = message(user.as_ref().map(|u| u.subject.as_str()));
                channel.with_value(|c| {
                    let _ = c.post_message(&said.into());
                });
            }
        });
        // A sign-out started here: the others stop showing the customer now.
        let signing_out = auth.sign_out.pending();
        Effect::new(move |_| {
            if signing_out.get() {
                channel.with_value(|c| {
                    let _ = c.post_message(&"out".into());
                });
            }
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_tab_says_who_is_signed_in_or_that_nobody_is() {
        assert_eq!(super::message(Some("user-0001")), "in:user-0001");
        assert_eq!(super::message(None), "out");
    }
}
