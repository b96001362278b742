//! The shop's server functions: browsing is open to everyone, the cart to
//! every visitor (kept in their session until they sign in), checkout and
//! orders only to the signed-in customer whose data it is.

use leptos::prelude::*;

use crate::error::AppError;
use crate::shop::model::{
    BookDetail, BookPage, CartChange, CartView, CheckoutView, Facets, HomeShelves, OrderDetail, OrderSummary,
};
use crate::shop::query::BookQuery;

#[cfg(feature = "ssr")]
#[path = "api_ssr.rs"]
mod ssr;

#[server(prefix = "/api", endpoint = "home_shelves")]
pub async fn get_home_shelves() -> Result<HomeShelves, AppError> {
    let (db, derived) = (ssr::db()?, ssr::derived()?);
    derived
        .shelves(|| crate::shop::catalog::repo::home_shelves(&db))
        .await
        .map_err(ssr::db_error)
}

#[server(prefix = "/api", endpoint = "search_books")]
pub async fn search_books(query: BookQuery) -> Result<BookPage, AppError> {
    let db = ssr::db()?;
    crate::shop::catalog::repo::search(&db, &query)
        .await
        .map_err(ssr::db_error)
}

/// The filters' choices (authors, subjects, languages) with counts.
#[server(prefix = "/api", endpoint = "facets")]
pub async fn get_facets() -> Result<Facets, AppError> {
    let (db, derived) = (ssr::db()?, ssr::derived()?);
    derived
        .facets(|| crate::shop::catalog::repo::facets(&db))
        .await
        .map_err(|err| {
            // The page shows its search without filters: served, not kept.
            crate::request::shared_page::not_for_everyone(crate::request::shared_page::NotShared::Degraded);
            ssr::db_error(err)
        })
}

#[server(prefix = "/api", endpoint = "book")]
pub async fn get_book(id: i64) -> Result<BookDetail, AppError> {
    let db = ssr::db()?;
    crate::shop::catalog::repo::get_book(&db, id)
        .await
        .map_err(ssr::db_error)?
        .ok_or(AppError::NotFound)
}

#[server(prefix = "/api", endpoint = "cart")]
pub async fn get_cart() -> Result<CartView, AppError> {
    use crate::shop::cart::store::{CartOwner, view};
    use crate::shop::customer::Customer;
    let (db, session) = (ssr::db()?, ssr::session().await?);
    let customer = Customer::from_session(&session).await?;
    let owner = match &customer {
        Some(customer) => CartOwner::Customer(customer),
        None => CartOwner::Visitor(&session.0),
    };
    view(&db, &owner).await.map_err(AppError::from)
}

/// Adds copies of a book to the cart (signed in or not).
#[server(prefix = "/api", endpoint = "add_to_cart")]
pub async fn add_to_cart(book_id: i64, quantity: Option<u32>) -> Result<CartChange, AppError> {
    let cart = change_cart(book_id, quantity.unwrap_or(1), true).await?;
    Ok(CartChange {
        item_count: cart.item_count(),
    })
}

/// Sets the quantity of a cart line; 0 removes it.
#[server(prefix = "/api", endpoint = "update_cart")]
pub async fn update_cart(book_id: i64, quantity: u32) -> Result<CartView, AppError> {
    change_cart(book_id, quantity, false).await
}

#[cfg(feature = "ssr")]
async fn change_cart(book_id: i64, quantity: u32, add: bool) -> Result<CartView, AppError> {
    use crate::shop::cart::store::{self as cart_store, CartOwner};
    use crate::shop::customer::Customer;
    let (db, session) = (ssr::db()?, ssr::session().await?);
    let customer = Customer::from_session(&session).await?;
    let owner = match &customer {
        Some(customer) => CartOwner::Customer(customer),
        None => CartOwner::Visitor(&session.0),
    };
    let changed = if add {
        cart_store::add(&db, &owner, book_id, quantity).await
    } else {
        cart_store::update(&db, &owner, book_id, quantity).await
    };
    changed.map_err(AppError::from)?;
    crate::auth::visitors::cart_changed(&session, customer.as_ref().map(|c| c.subject.as_str()));
    cart_store::view(&db, &owner).await.map_err(AppError::from)
}

/// The checkout page's data; 401 when signed out.
#[server(prefix = "/api", endpoint = "checkout")]
pub async fn get_checkout() -> Result<CheckoutView, AppError> {
    let (db, session) = (ssr::db()?, ssr::session().await?);
    let customer = ssr::customer(&session).await?;
    crate::shop::orders::checkout_view::checkout_view(&db, &ssr::auth()?, &session, &customer).await
}

