use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_meta::Title;

use crate::components::error_panel::ErrorPanel;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, not_found.title))/>
        <ErrorPanel
            status=404
            title=td_string!(locale, not_found.heading).to_string()
            message=td_string!(locale, not_found.message).to_string()
        />
    }
}
