//! The HTML shell and the route table.

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::auth::context::provide_auth;
#[cfg(feature = "ssr")]
use crate::components::asset_links::AssetLinks;
use crate::components::site_footer::SiteFooter;
use crate::components::site_header::SiteHeader;
use crate::language::context::provide_language;
use crate::pages::account::AccountPage;
use crate::pages::admin::{AdminEditBookPage, AdminNewBookPage, AdminPage};
use crate::pages::admin_orders::AdminOrdersPage;
use crate::pages::book::BookPage;
use crate::pages::books::BooksPage;
use crate::pages::callback::CallbackFailedPage;
use crate::pages::cart::CartPage;
use crate::pages::checkout::CheckoutPage;
use crate::pages::delete_account::{AccountDeletedPage, DeleteAccountPage};
use crate::pages::devices::DevicesPage;
use crate::pages::email_link::ConfirmSignInLinkPage;
use crate::pages::home::HomePage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::orders::{OrderPage, OrdersPage};
use crate::pages::organization::OrganizationPage;
use crate::pages::sign_in::ProviderChoicePage;
use crate::pages::sign_out::SignOutPage;
use crate::shop::context::provide_shop;

#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Islands: only what an island makes is serialized into the page.
    // leptos_axum renders with a shared context that hydrates everything;
    // turned off here for the whole request, each island turns it on for
    // its own body (`#[island]`), so the page's resources stay on the server.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    // The page's language, decided once for the request; hydration reads it
    // back from `<html lang>` (language::context).
    let lang = crate::language::tag(provide_language());
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="Bookstore: an independent online bookstore."/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // File names carry their content hashes in release builds.
                <AssetLinks options=options.clone()/>
                <AutoReload options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Every route renders with `SsrMode::Async` (set once, on the parent route):
/// the server waits for the sign-in state before sending HTML, so the page is
/// complete without JavaScript and never flashes "signed out".
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_language();
    provide_auth();
    provide_shop();
    view! {
        <Title text="Bookstore"/>
        <Router>
            <div class="layout">
                <SiteHeader/>
                <main class="content" id="main">
                    <Routes fallback=NotFoundPage>
                        // Every page renders with `SsrMode::Async`, set once here.
                        <ParentRoute path=path!("") view=Outlet ssr=SsrMode::Async>
                            <Route path=path!("") view=HomePage/>
                            <Route path=path!("/books") view=BooksPage/>
                            <Route path=path!("/books/:id") view=BookPage/>
                            <Route path=path!("/cart") view=CartPage/>
                            <Route path=path!("/checkout") view=CheckoutPage/>
                            <Route path=path!("/orders") view=OrdersPage/>
                            <Route path=path!("/orders/:id") view=OrderPage/>
                            <Route path=path!("/account") view=AccountPage/>
                            <Route path=path!("/account/delete") view=DeleteAccountPage/>
                            <Route path=path!("/account/deleted") view=AccountDeletedPage/>
                            <Route path=path!("/account/devices") view=DevicesPage/>
                            <Route path=path!("/organizations/:id") view=OrganizationPage/>
                            <Route path=path!("/admin") view=AdminPage/>
                            <Route path=path!("/admin/orders") view=AdminOrdersPage/>
                            <Route path=path!("/admin/books/new") view=AdminNewBookPage/>
                            <Route path=path!("/admin/books/:id") view=AdminEditBookPage/>
                            // `/sign-in`, `/sign-up` and `/callback` are server
                            // functions that answer 302 without a page (auth::api).
                            <Route path=path!("/sign-in/choose") view=|| view! { <ProviderChoicePage sign_up=false/> }/>
                            <Route path=path!("/sign-up/choose") view=|| view! { <ProviderChoicePage sign_up=true/> }/>
                            <Route path=path!("/sign-in/link/confirm") view=ConfirmSignInLinkPage/>
                            <Route path=path!("/callback/failed") view=CallbackFailedPage/>
                            <Route path=path!("/sign-out") view=SignOutPage/>
                        </ParentRoute>
                    </Routes>
                </main>
                <SiteFooter/>
            </div>
        </Router>
    }
}
