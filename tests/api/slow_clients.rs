//! Slow clients cannot hold a connection for ever: a request whose body
//! trickles in answers 408, and one whose head trickles in is cut off.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{SpawnOptions, TestApp, spawn_app_with};

/// An app whose requests may take one second, and a raw connection to it.
async fn connect_with_a_one_second_timeout() -> (TestApp, TcpStream) {
    let app = spawn_app_with(SpawnOptions {
        extra_env: vec![("BOOKSTORE_REQUEST_TIMEOUT_SECS", "1".into())],
        ..SpawnOptions::default()
    })
    .await;
    let address = app
        .origin
        .trim_start_matches("http://")
        .replace("localhost", "127.0.0.1");
    let stream = TcpStream::connect(address).await.unwrap();
    (app, stream)
}

/// A client that sends its body too slowly is answered 408 and let go,
/// instead of holding a connection and a handler for ever.
#[tokio::test(flavor = "multi_thread")]
async fn a_client_trickling_its_request_is_cut_off() {
    let (_app, mut stream) = connect_with_a_one_second_timeout().await;
    stream
        .write_all(b"POST /api/add_to_cart HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nbook_id=1")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut answer = vec![0; 64];
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("answered within the timeout")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

/// A client that trickles its request's *head* (a header line every half
/// second, never the blank line) is cut off once the head has taken longer
/// than the header timeout: it cannot hold a connection for ever.
#[tokio::test(flavor = "multi_thread")]
async fn a_client_trickling_its_request_head_is_cut_off() {
    let (_app, mut stream) = connect_with_a_one_second_timeout().await;
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut closed_after = None;
    for n in 0..20 {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        if stream
            .write_all(format!("X-Trickle-{n}: 1\r\n").as_bytes())
            .await
            .is_err()
        {
            closed_after = Some(started.elapsed());
            break;
        }
        let mut answer = [0u8; 256];
        match tokio::time::timeout(std::time::Duration::from_millis(1), stream.read(&mut answer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                closed_after = Some(started.elapsed());
                break;
            }
            Ok(Ok(read)) => {
                // hyper may say 408 before closing; either way the connection ends.
                let answer = String::from_utf8_lossy(&answer[..read]);
                assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
            }
            Err(_) => {}
        }
    }
    let closed_after = closed_after.expect("the connection was closed while the head trickled in");
    assert!(closed_after < std::time::Duration::from_secs(5), "{closed_after:?}");
}
