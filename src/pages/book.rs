use leptos::prelude::*;
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
    view! {
        <Suspense fallback=|| view! { <p>"Loading the book\u{2026}"</p> }>
            {move || Suspend::new(async move {
                match book.await {
                    Err(AppError::NotFound) => view! {
                        <Title text="Book not found \u{2014} Bookstore"/>
                        <ErrorPanel
                            status=404
                            title="We could not find that book".to_string()
                            message="It may have been removed from the catalog, or the link is mistyped. Search the catalog instead.".to_string()
                            action=("/books".to_string(), "Browse all books".to_string())
                        />
                    }.into_any(),
                    result => page_result(result, "The book could not be shown", |book| view! { <BookDetails book/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BookDetails(book: BookDetail) -> impl IntoView {
    let summary = book.summary;
    let authors = summary.authors_text();
    let stock_text = match summary.stock {
        0 => "Sold out".to_string(),
        1 => "Only 1 copy left".to_string(),
        n if n <= 3 => format!("Only {n} copies left"),
        n => format!("In stock ({n} copies)"),
    };
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
            view! { {(i > 0).then_some(", ")}<A href=href>{author}</A> }
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
            view! { {(i > 0).then_some(", ")}<A href=href>{subject}</A> }
        })
        .collect_view();
    view! {
        <Title text=format!("{} \u{2014} Bookstore", summary.title)/>
        <Meta name="description" content=book.description.clone()/>
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <A href="/books">"Books"</A> " / " <span aria-current="page">{summary.title.clone()}</span>
        </nav>
        <article class="book-detail">
            <BookCover id=summary.id title=summary.title.clone() authors=authors width=200/>
            <div class="book-detail__body">
                <h1>{summary.title.clone()}</h1>
                <p class="book-detail__authors">
                    "by "
                    {author_links}
                </p>
                <p class="book-detail__description">{book.description}</p>
                <dl class="facts">
                    <dt>"First published"</dt><dd>{summary.year}</dd>
                    <dt>"Language"</dt><dd>{language_name(&summary.language).to_string()}</dd>
                    <dt>"Subjects"</dt>
                    <dd>
                        {subject_links}
                    </dd>
                    {book.isbn.map(|isbn| view! { <dt>"ISBN"</dt><dd>{isbn}</dd> })}
                </dl>
                <p class="price price--large" data-testid="book-price">{format_price(summary.price_cents)}</p>
                <p class="stock" data-testid="book-stock">{stock_text}</p>
                <AddToCart book_id=summary.id stock=summary.stock title=summary.title/>
            </div>
        </article>
    }
}
