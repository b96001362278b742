//! The account area in every open tab of this browser follows a sign-out or
//! a sign-in made in another tab, without a reload. The tabs share the
//! session cookie, so what one tab learns is true of all: each tab tells
//! the others (a `BroadcastChannel`) when its sign-in state is known and
//! when a sign-out starts. A tab told "signed out" shows the signed-out
//! menu at once (asking the server could race the sign-out still on its
//! way); a tab told of a sign-in shows who signed in (the message carries
//! the name: display only, every server function reads the session).
//! Only in the browser: on the server this does nothing.

use leptos::prelude::*;

use crate::auth::model::ShownUser;

/// What a tab says: `out`, or `in`, the subject and the name on lines of
/// their own.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn message(user: Option<&ShownUser>) -> String {
    match user {
        Some(user) => format!("in\n{}\n{}", user.subject, user.name),
        None => "out".into(),
    }
}

/// What another tab said, read back; `None` for anything else.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn read(said: &str) -> Option<Option<ShownUser>> {
    if said == "out" {
        return Some(None);
    }
    let mut parts = said.strip_prefix("in\n")?.splitn(2, '\n');
    let (subject, name) = (parts.next()?, parts.next()?);
    Some(Some(ShownUser {
        subject: subject.into(),
        name: name.into(),
    }))
}

/// Starts listening and telling (in the account area island): `shown` is
/// who the area shows, `signing_out` turns true when a sign-out starts here.
pub fn follow_other_tabs(shown: RwSignal<Option<ShownUser>>, signing_out: RwSignal<bool>) {
    #[cfg(feature = "hydrate")]
    browser::follow(shown, signing_out);
    #[cfg(not(feature = "hydrate"))]
    let _ = (shown, signing_out);
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{BroadcastChannel, MessageEvent};

    use super::{message, read};
    use crate::auth::model::ShownUser;

    const CHANNEL: &str = "bookstore.sign-in";

    pub fn follow(shown: RwSignal<Option<ShownUser>>, signing_out: RwSignal<bool>) {
        // Without BroadcastChannel (very old browsers) a reload still shows the truth.
        let Ok(channel) = BroadcastChannel::new(CHANNEL) else {
            return;
        };
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(said) = event.data().as_string().as_deref().and_then(read) else {
                return;
            };
            // Only who it is matters: a name changed elsewhere shows on the next page.
            let same =
                shown.with_untracked(|now| now.as_ref().map(|u| &u.subject) == said.as_ref().map(|u| &u.subject));
            if !same {
                shown.set(said);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The page lives as long as the tab: so do the listener and the channel.
        on_message.forget();
        let channel = StoredValue::new_local(channel);
        let tell = move |said: String| {
            channel.with_value(|c| {
                let _ = c.post_message(&said.into());
            })
        };
        // Tell the others who this tab shows, each time that changes.
        Effect::new(move |_| tell(shown.with(|user| message(user.as_ref()))));
        // A sign-out started here: the others stop showing the customer now.
        Effect::new(move |_| {
            if signing_out.get() {
                tell(message(None));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{message, read};
    use crate::auth::model::ShownUser;

    #[test]
    fn a_tab_says_who_is_signed_in_or_that_nobody_is_and_the_others_read_it_back() {
        let ada = ShownUser {
            subject: "user-0001".into(),
            name: "Ada\nLovelace".into(),
        };
        assert_eq!(message(Some(&ada)), "in\nuser-0001\nAda\nLovelace");
        assert_eq!(read(&message(Some(&ada))), Some(Some(ada)));
        assert_eq!(message(None), "out");
        assert_eq!(read("out"), Some(None));
        assert_eq!(read("in:user-0001"), None, "anything else is ignored");
        assert_eq!(read("in\nuser-0001"), None);
    }
}
