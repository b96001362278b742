use leptos::prelude::*;

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"Bookstore \u{b7} independent books, delivered"</p>
            <p class="site-footer__small">"Sign-in is provided by Logto through OpenID Connect. We never see your password."</p>
        </footer>
    }
}
