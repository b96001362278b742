//! `/admin`, `/admin/books/new`, `/admin/books/ID`: staff pages. Each page
//! asks the server first; signed-out visitors are sent to sign in, readers
//! without the admin role get a 403 page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

use crate::admin::api::{DeleteBook, SaveBook, SetStock, admin_book, check_admin};
use crate::admin::model::BookFormValues;
use crate::components::form_field::FormField;
use crate::components::page_result::{error_view, page_result};
use crate::components::pagination::Pagination;
use crate::error::AppError;
use crate::pages::params::use_numeric_id;
use crate::shop::api::search_books;
use crate::shop::model::BookSummary;
use crate::shop::money::format_price;
use crate::shop::query::BookQuery;

/// Shows `children` to admins only; otherwise sign-in (and back) or a 403 page.
#[component]
fn StaffOnly(children: ChildrenFn) -> impl IntoView {
    let allowed = Resource::new(|| (), |_| check_admin());
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| view! { <p>"Checking your access\u{2026}"</p> }>
            {move || Suspend::new(async move {
                match allowed.await {
                    Err(err @ AppError::Forbidden(_)) => view! {
                        <Title text="Staff only \u{2014} Bookstore"/>
                        {error_view(err, "Staff only")}
                    }.into_any(),
                    result => page_result(result, "Staff only", |()| children.read_value()()),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <Title text="Manage the catalog \u{2014} Bookstore"/>
        <StaffOnly>
            <AdminCatalog/>
        </StaffOnly>
    }
}

#[component]
fn AdminCatalog() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| BookQuery::from_params(|name| p.get(name))));
    let removed = move || params.with(|p| p.get("removed").is_some());
    let results = Resource::new(move || query.get(), search_books);
    let set_stock = ServerAction::<SetStock>::new();
    view! {
        <div class="admin-head">
            <h1>"Manage the catalog"</h1>
            <A href="/admin/books/new" attr:class="button">"Add a book"</A>
        </div>
        {move || removed().then(|| view! { <p class="notice notice--success" role="status">"The book was removed from the catalog."</p> })}
        <Form method="GET" action="/admin" attr:class="admin-search" attr:role="search">
            <label for="admin-q">"Find a book"</label>
            <input id="admin-q" type="search" name="q" value=move || query.get_untracked().q.unwrap_or_default()/>
            <button class="button button--quiet" type="submit">"Search"</button>
        </Form>
        {move || set_stock.value().get().and_then(Result::err).map(|err| view! {
            <p class="notice notice--error" role="alert">{err.field_message("stock").unwrap_or_else(|| err.to_string())}</p>
        })}
        <Transition fallback=|| view! { <p>"Loading books\u{2026}"</p> }>
            {move || Suspend::new(async move {
                page_result(results.await, "Books could not be listed", |page| {
                        let page_count = page.page_count();
                        view! {
                            <table class="orders admin-books" aria-label="Books">
                                <thead><tr>
                                    <th scope="col">"Title"</th><th scope="col">"Authors"</th><th scope="col">"Price"</th>
                                    <th scope="col">"Stock"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
                                </tr></thead>
                                <tbody>
                                    {page.books.into_iter().map(|book| view! { <AdminRow book set_stock/> }).collect_view()}
                                </tbody>
                            </table>
                            <Pagination query=query.get_untracked() page_count/>
                        }
                })
            })}
        </Transition>
    }
}

#[component]
fn AdminRow(book: BookSummary, set_stock: ServerAction<SetStock>) -> impl IntoView {
    let pending = set_stock.pending();
    let stock_id = format!("stock-{}", book.id);
    let stock_label = format!("Stock of {}", book.title);
    let edit_label = format!("Edit {}", book.title);
    let saved_stock = move || {
        set_stock.value().with(|v| match v {
            Some(Ok(stock)) => Some(*stock),
            _ => None,
        })
    };
    let id = book.id;
    let (title, authors, stock) = (book.title.clone(), book.authors_text(), book.stock);
    let last_input = set_stock.input();
    let shown_stock = move || {
        let this_row = last_input.with(|i| i.as_ref().map(|i| i.id)) == Some(id);
        saved_stock().filter(|_| this_row).unwrap_or(stock)
    };
    view! {
        <tr data-testid="admin-row">
            <th scope="row"><A href=format!("/books/{id}")>{title}</A></th>
            <td>{authors}</td>
            <td class="price">{format_price(book.price_cents)}</td>
            <td>
                <ActionForm action=set_stock attr:class="inline-stock">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <label for=stock_id.clone() class="visually-hidden">{stock_label}</label>
                    <input id=stock_id type="number" name="stock" min="0" max="100000" value=stock.to_string()/>
                    <button class="button button--quiet" type="submit" disabled=move || pending.get()>"Set"</button>
                    <span class="inline-stock__now" data-testid="stock-now">{move || format!("{} in stock", shown_stock())}</span>
                </ActionForm>
            </td>
            <td><A href=format!("/admin/books/{id}") attr:aria-label=edit_label>"Edit"</A></td>
        </tr>
    }
}

