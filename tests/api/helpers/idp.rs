//! The dev identity provider (end2end/idp) as a child process, and how it
//! registers Bookstore as its client.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use super::*;

/// The dev identity provider as a child process; killed on drop. It can be
/// stopped and started again on the same port (outage tests).
pub struct TestIdp {
    pub origin: String,
    child: Option<Child>,
    app_origin: String,
    signing_alg: String,
    client: IdpClient,
}

/// How a dev identity provider registers Bookstore as its client.
#[derive(Clone, Copy)]
pub struct IdpClient {
    pub id: &'static str,
    pub secret: &'static str,
    pub auth_method: &'static str,
}

pub const LOGTO_CLIENT: IdpClient = IdpClient {
    id: CLIENT_ID,
    secret: CLIENT_SECRET,
    auth_method: "client_secret_basic",
};
// Long enough to key HS512 for client_secret_jwt.
pub const ACME_CLIENT: IdpClient = IdpClient {
    id: "acme-shop",
    secret: "acme-secret-0123456789-0123456789-0123456789-0123456789-0123456789",
    auth_method: "client_secret_post",
};

impl TestIdp {
    pub async fn start(app_origin: &str, signing_alg: &str, client: &IdpClient) -> Self {
        Self::start_on(app_origin, signing_alg, client, 0).await
    }

    /// A provider another test app started (this handle does not own it).
    pub fn running(origin: &str) -> Self {
        TestIdp {
            origin: origin.to_string(),
            child: None,
            app_origin: String::new(),
            signing_alg: String::new(),
            client: LOGTO_CLIENT,
        }
    }

    /// Freezes the provider (SIGSTOP): connections are accepted by the
    /// kernel but never answered, as with a hung server.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// Lets a paused provider run again (SIGCONT).
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, signal: &str) {
        let pid = self.child.as_ref().and_then(|c| c.id()).expect("a running provider");
        let status = std::process::Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill {signal} {pid}");
    }

    /// Kills the provider and waits until it is gone (its port is free).
    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
        }
    }

    /// Starts the provider again on its old port (with a new signing key, as after a restart).
    pub async fn restart(&mut self) {
        self.stop().await;
        let port: u16 = self
            .origin
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port");
        *self = Self::start_on(&self.app_origin, &self.signing_alg, &self.client, port).await;
    }

    async fn start_on(app_origin: &str, signing_alg: &str, client: &IdpClient, port: u16) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(
            root.join("end2end/node_modules/oidc-provider").exists(),
            "the dev identity provider's packages are missing: run scripts/setup (npm ci in end2end/)"
        );
        let mut child = Command::new("node")
            .arg("idp/server.mjs")
            .current_dir(root.join("end2end"))
            .env("IDP_PORT", port.to_string())
            .env("IDP_SIGNING_ALG", signing_alg)
            .env("IDP_CLIENT_ID", client.id)
            .env("IDP_CLIENT_SECRET", client.secret)
            .env("IDP_CLIENT_AUTH_METHOD", client.auth_method)
            .env("IDP_CLIENT_JWKS", client_public_jwks())
            .env("IDP_REDIRECT_URIS", format!("{app_origin}/callback"))
            .env("IDP_POST_LOGOUT_REDIRECT_URIS", format!("{app_origin}/"))
            .env("IDP_TEST_MINT", "1")
            .env(
                "IDP_WEBHOOK_URL",
                // 127.0.0.1, not localhost: Node may resolve localhost to ::1.
                format!("{app_origin}/webhooks/logto").replace("//localhost:", "//127.0.0.1:"),
            )
            .env("IDP_WEBHOOK_SIGNING_KEY", super::WEBHOOK_KEY)
            .stdout(Stdio::piped())
            // BOOKSTORE_TEST_IDP_STDERR=1 shows the provider's own errors while debugging a test.
            .stderr(if std::env::var_os("BOOKSTORE_TEST_IDP_STDERR").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .kill_on_drop(true)
            .spawn()
            .expect("node must be installed to run the dev identity provider");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let line = tokio::time::timeout(std::time::Duration::from_secs(20), lines.next_line())
            .await
            .expect("the identity provider did not start within 20 s")
            .expect("read stdout")
            .expect("the identity provider exited");
        let origin = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .and_then(|url| url.strip_suffix("/oidc"))
            .unwrap_or_else(|| panic!("unexpected first line: {line}"))
            .to_string();
        // Keep draining stdout so the child never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Self {
            origin,
            child: Some(child),
            app_origin: app_origin.to_string(),
            signing_alg: signing_alg.to_string(),
            client: *client,
        }
    }
}

/// The RSA key Bookstore signs `private_key_jwt` assertions with (test only).
pub fn private_key_path() -> PathBuf {
    repo_root().join("tests/fixtures/private-key-jwt-test-key.pem")
}

/// Its public half, as the provider registers it.
fn client_public_jwks() -> String {
    use openidconnect::PrivateSigningKey;
    let pem = std::fs::read_to_string(private_key_path()).expect("test key");
    let key = openidconnect::core::CoreRsaPrivateSigningKey::from_pem(
        &pem,
        Some(openidconnect::JsonWebKeyId::new("bookstore-test".into())),
    )
    .expect("a PKCS#1 key");
    serde_json::json!({ "keys": [key.as_verification_key()] }).to_string()
}
