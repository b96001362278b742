use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;

#[component]
pub fn SiteFooter() -> impl IntoView {
    let locale = use_locale();
    view! {
        <footer class="site-footer">
            <p>{td_string!(locale, site.footer_tagline)}</p>
            <p class="site-footer__small">{td_string!(locale, site.footer_sign_in)}</p>
        </footer>
    }
}