/// Places the order for the signed-in customer's cart and redirects to it
/// (`Some(id)`), or, when the sign-in is not recent enough, keeps the form
/// and redirects to the provider to confirm who they are first (`None`).
/// `order_key` comes from the checkout page: submitting it twice places one order.
#[server(prefix = "/api", endpoint = "place_order")]
pub async fn place_order(
    order_key: String,
    name: String,
    street: String,
    city: String,
    postcode: String,
    country: String,
    organization: Option<String>,
) -> Result<Option<i64>, AppError> {
    use crate::shop::model::{ORG_CREATE_ORDERS, ShippingAddress};
    use crate::shop::orders::checkout::Placed;
    let (db, session) = (ssr::db()?, ssr::session().await?);
    let customer = ssr::customer(&session).await?;
    // The key must be one this session's checkout page was given.
    if !crate::shop::orders::order_keys::was_issued(&session.0, &order_key)
        .await
        .map_err(ssr::session_error)?
    {
        return Err(AppError::BadRequest(
            crate::i18n::td_string!(ssr::locale(), errors.checkout_out_of_date).to_string(),
        ));
    }
    let organization = organization.filter(|o| !o.trim().is_empty());
    if let Some(org) = &organization {
        // Membership, then the verified organization token's permissions.
        let access = crate::auth::organizations::access(&ssr::auth()?, &session, org).await?;
        if !access.scopes.iter().any(|s| s == ORG_CREATE_ORDERS) {
            return Err(AppError::Forbidden(
                crate::i18n::td_string!(ssr::locale(), errors.organization_cannot_order).to_string(),
            ));
        }
    }
    let shipping = crate::shop::orders::shipping::validate(
        ssr::locale(),
        ShippingAddress {
            name,
            street,
            city,
            postcode,
            country,
        },
    )
    .map_err(AppError::Invalid)?;
    // A sign-in that is not recent confirms who it is first; the form waits.
    let draft = crate::shop::orders::confirm_first::CheckoutDraft {
        shipping: shipping.clone(),
        organization: organization.clone(),
    };
    let auth = ssr::auth()?;
    let confirm = crate::shop::orders::confirm_first::confirm_first(&auth, &session, &customer, &draft, ssr::locale());
    if let Some(provider) = confirm.await? {
        leptos_axum::redirect(provider.as_str());
        return Ok(None);
    }
    let now = chrono::Utc::now().timestamp();
    // The confirmation goes to an address the provider verified, when the shop sends mail.
    let confirmation = crate::shop::orders::confirmation::confirmation_for(&session).await?;
    let confirm = confirmation.as_ref().map(|c| c.to(ssr::locale()));
    let placed = crate::shop::orders::checkout::place_order_mailed(
        &db,
        &customer,
        &order_key,
        &shipping,
        organization.as_deref(),
        now,
        confirm.as_ref(),
    )
    .await
    .map_err(AppError::from)?;
    crate::auth::visitors::cart_changed(&session, Some(&customer.subject));
    match placed {
        // The stock shown on the catalog pages went down.
        Placed::New(_) => crate::shop::catalog::version::catalog_changed(),
        Placed::Existing(id) => tracing::info!(order = id, "repeated checkout submit answered with the existing order"),
    }
    leptos_axum::redirect(&format!("/orders/{}?placed=1", placed.id()));
    Ok(Some(placed.id()))
}

#[server(prefix = "/api", endpoint = "orders")]
pub async fn list_orders() -> Result<Vec<OrderSummary>, AppError> {
    let (db, session) = (ssr::db()?, ssr::session().await?);
    let customer = ssr::customer(&session).await?;
    crate::shop::orders::repo::list(&db, &customer)
        .await
        .map_err(ssr::db_error)
}

/// One of the signed-in customer's orders; any other id is 404.
#[server(prefix = "/api", endpoint = "order")]
pub async fn get_order(id: i64) -> Result<OrderDetail, AppError> {
    let (db, session) = (ssr::db()?, ssr::session().await?);
    let customer = ssr::customer(&session).await?;
    crate::shop::orders::repo::get(&db, &customer, id)
        .await
        .map_err(ssr::db_error)?
        .ok_or(AppError::NotFound)
}

/// An organization the user belongs to: its permissions for the user (from
/// an organization token) and, with `read:orders`, its orders.
#[server(prefix = "/api", endpoint = "organization")]
pub async fn get_organization(id: String) -> Result<crate::shop::model::OrganizationOverview, AppError> {
    use crate::shop::model::{ORG_READ_ORDERS, OrganizationOverview};
    let (db, session, auth) = (ssr::db()?, ssr::session().await?, ssr::auth()?);
    let access = crate::auth::organizations::access(&auth, &session, &id).await?;
    // The name, when userinfo can tell it (Logto puts `organization_data` only there).
    let membership = crate::auth::account::memberships(&auth, &session)
        .await?
        .into_iter()
        .find(|m| m.id == id)
        .unwrap_or(access.membership);
    let orders = if access.scopes.iter().any(|s| s == ORG_READ_ORDERS) {
        Some(
            crate::shop::orders::repo::list_for_organization(&db, &access.provider, &id)
                .await
                .map_err(ssr::db_error)?,
        )
    } else {
        None
    };
    Ok(OrganizationOverview {
        membership,
        scopes: access.scopes,
        orders,
    })
}

#[server(prefix = "/api", endpoint = "order_count")]
pub async fn get_order_count() -> Result<i64, AppError> {
    let (db, session) = (ssr::db()?, ssr::session().await?);
    let customer = ssr::customer(&session).await?;
    crate::shop::orders::repo::count(&db, &customer)
        .await
        .map_err(ssr::db_error)
}

/// When the signed-in customer first signed in here (the customer record).
#[server(prefix = "/api", endpoint = "customer_since")]
pub async fn get_customer_since() -> Result<Option<i64>, AppError> {
    let (db, session) = (ssr::db()?, ssr::session().await?);
    let customer = ssr::customer(&session).await?;
    crate::shop::customers::first_sign_in(&db, &customer.provider, &customer.subject)
        .await
        .map_err(ssr::db_error)
}
