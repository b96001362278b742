use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;

use crate::components::add_to_cart::AddToCart;
use crate::components::book_cover::BookCover;
use crate::components::error_panel::ErrorPanel;
use crate::components::page_result::page_result;
use crate::error::AppError;
use crate::pages::params::use_numeric_id;
use crate::shop::api::get_book;
use crate::shop::model::{BookDetail, language_name};
use crate::shop::money::format_price;
use crate::shop::query::BookQuery;

/// `/books/ID`: one book; an unknown or malformed id is a real 404.
#[component]
pub fn BookPage() -> impl IntoView {
    let id = use_numeric_id();
    let book = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_book(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let locale = use_locale();
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, book.loading)}</p> }>
            {move || Suspend::new(async move {
                match book.await {
                    Err(AppError::NotFound) => view! {
                        <Title text=td_string!(locale, site.title, page = td_string!(locale, book.not_found_title))/>
                        <ErrorPanel
                            status=404
                            title=td_string!(locale, book.not_found_heading).to_string()
                            message=td_string!(locale, book.not_found).to_string()
                            action=("/books".to_string(), td_string!(locale, book.browse_all).to_string())
                        />
                    }.into_any(),
                    result => page_result(result, td_string!(locale, book.failed), |book| view! { <BookDetails book/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BookDetails(book: BookDetail) -> impl IntoView {
    let summary = book.summary;
    let authors = summary.authors_text();
    let locale = use_locale();
    let stock_text = match summary.stock {
        0 => td_string!(locale, book.sold_out).to_string(),
        1 => td_string!(locale, book.only_one_left).to_string(),
        count if count <= 3 => td_string!(locale, book.only_few_left, count),
        count => td_string!(locale, book.in_stock, count),
    };
    let separator = td_string!(locale, format.list_separator);
    let author_links = summary
        .authors
        .clone()
        .into_iter()
        .enumerate()
        .map(|(i, author)| {
            let href = BookQuery {
                author: Some(author.clone()),
                ..BookQuery::default()
            }
            .href();
            view! { {(i > 0).then_some(separator)}<A href=href>{author}</A> }
        })
        .collect_view();
    let subject_links = book
        .subjects
        .into_iter()
        .enumerate()
        .map(|(i, subject)| {
            let href = BookQuery {
                subject: Some(subject.clone()),
                ..BookQuery::default()
            }
            .href();
            view! { {(i > 0).then_some(separator)}<A href=href>{subject}</A> }
        })
        .collect_view();
    view! {
        <Title text=td_string!(locale, site.title, page = summary.title.clone())/>
        <Meta name="description" content=book.description.clone()/>
        <nav class="breadcrumbs" aria-label=td_string!(locale, book.breadcrumb)>
            <A href="/books">{td_string!(locale, book.books)}</A> " / " <span aria-current="page">{summary.title.clone()}</span>
        </nav>
        <article class="book-detail">
            <BookCover id=summary.id title=summary.title.clone() authors=authors width=200/>
            <div class="book-detail__body">
                <h1 lang=summary.language.clone()>{summary.title.clone()}</h1>
                <p class="book-detail__authors">
                    {td_string!(locale, book.by)}
                    {author_links}
                </p>
                <p class="book-detail__description">{book.description}</p>
                <dl class="facts">
                    <dt>{td_string!(locale, book.first_published)}</dt><dd>{summary.year}</dd>
                    <dt>{td_string!(locale, book.language)}</dt><dd>{language_name(locale, &summary.language)}</dd>
                    <dt>{td_string!(locale, book.subjects)}</dt>
                    <dd>
                        {subject_links}
                    </dd>
                    {book.isbn.map(|isbn| view! { <dt>{td_string!(locale, book.isbn)}</dt><dd>{isbn}</dd> })}
                </dl>
                <p class="price price--large" data-testid="book-price">{format_price(locale, summary.price_cents)}</p>
                <p class="stock" data-testid="book-stock">{stock_text}</p>
                <AddToCart book_id=summary.id stock=summary.stock title=summary.title/>
            </div>
        </article>
    }
}
