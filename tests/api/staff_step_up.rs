//! Step-up before staff changes (issue 21, section 2): an admin whose
//! sign-in is older than `BOOKSTORE_STEP_UP_STAFF_AGE` confirms first;
//! nothing changes before, and a book form comes back filled.

use reqwest::StatusCode;

use crate::helpers::{ADA, Browser, NEW_BOOK, location, spawn_app};
use crate::step_up::{age_sign_in, json, param};

#[tokio::test(flavor = "multi_thread")]
async fn an_old_staff_sign_in_confirms_first_and_finds_its_book_form_again() {
    let app = spawn_app().await;
    let ada = Browser::new();
    app.sign_in(&ada, "/sign-in").await;
    age_sign_in(&app, 3600).await;

    let asked = app.call(&ada, "/api/admin/save_book", &NEW_BOOK).await;
    assert_eq!(asked.status(), StatusCode::OK);
    let provider = location(&asked);
    assert!(provider.starts_with(&app.idp.origin), "{provider}");
    assert_eq!(param(&provider, "max_age").as_deref(), Some("0"));
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM books WHERE title = 'The Mysterious Affair at Styles'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(kept, 0, "nothing saved before she confirms");

    let callback = app.log_in_at_provider(&ada, &provider, ADA.0, ADA.1).await;
    assert_eq!(location(&ada.get(&callback).await), "/admin/books/new");
    let draft = json(app.call(&ada, "/api/admin/new_book_draft", &[]).await).await;
    assert_eq!(
        draft["title"], "The Mysterious Affair at Styles",
        "the form as she left it"
    );
    assert_eq!(draft["price"], "11.50");
    let saved = app.call(&ada, "/api/admin/save_book", &NEW_BOOK).await;
    assert!(location(&saved).starts_with("/admin/books/"), "saved now");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_old_staff_sign_in_changes_no_stock_before_it_confirms() {
    let app = spawn_app().await;
    let ada = Browser::new();
    app.sign_in(&ada, "/sign-in").await;
    age_sign_in(&app, 3600).await;
    let id = app.book_id("Pride and Prejudice").await;
    let before: i64 = sqlx::query_scalar("SELECT stock FROM books WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let asked = app
        .call(&ada, "/api/admin/set_stock", &[("id", &id.to_string()), ("stock", "0")])
        .await;
    assert!(location(&asked).starts_with(&app.idp.origin));
    let after: i64 = sqlx::query_scalar("SELECT stock FROM books WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(after, before);
    let removed = app
        .call(&ada, "/api/admin/delete_book", &[("id", &id.to_string())])
        .await;
    assert!(
        location(&removed).starts_with(&app.idp.origin),
        "removing a book asks too"
    );
}
