//! `POST /language`: the header's language switch. A plain form, so it works
//! before (and without) JavaScript: it remembers the choice in the `lang`
//! cookie and, for a signed-in customer, with the customer, then answers 303
//! back to the page the visitor was on, rendered again in that language.

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
mod ssr {
    use axum::http::{StatusCode, header};
    use leptos::prelude::use_context;

    use crate::error::AppError;
    use crate::language::Locale;
    use crate::language::keep::CustomerLanguage;
    use crate::language::request::{CookieSecurity, choice_cookie};

    /// Remembers `locale` for this browser and, when signed in, for the customer.
    pub async fn remember(locale: Locale) -> Result<(), AppError> {
        let security: CookieSecurity = crate::request::context()?;
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(header::SET_COOKIE, choice_cookie(locale, security.secure));
        }
        let customer: CustomerLanguage = crate::request::context()?;
        customer.0.keep(locale).await
    }

    /// Answers 303 (see other) to `target`.
    pub fn see_other(target: &str) {
        crate::request::navigate(target, StatusCode::SEE_OTHER);
    }
}

/// Switches the shop's language to `to` (a tag from `locales/`) and goes
/// back to `return_to` (a same-origin path; anything else goes home). An
/// unknown language changes nothing.
#[server(prefix = "", endpoint = "language")]
pub async fn choose_language(to: String, return_to: Option<String>) -> Result<(), AppError> {
    let target = crate::return_to::sanitize_return_to(return_to.as_deref());
    if let Some(locale) = crate::language::from_tag(&to) {
        ssr::remember(locale).await?;
    }
    ssr::see_other(&target);
    Ok(())
}
