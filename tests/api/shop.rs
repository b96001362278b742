//! The shop through its HTTP surface: pages, and the server functions as the
//! hydrated app calls them, for visitors and for two different customers.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{ADA, ADDRESS, Browser, GRACE, TestApp, body, location, spawn_app};

async fn json(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: not JSON: {text}"))
}

/// Adds `quantity` copies of the book titled `title` to the browser's cart.
async fn add(app: &TestApp, browser: &Browser, title: &str, quantity: u32) -> reqwest::Response {
    let id = app.book_id(title).await.to_string();
    app.call(
        browser,
        "/api/add_to_cart",
        &[("book_id", &id), ("quantity", &quantity.to_string())],
    )
    .await
}

async fn cart_titles(app: &TestApp, browser: &Browser) -> Vec<(String, u64)> {
    let cart = json(app.call(browser, "/api/cart", &[]).await).await;
    cart["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["book"]["title"].as_str().unwrap().to_string(),
                l["quantity"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Places the order for the signed-in browser's cart; returns the order id.
async fn checkout(app: &TestApp, browser: &Browser) -> (String, reqwest::Response) {
    let key = app.order_key(browser).await;
    let response = app.place_order_with_key(browser, &key, None).await;
    (key, response)
}

#[tokio::test(flavor = "multi_thread")]
async fn catalog_pages_render_on_the_server_and_unknown_books_are_404() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let home = browser.get(&app.url("/")).await;
    assert_eq!(home.status(), StatusCode::OK);
    let home = body(home).await;
    assert!(home.contains("Featured") && home.contains("Recently added"));

    let page = browser.get(&app.url("/books?q=white+whale&language=en")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = body(page).await;
    assert!(
        page.contains("1 book matches \u{201c}white whale\u{201d}"),
        "search result summary"
    );
    assert!(page.contains("Moby-Dick; or, The Whale"));

    let id = app.book_id("Dracula").await;
    let book = body(browser.get(&app.url(&format!("/books/{id}"))).await).await;
    assert!(book.contains("Bram Stoker") && book.contains("$9.99"));

    for missing in ["/books/999999", "/books/not-a-number"] {
        let response = browser.get(&app.url(missing)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{missing}");
        assert!(body(response).await.contains("We could not find that book"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_visitors_cart_follows_them_into_their_account_and_one_order_is_placed() {
    let app = spawn_app().await;
    let browser = Browser::new();
    assert_eq!(add(&app, &browser, "Emma", 2).await.status(), StatusCode::OK);
    assert_eq!(cart_titles(&app, &browser).await, [("Emma".to_string(), 2)]);

    // Checkout needs an account: the page sends the visitor to the choice
    // page (which also offers a sign-in link by e-mail) and back.
    let page = browser.get(&app.url("/checkout")).await;
    assert_eq!(page.status(), StatusCode::FOUND);
    assert_eq!(location(&page), "/sign-in/choose?return_to=/checkout");
    let callback = app.sign_in(&browser, "/sign-in?return_to=/checkout").await;
    assert_eq!(location(&callback), "/checkout");
    assert_eq!(
        cart_titles(&app, &browser).await,
        [("Emma".to_string(), 2)],
        "merged at sign-in"
    );

    let emma = app.book_id("Emma").await;
    let stock_before: i64 = stock(&app, emma).await;
    let (key, placed) = checkout(&app, &browser).await;
    assert_eq!(placed.status(), StatusCode::OK);
    let order_id = json(placed).await.as_i64().expect("the order id");

    // A double submit with the same form answers with the same order.
    let repeated = json(app.place_order_with_key(&browser, &key, None).await).await;
    assert_eq!(repeated.as_i64(), Some(order_id));
    assert_eq!(stock(&app, emma).await, stock_before - 2, "stock taken once");
    assert!(cart_titles(&app, &browser).await.is_empty(), "cart emptied");

    let page = browser.get(&app.url(&format!("/orders/{order_id}?placed=1"))).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = body(page).await;
    assert!(page.contains("Thank you! Your order has been placed.") && page.contains("Emma"));
    assert!(
        !page.contains("will email you"),
        "the shop sends no e-mail, so the page promises none"
    );
    assert!(
        body(browser.get(&app.url("/account")).await)
            .await
            .contains("You have placed 1 order.")
    );
    let orders = json(app.call(&browser, "/api/orders", &[]).await).await;
    assert_eq!(orders.as_array().unwrap().len(), 1);
}

async fn stock(app: &TestApp, id: i64) -> i64 {
    sqlx::query_scalar("SELECT stock FROM books WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn orders_are_refused_to_other_customers_and_to_visitors() {
    let app = spawn_app().await;
    let ada = Browser::new();
    app.sign_in_as(&ada, "/sign-in", ADA).await;
    add(&app, &ada, "Dracula", 1).await;
    let order_id = json(checkout(&app, &ada).await.1).await.as_i64().unwrap().to_string();

    let grace = Browser::new();
    app.sign_in_as(&grace, "/sign-in", GRACE).await;
    let response = app.call(&grace, "/api/order", &[("id", &order_id)]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "another customer's order");
    let page = grace.get(&app.url(&format!("/orders/{order_id}"))).await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(!body(page).await.contains("Dracula"));
    for guess in ["0", "-1", "999999", "9223372036854775807"] {
        let response = app.call(&grace, "/api/order", &[("id", guess)]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "guessed id {guess}");
    }
    assert_eq!(
        json(app.call(&grace, "/api/orders", &[]).await).await,
        Value::Array(vec![])
    );
    assert_eq!(json(app.call(&grace, "/api/order_count", &[]).await).await, 0);

    let visitor = Browser::new();
    for (endpoint, args) in [
        ("/api/orders", vec![]),
        ("/api/order", vec![("id", order_id.as_str())]),
        ("/api/order_count", vec![]),
        ("/api/checkout", vec![]),
        ("/api/place_order", {
            let mut args = vec![("order_key", "a-key-of-the-right-length")];
            args.extend(ADDRESS);
            args
        }),
    ] {
        let response = app.call(&visitor, endpoint, &args).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{endpoint} signed out");
    }
    let page = visitor.get(&app.url(&format!("/orders/{order_id}"))).await;
    assert_eq!(page.status(), StatusCode::FOUND);
    assert_eq!(location(&page), format!("/sign-in?return_to=/orders/{order_id}"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_gets_clear_errors_with_the_right_status() {
    let app = spawn_app().await;
    let browser = Browser::new();
    // Stock limits, unknown books, malformed arguments.
    let response = add(&app, &browser, "Emma", 99).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(body(response).await.contains("Only 15 copies of"));
    let response = app.call(&browser, "/api/add_to_cart", &[("book_id", "999999")]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = app.call(&browser, "/api/add_to_cart", &[("book_id", "emma")]).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    app.sign_in(&browser, "/sign-in").await;
    let (_, empty) = checkout(&app, &browser).await;
    assert_eq!(empty.status(), StatusCode::CONFLICT);
    assert!(body(empty).await.contains("Your cart is empty"));

    add(&app, &browser, "Emma", 1).await;
    // A well-formed key this session's checkout page was never given.
    let foreign = app
        .place_order_with_key(&browser, "a-key-this-session-was-never-given", None)
        .await;
    assert_eq!(foreign.status(), StatusCode::BAD_REQUEST);
    assert!(body(foreign).await.contains("checkout page is out of date"));
    let view = json(app.call(&browser, "/api/checkout", &[]).await).await;
    let key = view["order_key"].as_str().unwrap();
    let response = app
        .call(
            &browser,
            "/api/place_order",
            &[
                ("order_key", key),
                ("name", "  "),
                ("street", "1 Road"),
                ("city", ""),
                ("postcode", "N1"),
                ("country", "UK"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = json(response).await["Invalid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["name", "city"]);
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(orders, 0, "nothing placed from an invalid form");
}

#[tokio::test(flavor = "multi_thread")]
async fn adding_to_the_cart_works_without_javascript() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let id = app.book_id("Dracula").await;
    let book_page = app.url(&format!("/books/{id}"));
    // A plain HTML form post: the server answers with a redirect back.
    let response = browser
        .client
        .post(app.url("/api/add_to_cart"))
        .header(reqwest::header::REFERER, &book_page)
        .form(&[("book_id", id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    // leptos_axum sends the browser back to the page (it appends an empty query).
    assert_eq!(location(&response).trim_end_matches('?'), book_page);
    let cart = body(browser.get(&app.url("/cart")).await).await;
    assert!(cart.contains("Dracula") && cart.contains("$9.99"));
}

/// Without JavaScript a failed form post comes back with the error in the
/// URL. The server signs it; a link with an error it did not sign shows none.
#[tokio::test(flavor = "multi_thread")]
async fn only_errors_the_server_sent_are_shown_after_a_form_post() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let cart_page = app.url("/cart");
    // A real failure: more copies than a cart line may hold.
    let id = app.book_id("Dracula").await.to_string();
    let failed = browser
        .client
        .post(app.url("/api/update_cart"))
        .header(reqwest::header::REFERER, &cart_page)
        .form(&[("book_id", id.as_str()), ("quantity", "11")])
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), StatusCode::FOUND);
    let back = location(&failed);
    assert!(back.contains("__err=") && back.contains("__sig="), "{back}");
    let shown = body(browser.get(&back).await).await;
    assert!(shown.contains("at most 10 copies"), "the server's own error is shown");

    // A crafted link: same parameters, words of someone else's choosing.
    use base64::Engine;
    let words = serde_json::json!({"BadRequest": "Your account is locked. Call 555-0100."}).to_string();
    let err = base64::engine::general_purpose::URL_SAFE.encode(words);
    let crafted = format!("{cart_page}?__path=/api/update_cart&__err={err}");
    let page = body(browser.get(&crafted).await).await;
    assert!(!page.contains("555-0100"), "a forged error reached the page");
}