#[component]
pub fn AdminNewBookPage() -> impl IntoView {
    view! {
        <Title text="Add a book \u{2014} Bookstore"/>
        <StaffOnly>
            <h1>"Add a book"</h1>
            <BookEditor id=None values=BookFormValues { language: "en".into(), ..Default::default() }/>
        </StaffOnly>
    }
}

#[component]
pub fn AdminEditBookPage() -> impl IntoView {
    let query = use_query_map();
    let id = use_numeric_id();
    let saved = move || query.with(|q| q.get("saved").is_some());
    let book = Resource::new(id, |id| async move {
        match id {
            Some(id) => admin_book(id).await.map(|values| (id, values)),
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text="Edit a book \u{2014} Bookstore"/>
        <StaffOnly>
            <Suspense fallback=|| view! { <p>"Loading the book\u{2026}"</p> }>
                {move || Suspend::new(async move {
                    page_result(book.await, "This book cannot be edited", |(id, values)| view! {
                            {saved().then(|| view! { <p class="notice notice--success" role="status" data-testid="book-saved">"Saved. The catalog shows the changes now."</p> })}
                            <h1>{format!("Edit \u{201c}{}\u{201d}", values.title)}</h1>
                            <p><A href=format!("/books/{id}")>"See it in the shop"</A></p>
                            <BookEditor id=Some(id) values/>
                            <RemoveBook id/>
                    })
                })}
            </Suspense>
        </StaffOnly>
    }
}

#[component]
fn BookEditor(id: Option<i64>, values: BookFormValues) -> impl IntoView {
    let save = ServerAction::<SaveBook>::new();
    let pending = save.pending();
    let value = save.value();
    let error = move || value.get().and_then(Result::err);
    let general = move || {
        error()
            .filter(|e| !matches!(e, AppError::Invalid(_)))
            .map(|e| e.to_string())
    };
    view! {
        <ActionForm action=save attr:class="panel book-editor" attr:novalidate="true">
            {id.map(|id| view! { <input type="hidden" name="id" value=id.to_string()/> })}
            <FormField form="book" name="title" label="Title" value=values.title error/>
            <FormField form="book" name="authors" label="Authors" value=values.authors error multiline=true hint="One per line."/>
            <div class="book-editor__row">
                <FormField form="book" name="year" label="First published (year)" value=values.year error input_type="number"/>
                <FormField form="book" name="language" label="Language code" value=values.language error hint="Two letters: en, fr, de\u{2026}"/>
            </div>
            <FormField form="book" name="subjects" label="Subjects" value=values.subjects error hint="Separated by commas."/>
            <div class="book-editor__row">
                <FormField form="book" name="price" label="Price (US$)" value=values.price error/>
                <FormField form="book" name="stock" label="Copies in stock" value=values.stock error input_type="number"/>
            </div>
            <FormField form="book" name="isbn" label="ISBN (optional)" value=values.isbn error/>
            <FormField form="book" name="description" label="Description" value=values.description error multiline=true/>
            <div class="field field--check">
                <input id="book-featured" type="checkbox" name="featured" value="on" checked=values.featured/>
                <label for="book-featured">"Feature on the home page"</label>
            </div>
            {move || general().map(|message| view! { <p class="notice notice--error" role="alert">{message}</p> })}
            <button class="button button--primary" type="submit" disabled=move || pending.get()>
                {move || match (pending.get(), id.is_some()) {
                    (true, _) => "Saving\u{2026}",
                    (false, true) => "Save changes",
                    (false, false) => "Add to the catalog",
                }}
            </button>
        </ActionForm>
    }
}

#[component]
fn RemoveBook(id: i64) -> impl IntoView {
    let remove = ServerAction::<DeleteBook>::new();
    let pending = remove.pending();
    view! {
        <ActionForm action=remove attr:class="panel panel--danger">
            <h2>"Remove this book"</h2>
            <p>"It disappears from the catalog and from carts; past orders keep their copy of its details."</p>
            <input type="hidden" name="id" value=id.to_string()/>
            {move || remove.value().get().and_then(Result::err).map(|err| view! { <p class="notice notice--error" role="alert">{err.to_string()}</p> })}
            <button class="button button--danger" type="submit" disabled=move || pending.get()>
                {move || if pending.get() { "Removing\u{2026}" } else { "Remove from the catalog" }}
            </button>
        </ActionForm>
    }
}
