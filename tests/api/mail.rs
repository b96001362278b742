//! Order confirmations (issue 23, in progress): written to the outbox with
//! the order and delivered by the worker, here to the test's mail folder
//! (development delivery); only to an address the provider verified.

use std::time::Duration;

use reqwest::StatusCode;

use crate::helpers::*;

/// The `.eml` files in the app's mail folder, waiting up to 10 s for `count`.
async fn mail(app: &TestApp, count: usize) -> Vec<String> {
    let folder = app.dir.path().join("mail");
    for _ in 0..100 {
        let found: Vec<String> = std::fs::read_dir(&folder)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default();
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{count} message(s) did not arrive in {}", folder.display());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_sends_its_confirmation_to_the_verified_address() {
    let app = spawn_app().await;
    let ada = Browser::new();
    app.sign_in_as(&ada, "/sign-in", ADA).await;
    app.add_to_cart(&ada, "Dracula").await;
    let key = app.order_key(&ada).await;
    let placed = app.place_order_with_key(&ada, &key, None).await;
    assert_eq!(placed.status(), StatusCode::OK);
    let order: i64 = placed.text().await.unwrap().trim().parse().unwrap();

    let messages = mail(&app, 1).await;
    let message = &messages[0];
    assert!(message.contains("To: ada@bookstore.test"), "{message}");
    assert!(
        message.contains(&format!("Subject: Your Bookstore order {order}")),
        "{message}"
    );
    assert!(message.contains("multipart/alternative"));
    assert!(message.contains("From: Bookstore <shop@localhost>"));

    // The same form again places nothing and writes nothing.
    app.place_order_with_key(&ada, &key, None).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(mail(&app, 1).await.len(), 1, "one order, one message");
}
