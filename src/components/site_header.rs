//! The site header. What it shows of the visitor (the account area, the
//! Admin link, the cart count) is one [`Visitor`]: a full render reads it
//! from the session and the cart ([`SiteHeader`]); the router renders the
//! same [`HeaderFor`] from a kept visitor when it assembles a kept page for
//! a signed-in customer (`server::visitor_pages`). Plain links, so it renders
//! outside the router too: every navigation is a full page load.

use leptos::prelude::*;

use crate::auth::context::use_auth;
use crate::auth::model::{ProviderChoice, ShownUser, Visitor};
use crate::components::cart_count::CartCount;
use crate::components::error_panel::set_http_status;
use crate::components::language_switch::LanguageSwitch;
use crate::components::page_result::use_here;
use crate::components::user_menu::UserMenu;
use crate::i18n::td_string;
use crate::language::context::use_locale;
use crate::shop::context::use_shop;

/// The header of a full render: the visitor read from the session and cart.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let auth = use_auth();
    let cart = use_shop().cart;
    let here = use_here();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let here = here();
                let choices = auth.choices.await.unwrap_or_default();
                let visitor = match auth.user.await {
                    Ok(user) => {
                        let cart = cart.await;
                        let visitor = Visitor {
                            is_admin: user.as_ref().is_some_and(|u| u.is_admin),
                            user: user.as_ref().map(ShownUser::from),
                            cart_count: cart.as_ref().map(|c| c.item_count()).unwrap_or(0),
                        };
                        // What was read whole may be kept for the next page views.
                        #[cfg(feature = "ssr")]
                        if cart.is_ok() {
                            crate::auth::visitors::offer(&visitor);
                        }
                        Some(visitor)
                    }
                    // The session could not be read (its store is out of
                    // reach): the header says so, with the error's status.
                    Err(err) => {
                        set_http_status(err.status_code());
                        None
                    }
                };
                view! { <HeaderFor visitor here choices/> }
            })}
        </Suspense>
    }
}

/// The header for `visitor` (`None`: the session could not be read) on the
/// page at `here` (path and query); `choices` are the other ways to sign in.
#[component]
pub fn HeaderFor(visitor: Option<Visitor>, here: String, choices: Vec<ProviderChoice>) -> impl IntoView {
    let locale = use_locale();
    let path = here.split('?').next().unwrap_or("/").to_string();
    let current = move |href: &str, exact: bool| is_current(&path, href, exact).then_some("page");
    let (is_admin, count) = visitor.as_ref().map(|v| (v.is_admin, v.cart_count)).unwrap_or_default();
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                <svg class="brand__mark" viewBox="0 0 64 64" width="28" height="28" aria-hidden="true">
                    <rect width="64" height="64" rx="12" fill="#7a2e1d"></rect>
                    <path d="M14 16h16a6 6 0 0 1 6 6v28a5 5 0 0 0-5-5H14z" fill="#f6efe4"></path>
                    <path d="M50 16H38a6 6 0 0 0-6 6v28a5 5 0 0 1 5-5h13z" fill="#e9dcc6"></path>
                </svg>
                <span class="brand__name">{td_string!(locale, site.name)}</span>
            </a>
            <nav class="site-nav" aria-label=td_string!(locale, site.nav_label)>
                <a href="/" aria-current=current("/", true)>{td_string!(locale, site.nav_home)}</a>
                <a href="/books" aria-current=current("/books", false)>{td_string!(locale, site.nav_books)}</a>
                <a href="/orders" aria-current=current("/orders", false)>{td_string!(locale, site.nav_orders)}</a>
                <a href="/account" aria-current=current("/account", false)>{td_string!(locale, site.nav_account)}</a>
                // For staff only (the admin pages check the role on the server).
                {is_admin.then(|| view! { <a href="/admin" aria-current=current("/admin", false)>{td_string!(locale, site.nav_admin)}</a> })}
                <a href="/cart" class="cart-link" data-testid="cart-link" aria-current=current("/cart", false)>
                    {td_string!(locale, site.cart)}
                    <CartCount count/>
                </a>
            </nav>
            <UserMenu visitor here=here.clone() choices/>
            <LanguageSwitch here/>
        </header>
    }
}

/// Whether the link to `href` is the current page at `path`: the same path,
/// or (unless `exact`) a page below it.
fn is_current(path: &str, href: &str, exact: bool) -> bool {
    path == href || (!exact && path.strip_prefix(href).is_some_and(|rest| rest.starts_with('/')))
}

#[cfg(test)]
mod tests {
    use super::is_current;

    #[test]
    fn a_section_is_current_on_its_pages_home_only_on_itself() {
        assert!(is_current("/", "/", true));
        assert!(!is_current("/books", "/", true));
        assert!(is_current("/books", "/books", false));
        assert!(is_current("/books/12", "/books", false));
        assert!(!is_current("/booksale", "/books", false));
    }
}
