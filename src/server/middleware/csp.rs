//! The Content-Security-Policy of every rendered page: scripts only from this
//! origin or inline with this response's nonce (Leptos puts it on its
//! hydration scripts), forms only to this origin and the identity providers.

use leptos::nonce::use_nonce;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use crate::server::state::AppState;

/// Adds the header to the page being rendered. Called by the router for
/// every page render and server function (where there is no nonce: nothing
/// to do).
pub fn apply(state: &AppState) {
    let (Some(nonce), Some(response)) = (use_nonce(), use_context::<ResponseOptions>()) else {
        return;
    };
    let providers: Vec<String> = state.settings.providers.iter().map(|p| p.origin()).collect();
    // Under `cargo leptos watch` (which sets LEPTOS_WATCH, as Leptos' AutoReload
    // checks) the page reloads itself through a websocket on the reload port.
    let reload = if std::env::var_os("LEPTOS_WATCH").is_some() {
        format!(
            " ws://localhost:{0} ws://127.0.0.1:{0}",
            state.leptos_options.reload_port
        )
    } else {
        String::new()
    };
    let policy = policy(&nonce.to_string(), &providers.join(" "), &reload);
    if let Ok(value) = axum::http::HeaderValue::from_str(&policy) {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

fn policy(nonce: &str, provider: &str, extra_connect: &str) -> String {
    [
        "default-src 'self'".to_string(),
        // 'wasm-unsafe-eval' lets the page compile its own wasm bundle; no eval of scripts.
        format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        "style-src 'self'".into(),
        "img-src 'self' data: https:".into(),
        format!("connect-src 'self'{extra_connect}"),
        // Sign-out without JavaScript posts here and is redirected to the provider.
        format!("form-action 'self' {provider}"),
        "frame-ancestors 'none'".into(),
        "base-uri 'none'".into(),
        "object-src 'none'".into(),
    ]
    .join("; ")
}

#[cfg(test)]
mod tests {
    use super::policy;

    #[test]
    fn scripts_need_the_nonce_and_inline_code_is_not_allowed() {
        let csp = policy("abc", "https://tenant.logto.app", "");
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"));
        assert!(csp.contains("form-action 'self' https://tenant.logto.app"));
        assert!(csp.contains("frame-ancestors 'none'"));
    }
}
