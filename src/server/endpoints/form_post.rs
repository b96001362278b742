//! `response_mode=form_post`: the provider's page posts the answer to
//! `/callback`. That POST is cross-site, so the browser leaves out the
//! `SameSite=Lax` session cookie, and the pending attempt cannot be found.
//! This relay answers with a page that posts the same fields to the
//! `complete_form_post` server function: a same-site request, which carries
//! the cookie. The code never enters a URL (history, logs, referrers).

use axum::Form;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use openidconnect::CsrfToken;

use crate::auth::callback::CallbackParams;

/// The fields of the provider's answer, re-posted as they came.
pub async fn relay(Form(params): Form<CallbackParams>) -> Response {
    let nonce = CsrfToken::new_random().into_secret();
    let fields = [
        ("code", &params.code),
        ("state", &params.state),
        ("iss", &params.iss),
        ("error", &params.error),
        ("error_description", &params.error_description),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.as_ref().map(|value| (name, value)))
    .map(|(name, value)| format!("<input type=\"hidden\" name=\"{name}\" value=\"{}\">", escape(value)))
    .collect::<String>();
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signing in \u{2014} Bookstore</title></head>\
         <body><form id=\"relay\" method=\"post\" action=\"/api/complete_form_post\">{fields}\
         <noscript><p>Almost there: press the button to finish signing in.</p><button type=\"submit\">Continue</button></noscript>\
         </form><script nonce=\"{nonce}\">document.getElementById('relay').submit();</script></body></html>"
    );
    let csp = format!("default-src 'none'; script-src 'nonce-{nonce}'; form-action 'self'; frame-ancestors 'none'");
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response();
    if let Ok(value) = HeaderValue::from_str(&csp) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    // `security_headers` adds no-store and a same-origin referrer policy.
    response
}

fn escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn values_cannot_break_out_of_the_attribute() {
        assert_eq!(
            escape("\"><script>x</script>&'"),
            "&quot;&gt;&lt;script&gt;x&lt;/script&gt;&amp;&#39;"
        );
    }
}
