//! Roles, tokens per resource and organizations through the web app.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{ADA, ALAN, Browser, GRACE, NEW_BOOK, TestApp, body, location, spawn_app};

/// The book club's overview (`/api/organization`) as `browser`'s user sees it.
async fn club(app: &TestApp, browser: &Browser) -> Value {
    let response = app.call(browser, "/api/organization", &[("id", "org-bletchley")]).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn signed_in(app: &TestApp, user: (&str, &str, &str)) -> Browser {
    let browser = Browser::new();
    let callback = app.sign_in_as(&browser, "/sign-in", user).await;
    assert_eq!(callback.status(), StatusCode::FOUND);
    browser
}

#[tokio::test(flavor = "multi_thread")]
async fn only_admins_can_change_the_catalog() {
    let app = spawn_app().await;
    let ada = signed_in(&app, ADA).await;
    // The search filters are kept per catalog version: seen once before the edit…
    let before = body(ada.get(&app.url("/books")).await).await;
    assert!(!before.contains("<option value=\"Agatha Christie\">"));
    let response = app.call(&ada, "/api/admin/save_book", &NEW_BOOK).await;
    assert_eq!(response.status(), StatusCode::OK);
    let id = response.json::<Value>().await.unwrap().as_i64().unwrap();
    let page = body(ada.get(&app.url("/books?q=styles")).await).await;
    assert!(
        page.contains("The Mysterious Affair at Styles"),
        "the new book is in the catalog"
    );
    // …and refreshed at once after it.
    assert!(
        page.contains("<option value=\"Agatha Christie\">"),
        "the new author is among the filters"
    );
    let response = app
        .call(&ada, "/api/admin/set_stock", &[("id", &id.to_string()), ("stock", "9")])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let admin_page = ada.get(&app.url("/admin")).await;
    assert_eq!(admin_page.status(), StatusCode::OK);
    assert!(body(admin_page).await.contains("Manage the catalog"));

    // A reader: every admin function answers 403, whatever the UI shows.
    let grace = signed_in(&app, GRACE).await;
    let id = id.to_string();
    for (endpoint, args) in [
        ("/api/admin/save_book", NEW_BOOK.to_vec()),
        ("/api/admin/set_stock", vec![("id", id.as_str()), ("stock", "0")]),
        ("/api/admin/delete_book", vec![("id", id.as_str())]),
        ("/api/admin/book", vec![("id", id.as_str())]),
    ] {
        let response = app.call(&grace, endpoint, &args).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{endpoint} as a reader");
        assert!(body(response).await.contains("does not have the admin role"));
        let response = app.call(&Browser::new(), endpoint, &args).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{endpoint} signed out");
    }
    let page = grace.get(&app.url("/admin")).await;
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    assert!(
        !body(grace.get(&app.url("/")).await).await.contains("href=\"/admin\""),
        "no admin link for readers"
    );
    let page = Browser::new().get(&app.url("/admin")).await;
    assert_eq!(location(&page), "/sign-in?return_to=/admin");
    let stock: i64 = sqlx::query_scalar("SELECT stock FROM books WHERE id = $1")
        .bind(id.parse::<i64>().unwrap())
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(stock, 9, "the reader's calls changed nothing");

    // The admin removes it; bad input is named field by field.
    let mut bad = NEW_BOOK.to_vec();
    bad[0] = ("title", "");
    bad[5] = ("price", "x");
    let response = app.call(&ada, "/api/admin/save_book", &bad).await;
    let status = response.status();
    let text = body(response).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("\"title\"") && text.contains("\"price\""), "{text}");
    let response = app.call(&ada, "/api/admin/delete_book", &[("id", &id)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        ada.get(&app.url(&format!("/books/{id}"))).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn organization_tokens_decide_what_members_may_do() {
    let app = spawn_app().await;
    let alan = signed_in(&app, ALAN).await;
    let before = app.state.auth.flights.started();
    // Four concurrent requests needing the same organization token: one refresh.
    let url = app.url("/api/organization");
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let (client, url) = (alan.client.clone(), url.clone());
            tokio::spawn(async move {
                let request = client.post(url).header(reqwest::header::ACCEPT, "application/json");
                request.form(&[("id", "org-bletchley")]).send().await.unwrap()
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().status(), StatusCode::OK);
    }
    assert_eq!(
        app.state.auth.flights.started() - before,
        1,
        "concurrent refreshes merged"
    );
    let overview = club(&app, &alan).await;
    assert_eq!(overview["membership"]["name"], "Bletchley Park Book Club");
    assert_eq!(overview["scopes"], serde_json::json!(["read:orders", "create:orders"]));
    assert_eq!(overview["orders"], serde_json::json!([]));
    assert_eq!(
        app.state.auth.flights.started() - before,
        1,
        "the cached token is reused"
    );

    // Alan orders for the club, which checkout offers by name.
    app.add_to_cart(&alan, "Emma").await;
    let view: Value = app.call(&alan, "/api/checkout", &[]).await.json().await.unwrap();
    assert_eq!(view["organizations"][0]["name"], "Bletchley Park Book Club", "{view}");
    assert_eq!(
        app.place_order(&alan, Some("org-bletchley")).await.status(),
        StatusCode::OK
    );
    let overview = club(&app, &alan).await;
    assert_eq!(overview["orders"].as_array().unwrap().len(), 1);
    // Its confirmation goes to the member who placed it.
    let mail = crate::helpers::messages_where(&app.dir.path().join("mail"), 1, |m| {
        m.contains("Subject: Your Bookstore order")
    })
    .await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].contains("To: alan@bookstore.test"), "{}", mail[0]);
    let page = body(alan.get(&app.url("/organizations/org-bletchley")).await).await;
    assert!(page.contains("The organization&#x27;s orders") || page.contains("The organization's orders"));

    // Grace is a member without the purchaser role: no orders, cannot order for it.
    let grace = signed_in(&app, GRACE).await;
    let overview = club(&app, &grace).await;
    assert_eq!(overview["scopes"], serde_json::json!([]));
    assert!(overview["orders"].is_null());
    app.add_to_cart(&grace, "Emma").await;
    let refused = app.place_order(&grace, Some("org-bletchley")).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // Ada is no member: refused from her ID token, before any token request,
    // and so is an id that cannot be an organization's.
    let ada = signed_in(&app, ADA).await;
    let before = app.state.auth.flights.started();
    let response = app.call(&ada, "/api/organization", &[("id", "org-bletchley")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let long = "x".repeat(5000);
    let response = app.call(&ada, "/api/organization", &[("id", long.as_str())]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.state.auth.flights.started(),
        before,
        "no organization token was asked for"
    );
    assert_eq!(
        ada.get(&app.url("/organizations/org-bletchley")).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refresh_token_revoked_elsewhere_signs_the_user_out_cleanly() {
    let app = spawn_app().await;
    let alan = signed_in(&app, ALAN).await;
    let stored = app.stored_sign_in(&alan).await.unwrap();
    app.revoke(stored.tokens.refresh_token.as_deref().unwrap()).await;
    let response = app.call(&alan, "/api/organization", &[("id", "org-bletchley")]).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(body(response).await.contains("SessionExpired"));
    assert!(app.stored_sign_in(&alan).await.is_none(), "the session is gone");
    let home = body(alan.get(&app.url("/")).await).await;
    assert!(home.contains("You are not signed in."));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_account_page_shows_roles_api_permissions_and_organizations() {
    let app = spawn_app().await;
    let ada = signed_in(&app, ADA).await;
    let page = body(ada.get(&app.url("/account")).await).await;
    assert!(page.contains("read:orders"), "Ada's API permissions");
    let stored = app.stored_sign_in(&ada).await.unwrap();
    assert!(stored.user.is_admin && stored.user.roles.contains(&"admin".to_string()));
    assert!(
        stored.tokens.resource_tokens.contains_key("https://api.bookstore.test"),
        "cached per resource"
    );

    let alan = signed_in(&app, ALAN).await;
    let page = body(alan.get(&app.url("/account")).await).await;
    assert!(page.contains("Bletchley Park Book Club"));
    assert!(page.contains("your role: purchaser"));
}
