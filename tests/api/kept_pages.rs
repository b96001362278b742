//! The page cache keeps only what is the same for everyone: however a
//! customer's browser spells the session cookie, their page is theirs alone;
//! a kept page echoes nothing of one visitor's URL to another; junk URLs are
//! served and not kept; a degraded page is not kept.

use reqwest::StatusCode;
use reqwest::header::{COOKIE, HeaderValue};

use crate::helpers::*;

/// What a render kept for everyone looks like: no per-response nonce.
fn was_kept(response: &reqwest::Response) -> bool {
    let csp = response.headers()["content-security-policy"].to_str().unwrap();
    !csp.contains("'nonce-")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_spelling_of_the_session_cookie_gets_the_customers_own_page_and_never_a_strangers() {
    let app = spawn_app().await;
    let ada = Browser::new();
    app.sign_in_as(&ada, "/sign-in", ADA).await;
    let sid = ada.session_cookie(&app.origin).expect("a session cookie");
    let id = app.book_id("Pride and Prejudice").await;
    // Each spelling is a list of `Cookie` headers. The session layer reads
    // all but the quoted value as Ada's session (tower-sessions takes the
    // value as it is, quotes and all, which is no session id): that one must
    // be nobody's page, neither hers nor kept for strangers.
    let spellings: Vec<(&str, Vec<Vec<u8>>)> = vec![
        (
            "a percent-encoded name",
            vec![format!("bookstore%2Esid={sid}").into_bytes()],
        ),
        (
            "a non-ASCII byte elsewhere in the header",
            vec![format!("bookstore.sid={sid}; pref=café").into_bytes()],
        ),
        (
            "the cookie in a second Cookie header",
            vec![b"lang=en".to_vec(), format!("bookstore.sid={sid}").into_bytes()],
        ),
        ("a quoted value", vec![format!("bookstore.sid=\"{sid}\"").into_bytes()]),
    ];
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for path in ["/", "/books?q=pride", &format!("/books/{id}")] {
        for (spelling, headers) in &spellings {
            let mut request = plain.get(app.url(path)).header("accept", "text/html");
            for header in headers {
                request = request.header(COOKIE, HeaderValue::from_bytes(header).unwrap());
            }
            let own = request.send().await.unwrap();
            assert_eq!(own.status(), StatusCode::OK, "{path}, {spelling}");
            let own = body(own).await;
            let signed_in = own.contains(ADA.2) && own.contains("Sign out");
            assert_eq!(
                signed_in,
                *spelling != "a quoted value",
                "{path}, {spelling}: Ada sees her own page when the session layer takes the cookie"
            );
            let stranger = body(Browser::new().get(&app.url(path)).await).await;
            assert!(
                !stranger.contains(ADA.2) && !stranger.contains("Sign out") && !stranger.contains("ada@"),
                "{path}, {spelling}: a stranger was served Ada's page"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_page_echoes_nothing_of_another_visitors_url() {
    let app = spawn_app().await;
    let marker = "zz-not-yours";
    let first = Browser::new()
        .get(&app.url(&format!("/books?q=cat&from={marker}&&sort=relevance")))
        .await;
    assert!(was_kept(&first), "kept under its normalised key");
    assert!(!body(first).await.contains(marker));
    let second = Browser::new().get(&app.url("/books?q=cat")).await;
    assert!(was_kept(&second));
    let second = body(second).await;
    assert!(
        second.contains("value=\"/books?q=cat\""),
        "the switch returns to the search"
    );
    assert!(!second.contains(marker));
    let home = body(Browser::new().get(&app.url(&format!("/?utm_source={marker}"))).await).await;
    assert!(!home.contains(marker));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_query_is_served_but_not_kept() {
    let app = spawn_app().await;
    let url = app.url(&format!("/books?q=cat&junk={}", "x".repeat(10 * 1024)));
    for _ in 0..2 {
        let response = Browser::new().get(&url).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(!was_kept(&response), "a 10 KB URI is nobody else's");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_page_without_its_filters_is_served_but_not_kept() {
    let app = spawn_app().await;
    // The filters' query fails (its table is gone); the search still works.
    sqlx::query("ALTER TABLE book_subjects RENAME TO book_subjects_away")
        .execute(&app.state.db)
        .await
        .unwrap();
    for _ in 0..2 {
        let response = Browser::new().get(&app.url("/books?q=pride")).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(!was_kept(&response), "a degraded page is not kept");
        assert!(body(response).await.contains("Pride and Prejudice"));
    }
}
