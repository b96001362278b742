use leptos::prelude::*;

use crate::language::context::use_locale;
use leptos_router::components::A;

use crate::components::add_to_cart::AddToCart;
use crate::components::book_cover::BookCover;
use crate::shop::model::{BookSummary, language_name};
use crate::shop::money::format_price;

/// A book in a list or shelf: cover, title, authors, year, price, add to cart.
#[component]
pub fn BookCard(book: BookSummary) -> impl IntoView {
    let href = book.href();
    let authors = book.authors_text();
    let locale = use_locale();
    let language = (book.language != "en").then(|| language_name(locale, &book.language));
    // The title and authors are in the edition's language, whatever the
    // page's: say so (screen readers, and Japanese line breaks).
    let text_lang = book.language.clone();
    let (cover_title, heading) = (book.title.clone(), book.title.clone());
    let cover_authors = authors.clone();
    view! {
        <li class="book-card" data-testid="book-card">
            <A href=href.clone() attr:class="book-card__cover" attr:tabindex="-1" attr:aria-hidden="true">
                <BookCover id=book.id title=cover_title authors=cover_authors width=96/>
            </A>
            <div class="book-card__body">
                <h3 class="book-card__title" lang=text_lang.clone()><A href=href>{heading}</A></h3>
                <p class="book-card__authors" lang=text_lang>{authors}</p>
                <p class="book-card__meta">
                    {book.year}
                    {language.map(|l| format!(" \u{b7} {l}"))}
                </p>
                <p class="price">{format_price(locale, book.price_cents)}</p>
                <AddToCart book_id=book.id stock=book.stock title=book.title/>
            </div>
        </li>
    }
}

/// A list of books as a grid of cards.
#[component]
pub fn BookGrid(books: Vec<BookSummary>, #[prop(into)] label: String) -> impl IntoView {
    view! {
        <ul class="book-grid" aria-label=label>
            {books.into_iter().map(|book| view! { <BookCard book/> }).collect_view()}
        </ul>
    }
}
