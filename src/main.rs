//! The Bookstore server: reads settings, then serves until SIGTERM or Ctrl-C.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    bookstore::server::main().await
}

#[cfg(not(feature = "ssr"))]
fn main() {}
