//! Order confirmations (issue 23): written to the outbox with the order and
//! delivered by the worker, to the test's mail folder (development
//! delivery) or an SMTP server; only to an address the provider verified.

use std::time::Duration;

use reqwest::StatusCode;

use crate::helpers::*;

/// The SMTP server the library's own tests use.
#[path = "../../core/src/mail/test_smtp.rs"]
mod test_smtp;

/// The `.eml` files in the app's mail folder, waiting up to 10 s for `count`.
async fn mail(app: &TestApp, count: usize) -> Vec<String> {
    messages_where(&app.dir.path().join("mail"), count, |_| true).await
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

async fn outbox_where(app: &TestApp, condition: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM outbox WHERE {condition}"))
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

/// Two instances share one database and one SMTP server, which is down when
/// the orders are placed: the orders go through, their mail waits in the
/// outbox, and once the server is up each message arrives exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_waits_for_a_dead_smtp_server_and_two_instances_send_each_message_once() {
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let env = vec![("BOOKSTORE_SMTP_URL", format!("smtp://127.0.0.1:{port}"))];
    let first = spawn_app_with(SpawnOptions {
        extra_env: env.clone(),
        ..Default::default()
    })
    .await;
    let _second = spawn_app_with(SpawnOptions {
        instance_of: Some(first.instance()),
        extra_env: env,
        ..Default::default()
    })
    .await;

    let (ada, grace) = (Browser::new(), Browser::new());
    first.sign_in_as(&ada, "/sign-in", ADA).await;
    first.sign_in_as(&grace, "/sign-in", GRACE).await;
    for (browser, title) in [(&ada, "Emma"), (&ada, "Dracula"), (&grace, "Emma")] {
        first.add_to_cart(browser, title).await;
        assert_eq!(
            first.place_order(browser, None).await.status(),
            StatusCode::OK,
            "mail never fails an order"
        );
    }
    // Tried, refused by nobody listening, and kept.
    for _ in 0..100 {
        if outbox_where(&first, "attempts >= 1").await == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        outbox_where(&first, "attempts >= 1 AND sent_at IS NULL AND failed_at IS NULL").await,
        3
    );

    // The server comes up; the next try (after the first backoff, 30 s) delivers.
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    let received = test_smtp::serve(listener);
    for _ in 0..600 {
        if received.messages().len() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Both workers keep looking; nothing arrives twice.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let messages = received.messages();
    assert_eq!(messages.len(), 3, "each message once");
    let mut ids: Vec<&str> = messages
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("Message-ID:")))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
    assert_eq!(
        messages.iter().filter(|m| m.contains("To: ada@bookstore.test")).count(),
        2
    );
    assert_eq!(outbox_where(&first, "sent_at IS NOT NULL").await, 3);
}
