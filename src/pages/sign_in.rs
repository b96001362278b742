use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::model::ProviderChoice;
use crate::auth::sign_in_link::SignInLink;
use crate::auth::sign_in_ways::sign_in_href;
use crate::components::page_result::page_result;
use crate::components::sign_in_ways::{SignInWays, has_other_ways};
use crate::pages::email_link::{EmailLinkForm, link_notice};
use crate::return_to::sanitize_return_to;

/// `GET /sign-in/choose` and `/sign-up/choose`: with several providers, the
/// list to pick one from. (`GET /sign-in` itself is a server function that
/// answers with a redirect to the provider, or here when none was chosen.)
#[component]
pub fn ProviderChoicePage(sign_up: bool) -> impl IntoView {
    let query = use_query_map();
    let choices = crate::auth::context::use_auth().choices;
    let return_to = sanitize_return_to(query.with_untracked(|q| q.get("return_to")).as_deref());
    // The sign-in link's Logto options, carried to the provider picked here.
    let options = query
        .with_untracked(|q| SignInLink::options_from(|name| q.get(name)))
        .options_query();
    // What asking for a sign-in link by e-mail led to.
    let link = query.with_untracked(|q| q.get("link")).unwrap_or_default();
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
                let (return_to, options, link) = (return_to.clone(), options.clone(), link.clone());
                Suspend::new(async move {
                    page_result(choices.await, td_string!(locale, sign_in.failed), |choices| {
                        view! { <ProviderList title choices sign_up return_to options link/> }
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
    link: String,
) -> impl IntoView {
    let endpoint = if sign_up { "/sign-up" } else { "/sign-in" };
    let locale = use_locale();
    // The first provider that mails sign-in links (Logto) offers one here.
    let email_link = choices.iter().find(|c| c.email_link).map(|c| {
        view! { <EmailLinkForm provider=c.id.clone() return_to=return_to.clone()/> }
    });
    let several = choices.len() > 1;
    let create_account = (!sign_up).then(|| {
        let href = crate::return_to::auth_link("/sign-up/choose", &return_to);
        view! {
            <p class="provider-list__switch">{td_string!(locale, sign_in.new_here)}" "<a href=href>{td_string!(locale, sign_in.create_account)}</a></p>
        }
    });
    view! {
        <section class="panel provider-list">
            <h1>{title}</h1>
            {link_notice(locale, &link)}
            <p>{td_string!(locale, sign_in.choose)}</p>
            <ul>
                {choices
                    .into_iter()
                    .map(|choice| {
                        let href = format!("{}{options}", sign_in_href(endpoint, &choice.id, &return_to, &[]));
                        let ways = has_other_ways(&choice).then(|| {
                            let label = several.then(|| td_string!(locale, sign_in.other_ways, name = choice.name.clone()));
                            let return_to = return_to.clone();
                            view! {
                                {label.map(|label| view! { <p class="provider-list__label">{label}</p> })}
                                <SignInWays choice=choice.clone() return_to/>
                            }
                        });
                        view! {
                            <li>
                                <a class="button" rel="external" href=href>{td_string!(locale, sign_in.continue_with, name = choice.name)}</a>
                                {ways}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {email_link}
            {create_account}
        </section>
    }
}
