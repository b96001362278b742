//! `/books`: search, filters, sort and pages, all in the URL. Without
//! JavaScript the form submits as a plain GET; in the browser the live
//! search island searches as the visitor types and swaps the results in
//! (`components::live_search`).

use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::book_card::BookGrid;
use crate::components::live_search::{LiveSearch, RESULTS_ID, STATUS_ID};
use crate::components::page_result::page_result;
use crate::components::pagination::Pagination;
use crate::shop::api::{get_facets, search_books};
use crate::shop::model::{BookPage, Facets, language_name};
use crate::shop::query::{BookQuery, Sort};

#[component]
pub fn BooksPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| BookQuery::from_params(|name| p.get(name))));
    let results = Resource::new(move || query.get(), search_books);
    let facets = Resource::new(|| (), |_| get_facets());
    let locale = use_locale();
    let results_view = move || {
        Suspend::new(async move {
            page_result(
                results.await,
                td_string!(locale, books.search_failed),
                |page| view! { <Results page query=query.get_untracked()/> },
            )
        })
    };
    let loading_books = move || view! { <p>{td_string!(locale, books.loading_books)}</p> };
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, books.heading))/>
        <h1>{td_string!(locale, books.heading)}</h1>
        <LiveSearch>
            <div class="catalog">
                <Suspense fallback=move || view! { <p>{td_string!(locale, books.loading_filters)}</p> }>
                    {move || Suspend::new(async move {
                        let facets = facets.await.unwrap_or_default();
                        view! { <SearchForm initial=query.get_untracked() facets/> }
                    })}
                </Suspense>
                <section class="catalog__results" aria-labelledby="results-heading">
                    <h2 id="results-heading" class="visually-hidden">{td_string!(locale, books.results)}</h2>
                    <p class="searching" id=STATUS_ID role="status" aria-live="polite"></p>
                    <div id=RESULTS_ID>
                        <Transition fallback=loading_books>{results_view}</Transition>
                    </div>
                </section>
            </div>
        </LiveSearch>
    }
}

#[component]
fn Results(page: BookPage, query: BookQuery) -> impl IntoView {
    let page_count = page.page_count();
    let locale = use_locale();
    let summary = match (page.total, &query.q) {
        (0, _) => td_string!(locale, books.no_match).to_string(),
        (1, Some(q)) => td_string!(locale, books.match_singular, q),
        (count, Some(q)) => td_string!(locale, books.match_plural, count, q),
        (1, None) => td_string!(locale, count.books_singular, count = 1),
        (count, None) => td_string!(locale, count.books_plural, count),
    };
    view! {
        <p class="results__summary" data-testid="results-summary" aria-live="polite">{summary}</p>
        {query.is_filtered().then(|| view! { <p><a href="/books">{td_string!(locale, books.clear)}</a></p> })}
        <BookGrid books=page.books label=td_string!(locale, books.results_label)/>
        <Pagination query page_count/>
    }
}

#[component]
fn SearchForm(initial: BookQuery, facets: Facets) -> impl IntoView {
    let locale = use_locale();
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let year = |value: Option<i32>| value.map(|y| y.to_string()).unwrap_or_default();
    view! {
        <form method="GET" action="/books" class="search-form" role="search">
            <div class="field field--wide">
                <label for="search-q">{td_string!(locale, books.search_label)}</label>
                <input id="search-q" type="search" name="q" value=text(&initial.q) autocomplete="off"
                    placeholder=td_string!(locale, books.search_placeholder)/>
            </div>
            <div class="field">
                <label for="search-author">{td_string!(locale, books.author)}</label>
                <input id="search-author" type="text" name="author" list="authors-list" value=text(&initial.author)
                   />
                <datalist id="authors-list">
                    {facets.authors.into_iter().map(|a| view! { <option value=a.value></option> }).collect_view()}
                </datalist>
            </div>
            <div class="field">
                <label for="search-subject">{td_string!(locale, books.subject)}</label>
                <select id="search-subject" name="subject">
                    <option value="">{td_string!(locale, books.any_subject)}</option>
                    {facets.subjects.into_iter().map(|s| {
                        let selected = initial.subject.as_deref() == Some(s.value.as_str());
                        let label = td_string!(locale, books.facet, value = s.value.clone(), count = s.count);
                        view! { <option value=s.value selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="search-language">{td_string!(locale, books.language)}</label>
                <select id="search-language" name="language">
                    <option value="">{td_string!(locale, books.any_language)}</option>
                    {facets.languages.into_iter().map(|l| {
                        let selected = initial.language.as_deref() == Some(l.value.as_str());
                        let label = td_string!(locale, books.facet, value = language_name(locale, &l.value), count = l.count);
                        view! { <option value=l.value selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <fieldset class="field field--years">
                <legend>{td_string!(locale, books.first_published)}</legend>
                <label for="search-year-from">{td_string!(locale, books.year_from)}</label>
                <input id="search-year-from" type="number" name="year_from" inputmode="numeric" min="1400" max="2100"
                    value=year(initial.year_from)/>
                <label for="search-year-to">{td_string!(locale, books.year_to)}</label>
                <input id="search-year-to" type="number" name="year_to" inputmode="numeric" min="1400" max="2100"
                    value=year(initial.year_to)/>
            </fieldset>
            <div class="field">
                <label for="search-sort">{td_string!(locale, books.sort)}</label>
                <select id="search-sort" name="sort">
                    {Sort::ALL.into_iter().map(|s| view! {
                        <option value=s.key() selected=initial.sort == s>{s.label(locale)}</option>
                    }).collect_view()}
                </select>
            </div>
            <button class="button" type="submit">{td_string!(locale, books.search)}</button>
        </form>
    }
}
