//! Serving a router on a listener with hyper's timers on: a client must send
//! a request's whole head within [`header_timeout`] of starting it, or the
//! connection is closed. (`axum::serve` gives hyper no timer, so its header
//! read timeout never fires: a client sending a header byte every few
//! seconds would hold a connection for ever; the router's `TimeoutLayer`
//! only starts once the head is in.) In-flight requests finish on shutdown.

use std::future::Future;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use crate::server::front::Front;

/// The longest a request's head may take: the request timeout, at most 30 s.
pub fn header_timeout(request_timeout: Duration) -> Duration {
    request_timeout.min(Duration::from_secs(30))
}

/// Serves `front` (the router behind its front door) on `listener` until
/// `shutdown` completes, then waits for the connections' in-flight requests.
pub async fn serve_router(
    listener: TcpListener,
    front: Front,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(header_timeout);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => (stream, peer),
                Err(err) => {
                    // Out of file descriptors and the like: wait, then go on.
                    tracing::warn!(error = %err, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = stream;
        let service = TowerToHyperService::new(front.for_peer(peer));
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, "a connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}
