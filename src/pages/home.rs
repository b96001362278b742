use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;

use crate::auth::context::use_auth;
use crate::components::book_card::BookGrid;
use crate::components::page_result::page_result;
use crate::shop::api::get_home_shelves;

#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    let shelves = Resource::new(|| (), |_| get_home_shelves());
    view! {
        <Title text="Bookstore \u{2014} books worth keeping"/>
        <section class="hero">
            <h1>"Books worth keeping"</h1>
            <p class="hero__lead">
                "An independent bookstore for the classics. Browse freely; sign in to check out and follow your orders."
            </p>
            <Form method="GET" action="/books" attr:class="hero__search" attr:role="search">
                <label for="home-search" class="visually-hidden">"Search the catalog"</label>
                <input id="home-search" type="search" name="q" placeholder="Search titles, authors, subjects"/>
                <button class="button" type="submit">"Search"</button>
            </Form>
        </section>
        <section class="panel panel--slim" aria-labelledby="status-title">
            <h2 id="status-title" class="visually-hidden">"Your account"</h2>
            <Suspense fallback=|| view! { <p>"Checking sign-in\u{2026}"</p> }>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => view! {
                            <p data-testid="home-status">"You are signed in as " <strong>{user.display_name().to_string()}</strong> ". "
                                <a href="/orders">"Your orders"</a> " \u{b7} " <a href="/account">"Your profile"</a></p>
                        }.into_any(),
                        Ok(None) => view! {
                            <p data-testid="home-status">"You are not signed in. "
                                <a rel="external" href="/sign-in">"Sign in"</a> " or "
                                <a rel="external" href="/sign-up">"create an account"</a> " to order."</p>
                        }.into_any(),
                        Err(err) => view! { <p data-testid="home-status">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <Suspense fallback=|| view! { <p>"Loading the shelves\u{2026}"</p> }>
            {move || Suspend::new(async move {
                page_result(shelves.await, "The shelves could not be shown", |shelves| view! {
                        <section aria-labelledby="featured-title">
                            <h2 id="featured-title">"Featured"</h2>
                            <BookGrid books=shelves.featured label="Featured books"/>
                        </section>
                        <section aria-labelledby="recent-title">
                            <h2 id="recent-title">"Recently added"</h2>
                            <BookGrid books=shelves.recent label="Recently added books"/>
                        </section>
                        <p><a class="button" href="/books">"Browse all books"</a></p>
                })
            })}
        </Suspense>
    }
}
