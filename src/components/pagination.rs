use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_router::components::A;

use crate::shop::query::BookQuery;

/// Previous/next and page numbers around the current page.
#[component]
pub fn Pagination(query: BookQuery, page_count: u32) -> impl IntoView {
    let page = query.page();
    let locale = use_locale();
    if page_count <= 1 {
        return ().into_any();
    }
    let first = page.saturating_sub(2).max(1);
    let last = (page + 2).min(page_count);
    let link = move |n: u32| query.with_page(n).href();
    view! {
        <nav class="pagination" aria-label=td_string!(locale, pagination.label)>
            {(page > 1).then(|| view! { <A href=link(page - 1) attr:rel="prev">{td_string!(locale, pagination.previous)}</A> })}
            {(first..=last)
                .map(|n| {
                    if n == page {
                        view! { <span class="pagination__current" aria-current="page">{n}</span> }.into_any()
                    } else {
                        view! { <A href=link(n) attr:aria-label=td_string!(locale, pagination.page, n)>{n}</A> }.into_any()
                    }
                })
                .collect_view()}
            {(page < page_count).then(|| view! { <A href=link(page + 1) attr:rel="next">{td_string!(locale, pagination.next)}</A> })}
            <span class="pagination__of">{td_string!(locale, pagination.page_of, page, count = page_count)}</span>
        </nav>
    }
    .into_any()
}
