//! A TCP proxy in front of a server (PostgreSQL, Redis) that a test can cut
//! or stall, to see what Bookstore does when its database goes away:
//! `cut` closes every connection and refuses new ones (the server died or
//! the network dropped); `stall` closes them and then accepts new ones
//! without ever answering (an overloaded or hung server); `restore` forwards
//! again.

use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Forward,
    Refuse,
    Stall,
}

struct Shared {
    mode: Mutex<Mode>,
    connections: Mutex<Vec<AbortHandle>>,
}

pub struct Proxy {
    pub port: u16,
    shared: Arc<Shared>,
    accept: AbortHandle,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `upstream` (`host:port`).
    pub async fn start(upstream: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared {
            mode: Mutex::new(Mode::Forward),
            connections: Mutex::new(Vec::new()),
        });
        let accepting = shared.clone();
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let mode = *accepting.mode.lock().unwrap();
                let upstream = upstream.clone();
                let task = tokio::spawn(async move {
                    match mode {
                        Mode::Refuse => drop(client),
                        // Hold the connection open, never read or answer.
                        Mode::Stall => std::future::pending::<()>().await,
                        Mode::Forward => {
                            if let Ok(mut server) = TcpStream::connect(&upstream).await {
                                let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                            }
                        }
                    }
                });
                accepting.connections.lock().unwrap().push(task.abort_handle());
            }
        })
        .abort_handle();
        Proxy { port, shared, accept }
    }

    fn set(&self, mode: Mode) {
        *self.shared.mode.lock().unwrap() = mode;
        for connection in self.shared.connections.lock().unwrap().drain(..) {
            connection.abort();
        }
    }

    pub fn cut(&self) {
        self.set(Mode::Refuse);
    }

    pub fn stall(&self) {
        self.set(Mode::Stall);
    }

    pub fn restore(&self) {
        *self.shared.mode.lock().unwrap() = Mode::Forward;
    }

    /// `url` (a database or Redis URL) pointed at this proxy instead.
    pub fn url_for(&self, url: &str) -> String {
        let mut url = url::Url::parse(url).expect("a URL");
        url.set_port(Some(self.port)).expect("a URL with a port");
        url.to_string()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.set(Mode::Refuse);
    }
}

/// `host:port` of a database or Redis URL.
pub fn address_of(url: &str) -> String {
    let url = url::Url::parse(url).expect("a URL");
    format!("{}:{}", url.host_str().expect("a host"), url.port().expect("a port"))
}
