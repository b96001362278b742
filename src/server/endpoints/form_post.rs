//! `response_mode=form_post`: the provider's page posts the answer to
//! `/callback`. That POST is cross-site, so the browser leaves out the
//! `SameSite=Lax` session cookie, and the pending attempt cannot be found.
//! This relay answers with a page that posts the same fields to the
//! `complete_form_post` server function: a same-site request, which carries
//! the cookie. The code never enters a URL (history, logs, referrers).

use axum::Form;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use leptos::prelude::*;
use openidconnect::CsrfToken;

use crate::auth::callback::CallbackParams;
use crate::i18n::{Locale, td_string};

/// The fields of the provider's answer, re-posted as they came.
pub async fn relay(headers: HeaderMap, Form(params): Form<CallbackParams>) -> Response {
    let nonce = CsrfToken::new_random().into_secret();
    // The cross-site POST carries no `SameSite=Lax` cookie, so no explicit
    // choice either: the browser's `Accept-Language` decides.
    let page = relay_page(crate::language::request::of_headers(&headers), &params, &nonce);
    let csp = format!("default-src 'none'; script-src 'nonce-{nonce}'; form-action 'self'; frame-ancestors 'none'");
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response();
    if let Ok(value) = HeaderValue::from_str(&csp) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    // `security_headers` adds no-store and a same-origin referrer policy.
    response
}

/// The page, rendered by Leptos, which escapes every value it puts in an attribute.
fn relay_page(locale: Locale, params: &CallbackParams, nonce: &str) -> String {
    let fields: Vec<(&'static str, String)> = [
        ("code", &params.code),
        ("state", &params.state),
        ("iss", &params.iss),
        ("error", &params.error),
        ("error_description", &params.error_description),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.clone().map(|value| (name, value)))
    .collect();
    let page = view! {
        <!DOCTYPE html>
        <html lang=crate::language::tag(locale)>
            <head><meta charset="utf-8"/><title>{td_string!(locale, form_post.title)}</title></head>
            <body>
                <form id="relay" method="post" action="/api/complete_form_post">
                    {fields.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
                    <noscript><p>{td_string!(locale, form_post.almost)}</p><button type="submit">{td_string!(locale, form_post.go_on)}</button></noscript>
                </form>
                <script nonce=nonce.to_string()>"document.getElementById('relay').submit();"</script>
            </body>
        </html>
    };
    page.to_html()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cannot_break_out_of_the_attribute() {
        let params = CallbackParams {
            code: Some("\"><script>x</script>&'".into()),
            state: Some("s1".into()),
            ..CallbackParams::default()
        };
        let page = relay_page(Locale::en, &params, "n0nce");
        assert!(!page.contains("<script>x"), "{page}");
        assert!(page.contains("value=\"&quot;&gt;&lt;script"), "{page}");
        assert!(page.contains("name=\"state\" value=\"s1\""), "{page}");
        assert!(
            page.contains("<script nonce=\"n0nce\">document.getElementById('relay').submit();</script>"),
            "{page}"
        );
        assert!(!page.contains("name=\"error\""), "absent fields are not sent");
    }
}
