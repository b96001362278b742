//! `/admin`, `/admin/books/new`, `/admin/books/ID`: staff pages. Each page
//! asks the server first; signed-out visitors are sent to sign in, readers
//! without the admin role get a 403 page.

use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

use crate::admin::api::{DeleteBook, SaveBook, SetStock, admin_book, check_admin, new_book_draft};
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
pub(crate) fn StaffOnly(children: ChildrenFn) -> impl IntoView {
    let allowed = Resource::new(|| (), |_| check_admin());
    let children = StoredValue::new(children);
    let locale = use_locale();
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, admin.checking)}</p> }>
            {move || Suspend::new(async move {
                match allowed.await {
                    Err(err @ AppError::Forbidden(_)) => view! {
                        <Title text=td_string!(locale, site.title, page = td_string!(locale, admin.staff_only))/>
                        {error_view(err, td_string!(locale, admin.staff_only))}
                    }.into_any(),
                    result => page_result(result, td_string!(locale, admin.staff_only), |()| children.read_value()()),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, admin.title))/>
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
    let locale = use_locale();
    view! {
        <div class="admin-head">
            <h1>{td_string!(locale, admin.title)}</h1>
            <p class="admin-head__links">
                <A href="/admin/orders" attr:class="button button--quiet">{td_string!(locale, admin.orders_link)}</A>
                <A href="/admin/books/new" attr:class="button">{td_string!(locale, admin.add_book)}</A>
            </p>
        </div>
        {move || removed().then(|| view! { <p class="notice notice--success" role="status">{td_string!(locale, admin.removed)}</p> })}
        <Form method="GET" action="/admin" attr:class="admin-search" attr:role="search">
            <label for="admin-q">{td_string!(locale, admin.find)}</label>
            <input id="admin-q" type="search" name="q" value=move || query.get_untracked().q.unwrap_or_default()/>
            <button class="button button--quiet" type="submit">{td_string!(locale, admin.search)}</button>
        </Form>
        {move || set_stock.value().get().and_then(Result::err).map(|err| view! {
            <p class="notice notice--error" role="alert">{err.field_message("stock").unwrap_or_else(|| err.text(locale))}</p>
        })}
        <Transition fallback=move || view! { <p>{td_string!(locale, admin.loading)}</p> }>
            {move || Suspend::new(async move {
                page_result(results.await, td_string!(locale, admin.list_failed), |page| {
                        let page_count = page.page_count();
                        view! {
                            <table class="orders admin-books" aria-label=td_string!(locale, admin.books_label)>
                                <thead><tr>
                                    <th scope="col">{td_string!(locale, admin.col_title)}</th><th scope="col">{td_string!(locale, admin.col_authors)}</th><th scope="col">{td_string!(locale, admin.col_price)}</th>
                                    <th scope="col">{td_string!(locale, admin.col_stock)}</th><th scope="col"><span class="visually-hidden">{td_string!(locale, admin.col_actions)}</span></th>
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
    let locale = use_locale();
    let stock_label = td_string!(locale, admin.stock_of, title = book.title.clone());
    let edit_label = td_string!(locale, admin.edit_label, title = book.title.clone());
    let saved_stock = move || {
        set_stock.value().with(|v| match v {
            Some(Ok(Some(stock))) => Some(*stock),
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
            <td class="price">{format_price(locale, book.price_cents)}</td>
            <td>
                <ActionForm action=set_stock attr:class="inline-stock">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <label for=stock_id.clone() class="visually-hidden">{stock_label}</label>
                    <input id=stock_id type="number" name="stock" min="0" max="100000" value=stock.to_string()/>
                    <button class="button button--quiet" type="submit" disabled=move || pending.get()>{td_string!(locale, admin.set)}</button>
                    <span class="inline-stock__now" data-testid="stock-now">{move || td_string!(locale, admin.in_stock, count = shown_stock())}</span>
                </ActionForm>
            </td>
            <td><A href=format!("/admin/books/{id}") attr:aria-label=edit_label>{td_string!(locale, admin.edit)}</A></td>
        </tr>
    }
}

#[component]
pub fn AdminNewBookPage() -> impl IntoView {
    let locale = use_locale();
    let draft = Resource::new(|| (), |_| new_book_draft());
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, admin.add_book))/>
        <StaffOnly>
            <h1>{td_string!(locale, admin.add_book)}</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    let values = draft.await.ok().flatten().unwrap_or_else(|| BookFormValues { language: "en".into(), ..Default::default() });
                    view! { <BookEditor id=None values/> }
                })}
            </Suspense>
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
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, admin.edit_title))/>
        <StaffOnly>
            <Suspense fallback=move || view! { <p>{td_string!(locale, admin.loading_book)}</p> }>
                {move || Suspend::new(async move {
                    page_result(book.await, td_string!(locale, admin.cannot_edit), |(id, values)| view! {
                            {saved().then(|| view! { <p class="notice notice--success" role="status" data-testid="book-saved">{td_string!(locale, admin.saved)}</p> })}
                            <h1>{td_string!(locale, admin.editing, title = values.title.clone())}</h1>
                            <p><A href=format!("/books/{id}")>{td_string!(locale, admin.see_in_shop)}</A></p>
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
    let locale = use_locale();
    let general = move || {
        error()
            .filter(|e| !matches!(e, AppError::Invalid(_)))
            .map(|e| e.text(locale))
    };
    view! {
        <ActionForm action=save attr:class="panel book-editor" attr:novalidate="true">
            {id.map(|id| view! { <input type="hidden" name="id" value=id.to_string()/> })}
            <FormField form="book" name="title" label=td_string!(locale, admin.field_title) value=values.title error/>
            <FormField form="book" name="authors" label=td_string!(locale, admin.field_authors) value=values.authors error multiline=true hint=td_string!(locale, admin.hint_authors)/>
            <div class="book-editor__row">
                <FormField form="book" name="year" label=td_string!(locale, admin.field_year) value=values.year error input_type="number"/>
                <FormField form="book" name="language" label=td_string!(locale, admin.field_language) value=values.language error hint=td_string!(locale, admin.hint_language)/>
            </div>
            <FormField form="book" name="subjects" label=td_string!(locale, admin.field_subjects) value=values.subjects error hint=td_string!(locale, admin.hint_subjects)/>
            <div class="book-editor__row">
                <FormField form="book" name="price" label=td_string!(locale, admin.field_price) value=values.price error/>
                <FormField form="book" name="stock" label=td_string!(locale, admin.field_stock) value=values.stock error input_type="number"/>
            </div>
            <FormField form="book" name="isbn" label=td_string!(locale, admin.field_isbn) value=values.isbn error/>
            <FormField form="book" name="description" label=td_string!(locale, admin.field_description) value=values.description error multiline=true/>
            <div class="field field--check">
                <input id="book-featured" type="checkbox" name="featured" value="on" checked=values.featured/>
                <label for="book-featured">{td_string!(locale, admin.field_featured)}</label>
            </div>
            {move || general().map(|message| view! { <p class="notice notice--error" role="alert">{message}</p> })}
            <button class="button button--primary" type="submit" disabled=move || pending.get()>
                {move || match (pending.get(), id.is_some()) {
                    (true, _) => td_string!(locale, admin.saving),
                    (false, true) => td_string!(locale, admin.save),
                    (false, false) => td_string!(locale, admin.add_to_catalog),
                }}
            </button>
        </ActionForm>
    }
}

#[component]
fn RemoveBook(id: i64) -> impl IntoView {
    let remove = ServerAction::<DeleteBook>::new();
    let pending = remove.pending();
    let locale = use_locale();
    view! {
        <ActionForm action=remove attr:class="panel panel--danger">
            <h2>{td_string!(locale, admin.remove_heading)}</h2>
            <p>{td_string!(locale, admin.remove_note)}</p>
            <input type="hidden" name="id" value=id.to_string()/>
            {move || remove.value().get().and_then(Result::err).map(|err| view! { <p class="notice notice--error" role="alert">{err.text(locale)}</p> })}
            <button class="button button--danger" type="submit" disabled=move || pending.get()>
                {move || if pending.get() { td_string!(locale, admin.removing) } else { td_string!(locale, admin.remove) }}
            </button>
        </ActionForm>
    }
}
