//! Sign-in links mailed at checkout (issue 23): the app asks the provider's
//! Management API for a one-time token, mails a link, and the link starts
//! the ordinary sign-in with `one_time_token` and `login_hint`; once, in the
//! browser that asked (elsewhere only after a confirmation), rate-limited,
//! with the same answer for known and unknown addresses.

use reqwest::StatusCode;
use reqwest::header::{LOCATION, ORIGIN};

use crate::helpers::*;

const SENT: &str = "/sign-in/choose?return_to=/checkout&link=sent";

/// Asks for a link for `email` from `client` (an `X-Forwarded-For`, as a
/// proxy on this machine would add it); returns where the app redirects.
async fn ask(app: &TestApp, browser: &Browser, email: &str, client: Option<&str>) -> String {
    let mut request = browser
        .client
        .post(app.url("/api/sign_in_link"))
        .header(ORIGIN, &app.origin)
        .form(&[("provider", "logto"), ("email", email), ("return_to", "/checkout")]);
    if let Some(client) = client {
        request = request.header("x-forwarded-for", client);
    }
    let response = request.send().await.unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    location(&response)
}

/// The link in the newest sign-in-link message to `email`.
async fn mailed_link(app: &TestApp, email: &str, count: usize) -> String {
    let to = format!("To: {email}");
    let messages = messages_where(&app.dir.path().join("mail"), count, |m| {
        m.contains(&to) && m.contains("Subject: Your Bookstore sign-in link")
    })
    .await;
    let mut links: Vec<String> = messages
        .iter()
        .map(|m| {
            let text = plain_text(m);
            let start = text.find(&app.url("/sign-in/link?k=")).expect("a link in the message");
            text[start..].split_whitespace().next().unwrap().to_string()
        })
        .collect();
    links.sort();
    links.pop().unwrap()
}

/// Follows the provider's redirects from `auth_url` (no page to fill in:
/// the one-time token signs in); returns the callback URL.
async fn through_provider(app: &TestApp, browser: &Browser, auth_url: &str) -> String {
    let mut next = url::Url::parse(auth_url).unwrap();
    for _ in 0..12 {
        let response = browser.client.get(next.clone()).send().await.unwrap();
        assert!(
            response.status().is_redirection(),
            "the provider answered {} at {next}: {}",
            response.status(),
            response.text().await.unwrap_or_default()
        );
        next = next.join(&location(&response)).unwrap();
        if next.as_str().starts_with(&app.url("/callback")) {
            return next.to_string();
        }
    }
    panic!("the provider never sent the browser back");
}

