//! The Bookstore server: reads settings, then serves until SIGTERM or Ctrl-C.

/// mimalloc instead of glibc's allocator: rendering a page allocates and frees
/// many small strings across threads, and glibc malloc was a third of the CPU
/// profile under load (see docs/performance.md).
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    bookstore::server::main().await
}

#[cfg(not(feature = "ssr"))]
fn main() {}
