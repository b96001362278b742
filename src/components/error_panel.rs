use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;

/// Sets the HTTP status of the page being rendered on the server.
pub fn set_http_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(code),
    ) {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// A page-level error: a title, what happened and what to do, and the right
/// HTTP status when rendered on the server.
#[component]
pub fn ErrorPanel(
    status: u16,
    title: String,
    message: String,
    /// An optional next step, as (href, label).
    #[prop(optional)]
    action: Option<(String, String)>,
) -> impl IntoView {
    set_http_status(status);
    let locale = use_locale();
    view! {
        <section class="panel panel--error" role="alert">
            <h1>{title}</h1>
            <p>{message}</p>
            <p class="panel__actions">
                {action.map(|(href, label)| view! { <a class="button" rel="external" href=href>{label}</a> })}
                <a class="button button--quiet" href="/">{td_string!(locale, site.back_to_shop)}</a>
            </p>
        </section>
    }
}
