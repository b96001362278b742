//! The header's language switch: a plain form that posts to `/language`
//! (`language::api`), so it works before hydration and without JavaScript;
//! the server remembers the choice and sends the visitor back to this page.

use leptos::prelude::*;

use crate::i18n::{Locale, td_string};
use crate::language::context::use_locale;

/// `here`: the page to come back to (path and query).
#[component]
pub fn LanguageSwitch(here: String) -> impl IntoView {
    let current = use_locale();
    view! {
        <form class="language-switch" method="post" action="/language" aria-label=td_string!(current, language.switch_label)>
            <input type="hidden" name="return_to" value=here/>
            {<Locale as leptos_i18n::Locale>::get_all().iter().map(|&locale| {
                let name = td_string!(locale, language.name);
                let tag = crate::language::tag(locale);
                let is_current = locale == current;
                view! {
                    <button class="language-switch__option" type="submit" name="to" value=tag lang=tag
                        title=td_string!(locale, language.switch_to, name)
                        aria-pressed=if is_current { "true" } else { "false" }>
                        {name}
                    </button>
                }
            }).collect_view()}
        </form>
    }
}
