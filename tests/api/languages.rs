//! The shop's language: chosen in the header (a plain form, no JavaScript),
//! remembered in a cookie and with the customer, else the browser's
//! `Accept-Language`; pages, kept pages and the provider all follow it.

use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, SET_COOKIE};

use crate::helpers::{ADA, Browser, TestApp, body, location, param, spawn_app};

/// Posts the header's switch as a browser without JavaScript does.
async fn choose(app: &TestApp, browser: &Browser, to: &str, return_to: &str) -> reqwest::Response {
    browser
        .client
        .post(app.url("/language"))
        .form(&[("to", to), ("return_to", return_to)])
        .send()
        .await
        .unwrap()
}

/// A page, from a browser whose own preference is `accept_language`.
async fn page_in(app: &TestApp, browser: &Browser, path: &str, accept_language: &str) -> String {
    body(
        browser
            .client
            .get(app.url(path))
            .header(ACCEPT_LANGUAGE, accept_language)
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// The `lang=` cookies a response sets.
fn language_cookies(response: &reqwest::Response) -> Vec<String> {
    let all = response.headers().get_all(SET_COOKIE).iter();
    all.map(|v| v.to_str().unwrap().to_string())
        .filter(|c| c.starts_with("lang="))
        .collect()
}

fn html_lang(page: &str) -> &str {
    let start = page.find("<html lang=\"").expect("an html element with lang") + 12;
    &page[start..start + page[start..].find('"').unwrap()]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_language_then_the_switch_decide_the_page_language() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let english = body(browser.get(&app.url("/books?q=%E7%8C%AB")).await).await;
    assert_eq!(html_lang(&english), "en");
    assert!(english.contains("1 book matches"), "English by default");

    let japanese = page_in(&app, &browser, "/books?q=%E7%8C%AB", "ja-JP,ja;q=0.9,en;q=0.5").await;
    assert_eq!(html_lang(&japanese), "ja");
    assert!(japanese.contains("「猫」に一致する本：1冊"), "{japanese}");
    assert!(japanese.contains("9.99ドル"), "prices the Japanese way");

    // The switch: a plain form post, answered 303 back to the page.
    let response = choose(&app, &browser, "ja", "/books?q=%E7%8C%AB").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/books?q=%E7%8C%AB");
    let cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("lang=ja;") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    // The choice beats the browser's own preference from now on.
    let chosen = page_in(&app, &browser, "/", "en-US").await;
    assert_eq!(html_lang(&chosen), "ja");
    assert!(chosen.contains("手元に置きたい本を"));
    // And the provider is asked to speak it too.
    let auth_url = app.start_sign_in(&browser, "/sign-in").await;
    assert_eq!(param(&auth_url, "ui_locales").as_deref(), Some("ja"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_switch_goes_back_only_to_this_site_and_ignores_unknown_languages() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let response = choose(&app, &browser, "ja", "https://evil.example/").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/", "no open redirect");
    let response = choose(&app, &browser, "xx", "/books").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        response.headers().get(SET_COOKIE).is_none(),
        "an unknown language changes nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kept_pages_are_kept_per_language() {
    let app = spawn_app().await;
    let get = |language: &'static str| {
        let client = reqwest::Client::new();
        let url = app.url("/");
        async move { body(client.get(url).header(ACCEPT_LANGUAGE, language).send().await.unwrap()).await }
    };
    // Each twice: the second answer of each comes from the kept page.
    for _ in 0..2 {
        assert_eq!(html_lang(&get("en").await), "en");
        assert_eq!(html_lang(&get("ja").await), "ja");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customers_language_follows_them_to_another_browser() {
    let app = spawn_app().await;
    let laptop = Browser::new();
    assert_eq!(app.sign_in(&laptop, "/sign-in").await.status(), StatusCode::FOUND);
    assert_eq!(
        choose(&app, &laptop, "ja", "/account").await.status(),
        StatusCode::SEE_OTHER
    );

    // Another browser, no choice made there: signing in brings Japanese.
    let phone = Browser::new();
    let callback = app.sign_in_as(&phone, "/sign-in", ADA).await;
    assert_eq!(callback.status(), StatusCode::FOUND);
    let cookies = language_cookies(&callback);
    assert!(cookies.iter().any(|c| c.starts_with("lang=ja;")), "{cookies:?}");
    let page = body(phone.get(&app.url("/account")).await).await;
    assert_eq!(html_lang(&page), "ja");

    // A browser that chose English before signing in keeps English, but its
    // cookie (which a sibling site can set) does not change the customer's
    // choice: another fresh browser still gets Japanese.
    let tablet = Browser::new();
    choose(&app, &tablet, "en", "/").await;
    let callback = app.sign_in_as(&tablet, "/sign-in", ADA).await;
    assert_eq!(language_cookies(&callback), Vec::<String>::new());
    assert_eq!(html_lang(&body(tablet.get(&app.url("/account")).await).await), "en");
    let fresh = Browser::new();
    let callback = app.sign_in_as(&fresh, "/sign-in", ADA).await;
    let cookies = language_cookies(&callback);
    assert!(cookies.iter().any(|c| c.starts_with("lang=ja;")), "{cookies:?}");

    // A switch made while signed in is the customer's new choice.
    choose(&app, &tablet, "en", "/").await;
    let callback = app.sign_in_as(&Browser::new(), "/sign-in", ADA).await;
    let cookies = language_cookies(&callback);
    assert!(cookies.iter().any(|c| c.starts_with("lang=en;")), "{cookies:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_messages_are_written_in_the_visitors_language() {
    let app = spawn_app().await;
    let browser = Browser::new();
    choose(&app, &browser, "ja", "/").await;
    let emma = app.book_id("Emma").await.to_string();
    let response = app
        .call(&browser, "/api/update_cart", &[("book_id", &emma), ("quantity", "999")])
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let text = body(response).await;
    assert!(text.contains("『Emma』の在庫は残り"), "{text}");
}
