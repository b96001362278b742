//! Admin server functions. Each one checks the admin role first (403
//! otherwise), whatever the UI showed.

// A form's fields arrive as one argument each (what ActionForm posts).
#![allow(clippy::too_many_arguments)]

use crate::admin::model::BookFormValues;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    use crate::admin::guard::require_admin;
    use crate::auth::session::AuthSession;
    use crate::auth::session::SignedIn;
    use crate::auth::state::AuthState;
    use crate::error::AppError;

    /// The database, once the caller is known to be an admin (401/403 otherwise).
    pub async fn admin() -> Result<(sqlx::AnyPool, SignedIn), AppError> {
        let auth: AuthState = crate::request::context()?;
        let session = AuthSession::from_request().await?;
        let signed_in = require_admin(&session, &auth.authz).await?;
        Ok((crate::request::context()?, signed_in))
    }

    pub fn auth() -> Result<AuthState, AppError> {
        crate::request::context()
    }

    pub fn db_error(err: sqlx::Error) -> AppError {
        crate::db::app_error(err)
    }
}

/// Whether the signed-in user may use the admin pages (for the page guard).
#[server(prefix = "/api", endpoint = "admin/check")]
pub async fn check_admin() -> Result<(), AppError> {
    ssr::admin().await.map(|_| ())
}

/// A book's values for the edit form.
#[server(prefix = "/api", endpoint = "admin/book")]
pub async fn admin_book(id: i64) -> Result<BookFormValues, AppError> {
    let (db, _) = ssr::admin().await?;
    // Back from confirming who they are: the form as the admin left it.
    let session = crate::auth::session::AuthSession::from_request().await?;
    if let Some(draft) = crate::admin::confirm_first::take_draft(&session.0, Some(id)).await? {
        return Ok(draft);
    }
    let book = crate::shop::catalog::edit::book_for_edit(&db, id)
        .await
        .map_err(ssr::db_error)?
        .ok_or(AppError::NotFound)?;
    Ok(BookFormValues {
        title: book.title,
        authors: book.authors.join("\n"),
        year: book.year.to_string(),
        language: book.language,
        subjects: book.subjects.join(", "),
        price: format!("{}.{:02}", book.price_cents / 100, book.price_cents % 100),
        stock: book.stock.to_string(),
        description: book.description,
        isbn: book.isbn.unwrap_or_default(),
        featured: book.featured,
    })
}

/// A new book's form as the admin left it before confirming who they are.
#[server(prefix = "/api", endpoint = "admin/new_book_draft")]
pub async fn new_book_draft() -> Result<Option<BookFormValues>, AppError> {
    ssr::admin().await?;
    let session = crate::auth::session::AuthSession::from_request().await?;
    crate::admin::confirm_first::take_draft(&session.0, None).await
}

/// Adds a book (no `id`) or saves changes to one; redirects to its edit page.
#[server(prefix = "/api", endpoint = "admin/save_book")]
pub async fn save_book(
    id: Option<i64>,
    title: String,
    authors: String,
    year: String,
    language: String,
    subjects: String,
    price: String,
    stock: String,
    description: String,
    isbn: Option<String>,
    featured: Option<String>,
) -> Result<Option<i64>, AppError> {
    use crate::admin::book_form::validate;
    use crate::admin::confirm_first::{BookDraft, confirm_first, keep_draft};
    use crate::shop::catalog;
    let (db, admin) = ssr::admin().await?;
    let input = BookFormValues {
        title,
        authors,
        year,
        language,
        subjects,
        price,
        stock,
        description,
        isbn: isbn.unwrap_or_default(),
        featured: featured.is_some(),
    };
    // An old sign-in confirms who it is first; the form waits in the session.
    let back = id.map_or_else(|| "/admin/books/new".to_string(), |id| format!("/admin/books/{id}"));
    if let Some(provider) = confirm_first(&ssr::auth()?, &admin, &back).await? {
        let session = crate::auth::session::AuthSession::from_request().await?;
        keep_draft(&session.0, &BookDraft { id, values: input }).await?;
        leptos_axum::redirect(provider.as_str());
        return Ok(None);
    }
    let this_year = chrono::Datelike::year(&chrono::Utc::now());
    let book = validate(crate::language::context::current(), &input, this_year).map_err(AppError::Invalid)?;
    let saved = match id {
        Some(id) => {
            if !crate::shop::catalog::edit::update_book(&db, id, &book)
                .await
                .map_err(ssr::db_error)?
            {
                return Err(AppError::NotFound);
            }
            id
        }
        None => {
            let mut conn = db.acquire().await.map_err(ssr::db_error)?;
            let now = chrono::Utc::now().timestamp();
            catalog::repo::insert_book(&mut conn, &book, now)
                .await
                .map_err(|err| match &err {
                    sqlx::Error::Database(db) if db.is_unique_violation() => {
                        AppError::Invalid(vec![crate::shop::model::FieldError {
                            field: "isbn".into(),
                            message: crate::i18n::td_string!(crate::language::context::current(), admin.isbn_taken)
                                .to_string(),
                        }])
                    }
                    _ => ssr::db_error(err),
                })?
        }
    };
    crate::shop::catalog::version::catalog_changed();
    tracing::info!(book = saved, admin = %admin.user.subject, created = id.is_none(), "book saved");
    leptos_axum::redirect(&format!("/admin/books/{saved}?saved=1"));
    Ok(Some(saved))
}

