//! `/books`: search, filters, sort and pages, all in the URL. Without
//! JavaScript the form submits as a plain GET; hydrated, typing searches
//! after a short pause and results change in place (no full reload).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::components::book_card::BookGrid;
use crate::components::page_result::page_result;
use crate::components::pagination::Pagination;
use crate::shop::api::{get_facets, search_books};
use crate::shop::model::{BookPage, Facets, language_name};
use crate::shop::query::{BookQuery, Sort};

/// Pause after the last keystroke before searching.
#[cfg(feature = "hydrate")]
const TYPING_PAUSE: std::time::Duration = std::time::Duration::from_millis(300);

#[component]
pub fn BooksPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| BookQuery::from_params(|name| p.get(name))));
    let results = Resource::new(move || query.get(), search_books);
    let facets = Resource::new(|| (), |_| get_facets());
    let searching = RwSignal::new(false);
    view! {
        <Title text="Books \u{2014} Bookstore"/>
        <h1>"Books"</h1>
        <div class="catalog">
            <Suspense fallback=|| view! { <p>"Loading filters\u{2026}"</p> }>
                {move || Suspend::new(async move {
                    let facets = facets.await.unwrap_or_default();
                    view! { <SearchForm initial=query.get_untracked() facets/> }
                })}
            </Suspense>
            <section class="catalog__results" aria-labelledby="results-heading">
                <h2 id="results-heading" class="visually-hidden">"Results"</h2>
                <p class="searching" role="status" aria-live="polite">
                    {move || searching.get().then_some("Searching\u{2026}")}
                </p>
                <Transition fallback=|| view! { <p>"Loading books\u{2026}"</p> } set_pending=searching.write_only()>
                    {move || Suspend::new(async move {
                        page_result(results.await, "The catalog could not be searched", |page| view! { <Results page query=query.get_untracked()/> })
                    })}
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn Results(page: BookPage, query: BookQuery) -> impl IntoView {
    let page_count = page.page_count();
    let summary = match (page.total, &query.q) {
        (0, _) => "No books match. Try fewer words or clear a filter.".to_string(),
        (1, Some(q)) => format!("1 book matches \u{201c}{q}\u{201d}"),
        (n, Some(q)) => format!("{n} books match \u{201c}{q}\u{201d}"),
        (1, None) => "1 book".to_string(),
        (n, None) => format!("{n} books"),
    };
    view! {
        <p class="results__summary" data-testid="results-summary" aria-live="polite">{summary}</p>
        {query.is_filtered().then(|| view! { <p><a href="/books">"Clear search and filters"</a></p> })}
        <BookGrid books=page.books label="Search results"/>
        <Pagination query page_count/>
    }
}

/// Submits the form around `target` (used after a pause in typing, or at once
/// when a filter changes); leptos_router's `Form` turns it into a navigation.
#[cfg(feature = "hydrate")]
fn submit_form_of(target: Option<leptos::web_sys::EventTarget>) {
    use leptos::wasm_bindgen::JsCast;
    let form = target
        .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
        .and_then(|el| el.closest("form").ok().flatten())
        .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlFormElement>().ok());
    if let Some(form) = form {
        let _ = form.request_submit();
    }
}

#[component]
fn SearchForm(initial: BookQuery, facets: Facets) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    let pending_submit = StoredValue::new_local(None::<leptos::prelude::TimeoutHandle>);
    let on_type = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            if let Some(handle) = pending_submit.get_value() {
                handle.clear();
            }
            let target = ev.target();
            let handle = set_timeout_with_handle(move || submit_form_of(target), TYPING_PAUSE).ok();
            pending_submit.set_value(handle);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        submit_form_of(ev.target());
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let year = |value: Option<i32>| value.map(|y| y.to_string()).unwrap_or_default();
    view! {
        <Form method="GET" action="/books" replace=true noscroll=true attr:class="search-form" attr:role="search">
            <div class="field field--wide">
                <label for="search-q">"Search titles, authors and descriptions"</label>
                <input id="search-q" type="search" name="q" value=text(&initial.q) autocomplete="off" on:input=on_type
                    placeholder="e.g. whale, Austen, detective"/>
            </div>
            <div class="field">
                <label for="search-author">"Author"</label>
                <input id="search-author" type="text" name="author" list="authors-list" value=text(&initial.author)
                    on:change=on_change/>
                <datalist id="authors-list">
                    {facets.authors.into_iter().map(|a| view! { <option value=a.value></option> }).collect_view()}
                </datalist>
            </div>
            <div class="field">
                <label for="search-subject">"Subject"</label>
                <select id="search-subject" name="subject" on:change=on_change>
                    <option value="">"Any subject"</option>
                    {facets.subjects.into_iter().map(|s| {
                        let selected = initial.subject.as_deref() == Some(s.value.as_str());
                        let label = format!("{} ({})", s.value, s.count);
                        view! { <option value=s.value selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="search-language">"Language"</label>
                <select id="search-language" name="language" on:change=on_change>
                    <option value="">"Any language"</option>
                    {facets.languages.into_iter().map(|l| {
                        let selected = initial.language.as_deref() == Some(l.value.as_str());
                        let label = format!("{} ({})", language_name(&l.value), l.count);
                        view! { <option value=l.value selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <fieldset class="field field--years">
                <legend>"First published"</legend>
                <label for="search-year-from">"From"</label>
                <input id="search-year-from" type="number" name="year_from" inputmode="numeric" min="1400" max="2100"
                    value=year(initial.year_from) on:change=on_change/>
                <label for="search-year-to">"to"</label>
                <input id="search-year-to" type="number" name="year_to" inputmode="numeric" min="1400" max="2100"
                    value=year(initial.year_to) on:change=on_change/>
            </fieldset>
            <div class="field">
                <label for="search-sort">"Sort by"</label>
                <select id="search-sort" name="sort" on:change=on_change>
                    {Sort::ALL.into_iter().map(|s| view! {
                        <option value=s.key() selected=initial.sort == s>{s.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button class="button" type="submit">"Search"</button>
        </Form>
    }
}
