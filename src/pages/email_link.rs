//! Sign-in links by e-mail, on the pages: the form on the provider-choice
//! page (a plain form: it works before and without the wasm), what asking
//! led to, and `/sign-in/link/confirm`, where a link opened in another
//! browser asks before it signs that browser in.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::email_link_api::sign_in_link_preview;
use crate::components::page_result::page_result;
use crate::i18n::{Locale, td_string};
use crate::language::context::use_locale;

/// "No password? Get a sign-in link" for `provider`, back to `return_to`.
#[component]
pub fn EmailLinkForm(provider: String, return_to: String) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="email-link" aria-labelledby="email-link-heading">
            <h2 id="email-link-heading">{td_string!(locale, email_link.heading)}</h2>
            <p>{td_string!(locale, email_link.intro)}</p>
            <form method="post" action="/api/sign_in_link" class="email-link__form">
                <input type="hidden" name="provider" value=provider/>
                <input type="hidden" name="return_to" value=return_to/>
                <label for="email-link-address">{td_string!(locale, email_link.address)}</label>
                <input id="email-link-address" type="email" name="email" required autocomplete="email" maxlength="254"/>
                <button class="button button--quiet" type="submit">{td_string!(locale, email_link.send)}</button>
            </form>
        </section>
    }
}

/// What asking for a link led to (`link=` in the choice page's query).
pub fn link_notice(locale: Locale, outcome: &str) -> Option<impl IntoView + use<>> {
    let (text, ok) = match outcome {
        "sent" => (td_string!(locale, email_link.sent), true),
        "address-limit" => (td_string!(locale, email_link.address_limit), false),
        "client-limit" => (td_string!(locale, email_link.client_limit), false),
        "bad-address" => (td_string!(locale, email_link.bad_address), false),
        "unavailable" => (td_string!(locale, email_link.unavailable), false),
        _ => return None,
    };
    let (class, role) = if ok {
        ("notice notice--success", "status")
    } else {
        ("notice notice--error", "alert")
    };
    Some(view! { <p class=class role=role data-testid="email-link-notice">{text}</p> })
}

/// `/sign-in/link/confirm?k=KEY`: a link opened in a browser other than the
/// one that asked; or, without a usable key, why the link no longer works.
#[component]
pub fn ConfirmSignInLinkPage() -> impl IntoView {
    let locale = use_locale();
    let key = use_query_map().with_untracked(|q| q.get("k")).unwrap_or_default();
    let preview = Resource::new(
        {
            let key = key.clone();
            move || key.clone()
        },
        |key| async move {
            match key.is_empty() {
                true => Ok(None),
                false => sign_in_link_preview(key).await,
            }
        },
    );
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, email_link.confirm_title))/>
        <Suspense fallback=move || view! { <p>{td_string!(locale, email_link.loading)}</p> }>
            {move || {
                let key = key.clone();
                Suspend::new(async move {
                    page_result(preview.await, td_string!(locale, email_link.confirm_title), move |address| match address {
                        Some(address) => view! {
                            <section class="panel provider-list">
                                <h1>{td_string!(locale, email_link.confirm_heading)}</h1>
                                <p>{td_string!(locale, email_link.confirm_text, address)}</p>
                                <form method="post" action="/api/use_sign_in_link">
                                    <input type="hidden" name="k" value=key/>
                                    <button class="button" type="submit">{td_string!(locale, email_link.confirm_button)}</button>
                                </form>
                            </section>
                        }.into_any(),
                        None => view! {
                            <section class="panel provider-list" data-testid="link-gone">
                                <h1>{td_string!(locale, email_link.gone_heading)}</h1>
                                <p>{td_string!(locale, email_link.gone_text)}</p>
                                <p><a class="button" href="/checkout">{td_string!(locale, email_link.back_to_checkout)}</a></p>
                            </section>
                        }.into_any(),
                    })
                })
            }}
        </Suspense>
    }
}
