//! Catalog pages for visitors with a session: the kept page with their own
//! header, from what is kept of them (no session read, no render), and
//! byte for byte the kept page for a visitor who shows as nobody. Each
//! visitor sees their own header; a sign-out or a cart change shows on the
//! very next request.

use reqwest::header::COOKIE;

use crate::helpers::*;
use bookstore::auth::model::{ShownUser, Visitor};

async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> String {
    let mut request = reqwest::Client::new().get(app.url(path)).header("accept", "text/html");
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

/// The name in the header's account area ("Signed in as …"), if any.
fn header_name(page: &str) -> Option<String> {
    let header = &page[page.find("<header")?..page.find("</header>")?];
    let at = header.find("data-testid=\"user-name\">")? + "data-testid=\"user-name\">".len();
    let name = &header[at..];
    Some(name[..name.find('<')?].to_string())
}

/// The count in the header's cart link.
fn header_count(page: &str) -> u32 {
    let at = page.find("class=\"cart-link__count\">").unwrap() + "class=\"cart-link__count\">".len();
    page[at..page[at..].find('<').unwrap() + at].parse().unwrap()
}

fn someone() -> Visitor {
    Visitor {
        user: Some(ShownUser {
            subject: "user-x".into(),
            name: "Kept Visitor".into(),
        }),
        is_admin: true,
        cart_count: 7,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browsers_get_the_assembled_page_in_brotli_and_it_unpacks_to_the_same_page() {
    let app = spawn_app().await;
    let visitors = &app.state.sessions.visitors;
    assert!(visitors.fill("kept-session", someone(), visitors.ticket()));
    let id = app.book_id("Emma").await;
    for path in ["/", "/books?q=the&sort=title", &format!("/books/{id}")] {
        let identity = page(&app, path, Some("bookstore.sid=kept-session")).await;
        assert_eq!(header_name(&identity).as_deref(), Some("Kept Visitor"));
        let response = reqwest::Client::new()
            .get(app.url(path))
            .header(COOKIE, "bookstore.sid=kept-session")
            .header("accept-encoding", "gzip, deflate, br, zstd")
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-encoding"], "br", "{path}");
        let packed = response.bytes().await.unwrap();
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &packed[..], &mut unpacked).unwrap();
        assert_eq!(String::from_utf8(unpacked).unwrap(), identity, "{path}");
        assert!(packed.len() < identity.len() / 2, "{path}: compressed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kept_page_is_served_with_the_kept_visitor_and_is_the_kept_page_for_nobody() {
    let app = spawn_app().await;
    let id = app.book_id("Dracula").await;
    let visitors = &app.state.sessions.visitors;
    for path in ["/", "/books?q=the&sort=title", &format!("/books/{id}")] {
        let kept = page(&app, path, None).await;
        // A session nobody signed in to, with nothing in its cart.
        assert!(visitors.fill("nobody-session", Visitor::default(), visitors.ticket()));
        let assembled = page(&app, path, Some("bookstore.sid=nobody-session")).await;
        assert_eq!(assembled, kept, "{path}: byte for byte the kept page");

        // The page shows what is kept, not what a render would read: it
        // was assembled (nobody is signed in with this id, no cart holds 7).
        assert!(visitors.fill("kept-session", someone(), visitors.ticket()));
        let assembled = page(&app, path, Some("bookstore.sid=kept-session")).await;
        assert_eq!(header_name(&assembled).as_deref(), Some("Kept Visitor"), "{path}");
        assert_eq!(header_count(&assembled), 7, "{path}");
        assert!(
            assembled.contains("<a href=\"/admin\""),
            "{path}: staff see the Admin link"
        );
        assert!(!kept.contains("Kept Visitor") && !page(&app, path, None).await.contains("Kept Visitor"));
        if path == "/" {
            assert!(assembled.contains("You are signed in as <strong>Kept Visitor</strong>"));
        }
        // Outside the header (and the home page's status) it is the kept page.
        let tail = |page: &str| page[page.find("</header>").unwrap()..].replace("Kept Visitor", "");
        if path != "/" {
            assert_eq!(tail(&assembled), tail(&kept), "{path}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_customers_each_see_their_own_header_and_changes_show_at_once() {
    let app = spawn_app().await;
    let visitors = &app.state.sessions.visitors;
    let (ada, grace, shopper) = (Browser::new(), Browser::new(), Browser::new());
    app.sign_in_as(&ada, "/sign-in", ADA).await;
    app.sign_in_as(&grace, "/sign-in", GRACE).await;
    app.add_to_cart(&grace, "Emma").await;
    app.add_to_cart(&shopper, "Dracula").await;
    app.add_to_cart(&shopper, "Emma").await;
    let expected = [(&ada, Some(ADA.2), 0), (&grace, Some(GRACE.2), 1), (&shopper, None, 2)];
    for round in 0..3 {
        for (browser, name, count) in expected {
            let cookie = format!("bookstore.sid={}", browser.session_cookie(&app.origin).unwrap());
            for path in ["/", "/books?q=the"] {
                let seen = page(&app, path, Some(&cookie)).await;
                assert_eq!(header_name(&seen).as_deref(), name, "round {round}, {path}");
                assert_eq!(header_count(&seen), count, "round {round}, {path}, {name:?}");
            }
        }
    }
    for (browser, _, _) in expected {
        let id = browser.session_cookie(&app.origin).unwrap();
        assert!(
            visitors.get(&id).is_some(),
            "each visitor is kept after the first render"
        );
    }

    // A cart change shows on the next page view.
    let cookie = format!("bookstore.sid={}", grace.session_cookie(&app.origin).unwrap());
    app.add_to_cart(&grace, "Dracula").await;
    assert_eq!(header_count(&page(&app, "/", Some(&cookie)).await), 2);

    // After a sign-out the old cookie gets the signed-out header at once.
    let old = format!("bookstore.sid={}", ada.session_cookie(&app.origin).unwrap());
    assert_eq!(header_name(&page(&app, "/", Some(&old)).await).as_deref(), Some(ADA.2));
    let signed_out = ada.client.post(app.url("/sign-out")).send().await.unwrap();
    assert!(signed_out.status().is_redirection(), "{}", signed_out.status());
    let after = page(&app, "/", Some(&old)).await;
    assert_eq!(header_name(&after), None);
    assert!(after.contains("You are not signed in."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_from_memory_carry_the_headers_every_response_gets() {
    let app = spawn_app().await;
    let visitors = &app.state.sessions.visitors;
    assert!(visitors.fill("kept-session", someone(), visitors.ticket()));
    for cookie in [None, Some("bookstore.sid=kept-session")] {
        for round in 0..2 {
            // The first fills the kept page (the router); the second comes from memory.
            let mut request = reqwest::Client::new()
                .get(app.url("/"))
                .header("x-request-id", "lb.42_a");
            if let Some(cookie) = cookie {
                request = request.header(COOKIE, cookie);
            }
            let response = request.send().await.unwrap();
            let headers = response.headers();
            assert_eq!(headers["cache-control"], "no-store", "{cookie:?} {round}");
            assert_eq!(headers["x-content-type-options"], "nosniff");
            assert_eq!(headers["x-frame-options"], "DENY");
            assert_eq!(headers["referrer-policy"], "same-origin");
            assert_eq!(headers["x-request-id"], "lb.42_a", "the client's id, echoed");
            assert!(
                headers["content-security-policy"]
                    .to_str()
                    .unwrap()
                    .contains("script-src")
            );
            let fresh = reqwest::Client::new()
                .get(app.url("/"))
                .header("x-request-id", "not plain!")
                .send()
                .await
                .unwrap();
            let id = fresh.headers()["x-request-id"].to_str().unwrap().to_string();
            assert!(id != "not plain!" && id.len() == 36, "a new id: {id}");
        }
    }
}