/// Sets a book's stock.
#[server(prefix = "/api", endpoint = "admin/set_stock")]
pub async fn set_stock(id: i64, stock: i64) -> Result<Option<i64>, AppError> {
    let (db, admin) = ssr::admin().await?;
    if let Some(provider) = crate::admin::confirm_first::confirm_first(&ssr::auth()?, &admin, "/admin").await? {
        leptos_axum::redirect(provider.as_str());
        return Ok(None);
    }
    if !(0..=100_000).contains(&stock) {
        return Err(AppError::Invalid(vec![crate::shop::model::FieldError {
            field: "stock".into(),
            message: crate::i18n::td_string!(crate::language::context::current(), admin.invalid_stock).to_string(),
        }]));
    }
    if !crate::shop::catalog::edit::set_stock(&db, id, stock)
        .await
        .map_err(ssr::db_error)?
    {
        return Err(AppError::NotFound);
    }
    crate::shop::catalog::version::catalog_changed();
    tracing::info!(book = id, stock, admin = %admin.user.subject, "stock set");
    Ok(Some(stock))
}

/// Removes a book from the catalog and redirects to the admin list.
#[server(prefix = "/api", endpoint = "admin/delete_book")]
pub async fn delete_book(id: i64) -> Result<(), AppError> {
    let (db, admin) = ssr::admin().await?;
    let back = format!("/admin/books/{id}");
    if let Some(provider) = crate::admin::confirm_first::confirm_first(&ssr::auth()?, &admin, &back).await? {
        leptos_axum::redirect(provider.as_str());
        return Ok(());
    }
    if !crate::shop::catalog::edit::delete_book(&db, id)
        .await
        .map_err(ssr::db_error)?
    {
        return Err(AppError::NotFound);
    }
    crate::shop::catalog::version::catalog_changed();
    tracing::info!(book = id, admin = %admin.user.subject, "book removed");
    leptos_axum::redirect("/admin?removed=1");
    Ok(())
}

/// The newest orders, for the staff orders page.
#[server(prefix = "/api", endpoint = "admin/orders")]
pub async fn staff_orders() -> Result<Vec<crate::admin::model::StaffOrder>, AppError> {
    let (db, _) = ssr::admin().await?;
    crate::shop::orders::shipped::newest(&db).await.map_err(ssr::db_error)
}

/// Marks an order shipped (the customer gets the shipping note when the
/// shop sends mail) and redirects back to the staff orders page.
#[server(prefix = "/api", endpoint = "admin/mark_shipped")]
pub async fn mark_shipped(id: i64) -> Result<(), AppError> {
    use crate::shop::orders::shipped::{Shipped, mark_shipped};
    let (db, admin) = ssr::admin().await?;
    let mail = use_context::<crate::mail::MailContext>();
    let now = chrono::Utc::now().timestamp();
    let shipped = mark_shipped(&db, id, now, mail.as_ref().map(|m| m.orders_url.as_str()))
        .await
        .map_err(ssr::db_error)?;
    let outcome = match shipped {
        Shipped::Now { noted: true } => "noted",
        Shipped::Now { noted: false } => "shipped",
        Shipped::Already => "already",
        Shipped::NotFound => return Err(AppError::NotFound),
    };
    tracing::info!(order = id, admin = %admin.user.subject, outcome, "mark shipped");
    leptos_axum::redirect(&format!("/admin/orders?{outcome}={id}"));
    Ok(())
}
