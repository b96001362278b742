use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_meta::Title;

use crate::auth::context::use_auth;

/// `GET /sign-out` only asks; the button posts to `POST /sign-out`, so a link
/// or an image tag elsewhere cannot sign anyone out.
#[component]
pub fn SignOutPage() -> impl IntoView {
    let auth = use_auth();
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, sign_out.title))/>
        <section class="panel">
            <h1>{td_string!(locale, sign_out.title)}</h1>
            <Suspense fallback=move || view! { <p>{td_string!(locale, sign_out.checking)}</p> }>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => view! {
                            <p>{td_string!(locale, sign_out.signed_in_as)}<strong>{user.display_name().to_string()}</strong> {td_string!(locale, sign_out.also_ends)}</p>
                            <ActionForm action=auth.sign_out>
                                <button class="button" type="submit">{td_string!(locale, sign_out.button)}</button>
                            </ActionForm>
                        }.into_any(),
                        _ => view! { <p>{td_string!(locale, sign_out.signed_out)}</p> <p><a href="/">{td_string!(locale, sign_out.back)}</a></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