async fn outbox_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'sign_in_link'")
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mailed_link_signs_the_visitor_in_once_and_back_to_the_checkout_with_the_cart() {
    let app = spawn_app().await;
    let browser = Browser::new();
    app.add_to_cart(&browser, "Emma").await;
    assert_eq!(ask(&app, &browser, "ada@bookstore.test", None).await, SENT);
    let link = mailed_link(&app, "ada@bookstore.test", 1).await;

    let opened = browser.get(&link).await;
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    let auth_url = location(&opened);
    assert!(auth_url.starts_with(&app.idp.origin), "{auth_url}");
    assert_eq!(param(&auth_url, "login_hint").as_deref(), Some("ada@bookstore.test"));
    assert!(param(&auth_url, "one_time_token").is_some_and(|t| t.len() >= 16));
    let callback = through_provider(&app, &browser, &auth_url).await;
    let signed_in = browser.get(&callback).await;
    assert_eq!(location(&signed_in), "/checkout");
    let checkout = body(browser.get(&app.url("/checkout")).await).await;
    assert!(
        checkout.contains("Ada Lovelace") && checkout.contains("Emma"),
        "signed in, with the cart: {checkout}"
    );

    // Used: the same link (in any browser) only says so.
    for who in [&browser, &Browser::new()] {
        let again = who.get(&link).await;
        assert_eq!(location(&again), "/sign-in/link/confirm");
    }
    let gone = body(browser.get(&app.url("/sign-in/link/confirm")).await).await;
    assert!(gone.contains("This sign-in link no longer works"), "{gone}");
    // Nothing left in the database signs anybody in.
    let (sealed, used): (String, Option<i64>) = sqlx::query_as("SELECT sealed_token, used_at FROM sign_in_links")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert!(sealed.is_empty() && used.is_some());
    let body_text: String = sqlx::query_scalar("SELECT body_text FROM outbox WHERE kind = 'sign_in_link'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert!(body_text.is_empty(), "a sent link is not kept in the outbox");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_address_gets_the_same_answer_and_another_browser_confirms_first() {
    let app = spawn_app().await;
    let asker = Browser::new();
    let email = "new.reader@readers.test";
    assert_eq!(ask(&app, &asker, email, None).await, SENT, "the same answer as for ada");
    let link = mailed_link(&app, email, 1).await;

    // Opened in another browser (a phone's mail app, or a mail scanner):
    // it asks, and looking does not use it.
    let phone = Browser::new();
    let opened = phone.get(&link).await;
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    let confirm = location(&opened);
    assert!(confirm.starts_with("/sign-in/link/confirm?k="), "{confirm}");
    for _ in 0..2 {
        let page = body(phone.get(&app.url(&confirm)).await).await;
        assert!(
            page.contains("n…@readers.test") && page.contains("Sign in here"),
            "{page}"
        );
    }
    let key = param(&app.url(&confirm), "k").unwrap();
    let used = phone
        .client
        .post(app.url("/api/use_sign_in_link"))
        .header(ORIGIN, &app.origin)
        .form(&[("k", key.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(used.status(), StatusCode::SEE_OTHER);
    let callback = through_provider(&app, &phone, used.headers()[LOCATION].to_str().unwrap()).await;
    phone.get(&callback).await;
    let signed_in = app.stored_sign_in(&phone).await.expect("signed in");
    assert_eq!(
        signed_in.claims["email"], email,
        "a new customer, registered by the provider"
    );
    // The browser that asked cannot use it any more.
    assert_eq!(location(&asker.get(&link).await), "/sign-in/link/confirm");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_are_limited_per_address_and_per_client_and_say_so() {
    let app = spawn_app().await;
    let browser = Browser::new();
    for _ in 0..3 {
        assert_eq!(ask(&app, &browser, "grace@bookstore.test", None).await, SENT);
    }
    let limited = ask(&app, &browser, "GRACE@bookstore.test", None).await;
    assert!(limited.ends_with("&link=address-limit"), "{limited}");
    let page = body(browser.get(&app.url(&limited)).await).await;
    assert!(page.contains("We have sent several links to that address"), "{page}");

    // One client behind the proxy, many addresses.
    for n in 0..10 {
        let email = format!("reader{n}@readers.test");
        assert_eq!(ask(&app, &browser, &email, Some("203.0.113.7")).await, SENT);
    }
    let limited = ask(&app, &browser, "reader10@readers.test", Some("203.0.113.7")).await;
    assert!(limited.ends_with("&link=client-limit"), "{limited}");
    // Another client is not held back.
    assert_eq!(
        ask(&app, &browser, "reader10@readers.test", Some("198.51.100.9")).await,
        SENT
    );
    assert_eq!(outbox_rows(&app).await, 14, "a refused request mails nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_that_smuggles_headers_or_recipients_is_refused() {
    let app = spawn_app().await;
    let browser = Browser::new();
    for attempt in [
        "ada@bookstore.test\r\nBcc: eve@evil.test",
        "ada@bookstore.test\nSubject: free books",
        "ada@bookstore.test, eve@evil.test",
        "Ada <ada@bookstore.test>",
        "eve@evil.test%0d%0aBcc:x@evil.test",
        "not an address",
    ] {
        let answer = ask(&app, &browser, attempt, None).await;
        assert!(answer.ends_with("&link=bad-address"), "{attempt:?}: {answer}");
    }
    assert_eq!(outbox_rows(&app).await, 0);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_link_requests")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(rows, 0, "nothing asked of the provider, nothing counted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_that_was_never_mailed_or_is_malformed_leads_nowhere() {
    let app = spawn_app().await;
    let browser = Browser::new();
    for key in ["", "short", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "%00%0d%0a"] {
        let response = browser.get(&app.url(&format!("/sign-in/link?k={key}"))).await;
        assert!(response.status().is_redirection());
        let target = location(&response);
        assert!(
            target == "/sign-in/link/confirm" || target.starts_with("/callback/failed"),
            "{key}: {target}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_link_of_the_page_cannot_carry_a_one_time_token() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let auth_url = app
        .start_sign_in(
            &browser,
            "/sign-in?one_time_token=stolen&login_hint=ada%40bookstore.test",
        )
        .await;
    assert_eq!(param(&auth_url, "one_time_token"), None, "{auth_url}");
    assert_eq!(param(&auth_url, "login_hint").as_deref(), Some("ada@bookstore.test"));
}
