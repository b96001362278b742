use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::context::use_auth;

#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Title text="Bookstore \u{2014} books worth keeping"/>
        <section class="hero">
            <h1>"Books worth keeping"</h1>
            <p class="hero__lead">
                "An independent bookstore for classics, new voices and everything between. Browse freely; sign in to keep a cart, order and follow your deliveries."
            </p>
        </section>
        <section class="panel" aria-labelledby="status-title">
            <h2 id="status-title">"Your account"</h2>
            <Suspense fallback=|| view! { <p>"Checking sign-in\u{2026}"</p> }>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => view! {
                            <p data-testid="home-status">"You are signed in as " <strong>{user.display_name().to_string()}</strong> "."</p>
                            <p><a href="/account">"See your profile"</a></p>
                        }.into_any(),
                        Ok(None) => view! {
                            <p data-testid="home-status">"You are not signed in."</p>
                            <p class="panel__actions">
                                <a class="button" rel="external" href="/sign-in">"Sign in"</a>
                                <a class="button button--quiet" rel="external" href="/sign-up">"Create an account"</a>
                            </p>
                        }.into_any(),
                        Err(err) => view! { <p data-testid="home-status">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
