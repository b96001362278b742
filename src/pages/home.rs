use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_meta::Title;
use leptos_router::components::Form;

use crate::auth::context::use_auth;
use crate::auth::model::ShownUser;
use crate::components::book_card::BookGrid;
use crate::components::page_result::page_result;
use crate::error::AppError;
use crate::shop::api::get_home_shelves;

#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    let shelves = Resource::new(|| (), |_| get_home_shelves());
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, site.home_title)/>
        <section class="hero">
            <h1>{td_string!(locale, home.heading)}</h1>
            <p class="hero__lead">
                {td_string!(locale, home.lead)}
            </p>
            <Form method="GET" action="/books" attr:class="hero__search" attr:role="search">
                <label for="home-search" class="visually-hidden">{td_string!(locale, home.search_label)}</label>
                <input id="home-search" type="search" name="q" placeholder=td_string!(locale, home.search_placeholder)/>
                <button class="button" type="submit">{td_string!(locale, home.search)}</button>
            </Form>
        </section>
        <Suspense fallback=move || view! { <p>{td_string!(locale, user_menu.checking)}</p> }>
            {move || Suspend::new(async move {
                let user = auth.user.await.map(|user| user.as_ref().map(ShownUser::from));
                view! { <HomeStatus user/> }
            })}
        </Suspense>
        <Suspense fallback=move || view! { <p>{td_string!(locale, home.loading_shelves)}</p> }>
            {move || Suspend::new(async move {
                page_result(shelves.await, td_string!(locale, home.shelves_failed), |shelves| view! {
                        <section aria-labelledby="featured-title">
                            <h2 id="featured-title">{td_string!(locale, home.featured)}</h2>
                            <BookGrid books=shelves.featured label=td_string!(locale, home.featured_label)/>
                        </section>
                        <section aria-labelledby="recent-title">
                            <h2 id="recent-title">{td_string!(locale, home.recent)}</h2>
                            <BookGrid books=shelves.recent label=td_string!(locale, home.recent_label)/>
                        </section>
                        <p><a class="button" href="/books">{td_string!(locale, home.browse_all)}</a></p>
                })
            })}
        </Suspense>
    }
}

/// "You are signed in as …" or "You are not signed in": the part of the
/// home page that differs per visitor (rendered per request into a kept
/// page for a signed-in customer, `server::visitor_pages`).
#[component]
pub fn HomeStatus(user: Result<Option<ShownUser>, AppError>) -> impl IntoView {
    let locale = use_locale();
    let status = match user {
        Ok(Some(user)) => EitherOf3::A(view! {
            <p data-testid="home-status">{td_string!(locale, home.signed_in_as)}<strong>{user.name}</strong>{td_string!(locale, home.signed_in_end)}
                <a href="/orders">{td_string!(locale, home.your_orders)}</a> " \u{b7} " <a href="/account">{td_string!(locale, home.your_profile)}</a></p>
        }),
        Ok(None) => EitherOf3::B(view! {
            <p data-testid="home-status">{td_string!(locale, home.not_signed_in)}
                <a rel="external" href="/sign-in">{td_string!(locale, home.sign_in)}</a>{td_string!(locale, home.or)}
                <a rel="external" href="/sign-up">{td_string!(locale, home.create_account)}</a>{td_string!(locale, home.to_order)}</p>
        }),
        Err(err) => EitherOf3::C(view! { <p data-testid="home-status">{err.text(locale)}</p> }),
    };
    view! {
        <section class="panel panel--slim" aria-labelledby="status-title">
            <h2 id="status-title" class="visually-hidden">{td_string!(locale, home.status_heading)}</h2>
            {status}
        </section>
    }
}
