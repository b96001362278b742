use std::process::Command;

use crate::helpers::repo_root;

#[test]
fn a_broken_configuration_stops_start_up_with_one_line_per_problem() {
    let output = Command::new(env!("CARGO_BIN_EXE_bookstore"))
        .current_dir(repo_root())
        .env("BOOKSTORE_PUBLIC_URL", "ftp://shop")
        .env("LOGTO_ENDPOINT", "https://tenant.logto.app")
        .env_remove("LOGTO_APP_ID")
        .env_remove("LOGTO_APP_SECRET")
        .env("LOGTO_PROMPT", "sometimes")
        .env("DATABASE_URL", "sqlite://target/never-created.db")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .output()
        .expect("run the server binary");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "BOOKSTORE_PUBLIC_URL: `ftp://shop` must start with http:// or https://",
        "LOGTO_APP_ID: is required when LOGTO_ENDPOINT is set",
        "LOGTO_APP_SECRET: is required when LOGTO_ENDPOINT is set",
        "LOGTO_PROMPT: `sometimes` is not a prompt value",
    ] {
        assert!(
            stderr.lines().any(|line| line.starts_with(expected)),
            "missing {expected:?} in:\n{stderr}"
        );
    }
}
