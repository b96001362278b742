use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::api::sign_in_choices;
use crate::auth::model::ProviderChoice;
use crate::auth::return_to::sanitize_return_to;
use crate::auth::sign_in_link::SignInLink;
use crate::components::page_result::page_result;

/// `GET /sign-in/choose` and `/sign-up/choose`: with several providers, the
/// list to pick one from. (`GET /sign-in` itself is a server function that
/// answers with a redirect to the provider, or here when none was chosen.)
#[component]
pub fn ProviderChoicePage(sign_up: bool) -> impl IntoView {
    let query = use_query_map();
    let choices = Resource::new(|| (), |_| sign_in_choices());
    let return_to = sanitize_return_to(query.with_untracked(|q| q.get("return_to")).as_deref());
    // The sign-in link's Logto options, carried to the provider picked here.
    let options = query
        .with_untracked(|q| SignInLink::options_from(|name| q.get(name)))
        .options_query();
    let locale = use_locale();
    let title = if sign_up {
        td_string!(locale, sign_in.sign_up_title)
    } else {
        td_string!(locale, sign_in.title)
    };
    view! {
        <Title text=td_string!(locale, site.title, page = title)/>
        <Suspense fallback=move || view! { <p>{td_string!(locale, sign_in.loading)}</p> }>
            {move || {
                let (return_to, options) = (return_to.clone(), options.clone());
                Suspend::new(async move {
                    page_result(choices.await, td_string!(locale, sign_in.failed), |choices| {
                        view! { <ProviderList title choices sign_up return_to options/> }
                    })
                })
            }}
        </Suspense>
    }
}

#[component]
fn ProviderList(
    title: &'static str,
    choices: Vec<ProviderChoice>,
    sign_up: bool,
    return_to: String,
    options: String,
) -> impl IntoView {
    let endpoint = if sign_up { "/sign-up" } else { "/sign-in" };
    let locale = use_locale();
    view! {
        <section class="panel provider-list">
            <h1>{title}</h1>
            <p>{td_string!(locale, sign_in.choose)}</p>
            <ul>
                {choices
                    .into_iter()
                    .map(|choice| {
                        let href = format!("{}{options}", provider_link(endpoint, &choice.id, &return_to));
                        view! {
                            <li>
                                <a class="button" rel="external" href=href>{td_string!(locale, sign_in.continue_with, name = choice.name)}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// `/sign-in?provider=ID`, keeping `return_to` (already a safe path).
fn provider_link(endpoint: &str, provider: &str, return_to: &str) -> String {
    let base = crate::auth::return_to::auth_link(endpoint, return_to);
    let separator = if base.contains('?') { '&' } else { '?' };
    format!("{base}{separator}provider={provider}")
}
