use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::context::use_auth;

/// `GET /sign-out` only asks; the button posts to `POST /sign-out`, so a link
/// or an image tag elsewhere cannot sign anyone out.
#[component]
pub fn SignOutPage() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Title text="Sign out \u{2014} Bookstore"/>
        <section class="panel">
            <h1>"Sign out"</h1>
            <Suspense fallback=|| view! { <p>"Checking sign-in\u{2026}"</p> }>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => view! {
                            <p>"You are signed in as " <strong>{user.display_name().to_string()}</strong> ". Signing out also ends your session with the sign-in service."</p>
                            <ActionForm action=auth.sign_out>
                                <button class="button" type="submit">"Sign out"</button>
                            </ActionForm>
                        }.into_any(),
                        _ => view! { <p>"You are signed out."</p> <p><a href="/">"Back to the shop"</a></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
