//! Graceful shutdown of the real binary: on SIGTERM it stops accepting
//! connections, finishes the requests in flight, then exits 0.

use std::process::Stdio;
use std::time::Duration;

use reqwest::StatusCode;
use tokio::process::Command;

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_finishes_requests_in_flight_and_refuses_new_ones() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let origin = format!("http://localhost:{port}");
    let idp = TestIdp::start(&origin, "ES384", &LOGTO_CLIENT).await;
    let dir = tempfile::tempdir().unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_bookstore"))
        .current_dir(repo_root())
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("BOOKSTORE_PUBLIC_URL", &origin)
        .env("LOGTO_ENDPOINT", &idp.origin)
        .env("LOGTO_APP_ID", CLIENT_ID)
        .env("LOGTO_APP_SECRET", CLIENT_SECRET)
        .env("DATABASE_URL", format!("sqlite://{}/shop.db", dir.path().display()))
        .env_remove("BOOKSTORE_CONFIG")
        .env_remove("SESSION_STORE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start the server binary");
    let _keep = dir;
    let mut ready = false;
    for _ in 0..100 {
        if let Ok(response) = reqwest::get(format!("{origin}/healthz")).await
            && response.status() == StatusCode::OK
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "the server answers /healthz");

    // A sign-in whose callback is in flight: the provider is frozen, so the
    // code exchange waits.
    let browser = Browser::new();
    let response = browser.get(&format!("{origin}/sign-in")).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let form = [("identifier", ADA.0), ("password", ADA.1)];
    let callback = finish_at_provider(&browser, &origin, &location(&response), "login", &form).await;
    idp.pause();
    let in_flight = tokio::spawn(async move {
        let response = browser.get(&callback).await;
        (response.status(), location(&response))
    });
    tokio::time::sleep(Duration::from_millis(500)).await;

    let pid = server.id().expect("running").to_string();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(status.success());
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await.is_err(),
        "no new connections once shutting down"
    );
    assert!(
        !in_flight.is_finished(),
        "the callback is still waiting for the provider"
    );

    idp.resume();
    let (status, location) = in_flight.await.unwrap();
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::FOUND, "/"),
        "the request in flight completed"
    );
    let exit = tokio::time::timeout(Duration::from_secs(15), server.wait())
        .await
        .expect("the server exits after its last request")
        .unwrap();
    assert!(exit.success(), "exit status {exit}");
}
