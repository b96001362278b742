//! One way for every page to show what it loaded: the page itself; for a
//! visitor who is signed out or whose sign-in expired, a redirect to sign in
//! that comes back here; for any other error, an [`ErrorPanel`] with the
//! error's message and HTTP status.

use leptos::prelude::*;

use crate::language::context::use_locale;
use leptos_router::hooks::use_location;

use crate::components::error_panel::ErrorPanel;
use crate::error::AppError;
use crate::return_to::auth_link;

/// The view for a page's loaded `result`; `error_title` heads the error panel.
pub fn page_result<T, V>(
    result: Result<T, AppError>,
    error_title: impl Into<String>,
    ok: impl FnOnce(T) -> V,
) -> AnyView
where
    V: IntoView + 'static,
{
    match result {
        Ok(value) => ok(value).into_any(),
        Err(AppError::Unauthorized | AppError::SessionExpired) => view! { <SignInAndComeBack/> }.into_any(),
        Err(err) => error_view(err, error_title),
    }
}

/// The error panel for `err`, with its status.
pub fn error_view(err: AppError, title: impl Into<String>) -> AnyView {
    let message = err.text(use_locale());
    view! { <ErrorPanel status=err.status_code() title=title.into() message/> }.into_any()
}

/// Sends the visitor to sign in, with this page (path and query) to come
/// back to: a 302 from the server; in the browser a full navigation, since
/// `/sign-in` is a server endpoint, not a page of the client router.
/// `endpoint`: where signing in starts (`/sign-in`, or the choice page).
#[component]
pub fn SignInAndComeBack(#[prop(default = "/sign-in")] endpoint: &'static str) -> impl IntoView {
    let here = use_here();
    let target = auth_link(endpoint, &here());
    #[cfg(feature = "ssr")]
    leptos_axum::redirect(&target);
    #[cfg(not(feature = "ssr"))]
    if let Err(err) = window().location().set_href(&target) {
        leptos::logging::error!("could not go to sign in: {err:?}");
    }
}

/// The current path and query, as a sign-in link's `return_to`.
pub fn use_here() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let location = use_location();
    move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        }
    }
}
