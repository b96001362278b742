//! `spawn_app()`: the real router on a free port, against the dev identity
//! provider (end2end/idp, started on its own free port), with a temporary
//! SQLite database; and a browser-like client that keeps cookies and does not
//! follow redirects, so every hop can be checked.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::str::FromStr;
use std::sync::Arc;

use bookstore::auth::session::SignedIn;
use bookstore::server::config::Settings;
use bookstore::server::state::AppState;
use bookstore::server::{BuiltApp, build_app};
use leptos::prelude::LeptosOptions;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{ACCEPT, HeaderMap, HeaderValue, LOCATION};
use reqwest::{Client, Response, StatusCode};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpListener;
use tokio::process::{Child, Command};
use tower_sessions::SessionStore;
use tower_sessions::session::Id;
use url::Url;

pub const CLIENT_ID: &str = "bookstore-dev";
pub const CLIENT_SECRET: &str = "bookstore-dev-secret";
pub const ADA: (&str, &str, &str) = ("ada", "bookstore-ada", "Ada Lovelace");
pub const GRACE: (&str, &str, &str) = ("grace", "bookstore-grace", "Grace Hopper");
pub const ALAN: (&str, &str, &str) = ("alan", "bookstore-alan", "alan");
pub const API_RESOURCE: &str = "https://api.bookstore.test";
/// A delivery address for test orders, as checkout form fields.
pub const ADDRESS: [(&str, &str); 5] = [
    ("name", "Ada Lovelace"),
    ("street", "12 St James's Square"),
    ("city", "London"),
    ("postcode", "SW1Y 4JH"),
    ("country", "United Kingdom"),
];

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

pub struct TestApp {
    pub origin: String,
    pub idp: TestIdp,
    /// A second provider, "Acme ID", configured in the providers file.
    pub acme: Option<TestIdp>,
    pub state: AppState,
    pub dir: Arc<tempfile::TempDir>,
}

/// What a second instance shares with the first.
#[derive(Clone)]
pub struct Instance {
    pub public_origin: String,
    pub idp_origin: String,
    pub database_url: String,
}

impl TestApp {
    /// For [`SpawnOptions::instance_of`].
    pub fn instance(&self) -> Instance {
        Instance {
            public_origin: self.origin.clone(),
            idp_origin: self.idp.origin.clone(),
            database_url: std::fs::read_to_string(self.dir.path().join("database-url")).expect("the database URL"),
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(SpawnOptions::default()).await
}

#[derive(Default)]
pub struct SpawnOptions {
    /// Reuse this database (a "restart"), else a new temporary one.
    pub dir: Option<Arc<tempfile::TempDir>>,
    pub public_scheme_https: bool,
    pub signing_alg: Option<&'static str>,
    /// Also configure "Acme ID", a discovery provider using client_secret_post.
    pub with_acme: bool,
    /// Configure Acme ID endpoint by endpoint, as Logto's OIDC connector is.
    pub acme_explicit: bool,
    /// Acme ID's token endpoint authentication, if not client_secret_post.
    pub acme_auth_method: Option<&'static str>,
    /// Acme ID answers with `response_mode=form_post`.
    pub acme_form_post: bool,
    /// Start another instance of this app: same public URL (behind one load
    /// balancer), same identity provider, same database.
    pub instance_of: Option<Instance>,
    /// The Logto provider is down when the app starts (outage tests).
    pub provider_down: bool,
    pub extra_env: Vec<(&'static str, String)>,
}

pub async fn spawn_app_with(options: SpawnOptions) -> TestApp {
    // BOOKSTORE_TEST_LOG=1 shows the app's logs (RUST_LOG filters) while debugging a test.
    if std::env::var_os("BOOKSTORE_TEST_LOG").is_some() {
        bookstore::server::telemetry::init();
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a free port");
    let addr = listener.local_addr().unwrap();
    let scheme = if options.public_scheme_https { "https" } else { "http" };
    // "localhost" for the app, "127.0.0.1" for the provider: two sites, as in a browser.
    let origin = format!("{scheme}://localhost:{}", addr.port());
    let mut idp = match &options.instance_of {
        Some(first) => TestIdp::running(&first.idp_origin),
        None => TestIdp::start(&origin, options.signing_alg.unwrap_or("ES384"), &LOGTO_CLIENT).await,
    };
    if options.provider_down {
        idp.stop().await;
    }
    let dir = options
        .dir
        .unwrap_or_else(|| Arc::new(tempfile::tempdir().expect("temp dir")));
    let database_url = match &options.instance_of {
        Some(first) => first.database_url.clone(),
        None => test_database_url(dir.path()).await,
    };

    let mut env: Vec<(&str, String)> = vec![
        (
            "BOOKSTORE_PUBLIC_URL",
            options
                .instance_of
                .as_ref()
                .map_or_else(|| origin.clone(), |first| first.public_origin.clone()),
        ),
        ("LOGTO_ENDPOINT", idp.origin.clone()),
        ("LOGTO_APP_ID", CLIENT_ID.into()),
        ("LOGTO_APP_SECRET", CLIENT_SECRET.into()),
        // What the dev run asks for: roles, organizations, the API resource.
        ("LOGTO_SCOPES", bookstore::server::config::DEV_SCOPES.into()),
        ("LOGTO_RESOURCES", API_RESOURCE.into()),
        ("BOOKSTORE_API_RESOURCE", API_RESOURCE.into()),
        ("DATABASE_URL", database_url.clone()),
    ];
    let acme = if options.with_acme {
        let client = IdpClient {
            auth_method: options.acme_auth_method.unwrap_or(ACME_CLIENT.auth_method),
            ..ACME_CLIENT
        };
        let acme = TestIdp::start(&origin, "ES384", &client).await;
        let file = dir.path().join("bookstore.toml");
        let text = if options.acme_explicit {
            acme_explicit_toml(&acme.origin, &client)
        } else {
            acme_discovery_toml(&acme.origin, &client, options.acme_form_post)
        };
        std::fs::write(&file, text).expect("write the providers file");
        env.push(("BOOKSTORE_CONFIG", file.display().to_string()));
        Some(acme)
    } else {
        None
    };
    env.extend(options.extra_env);
    // Later entries (the test's extra_env) win.
    let settings = Settings::from_lookup(|name| env.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| v.clone()))
        .expect("test settings are valid");
    let leptos_options = LeptosOptions::builder()
        .output_name("bookstore")
        .site_root("target/site")
        .site_addr(addr)
        .build();
    let BuiltApp { router, state } = build_app(settings, leptos_options).await.expect("the app builds");
    tokio::spawn(async move { axum::serve(listener, router.into_make_service()).await });
    TestApp {
        origin,
        idp,
        acme,
        state,
        dir,
    }
}

/// The database of the test app whose files are in `dir`: with
/// `BOOKSTORE_TEST_DATABASE=postgres`, a new database on the PostgreSQL
/// server `BOOKSTORE_TEST_POSTGRES` names (scripts/test runs the suite both
/// ways), else a SQLite file in `dir`. Recorded in `dir`, so an app
/// restarted on the same folder finds the same database.
pub async fn test_database_url(dir: &Path) -> String {
    let record = dir.join("database-url");
    if let Ok(url) = std::fs::read_to_string(&record) {
        return url;
    }
    let url = if on_postgres() {
        let admin = required_service("BOOKSTORE_TEST_POSTGRES")
            .expect("BOOKSTORE_TEST_DATABASE=postgres needs BOOKSTORE_TEST_POSTGRES (scripts/services)");
        fresh_postgres_database(&admin).await
    } else {
        format!("sqlite://{}?mode=rwc", dir.join("bookstore.db").display())
    };
    std::fs::write(&record, &url).expect("record the database URL");
    url
}

/// A test service's URL from `var` (scripts/test starts PostgreSQL and Redis
/// and sets them). Without it, a test that needs the service fails under
/// scripts/test (`BOOKSTORE_REQUIRE_SERVICES=1`) and is skipped, saying so,
/// under a bare `cargo test`.
pub fn required_service(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("BOOKSTORE_REQUIRE_SERVICES").is_none(),
                "{var} is not set: start the services with scripts/services"
            );
            eprintln!("skipped: {var} is not set (scripts/test sets it)");
            None
        }
    }
}

/// Whether test apps run on PostgreSQL (`BOOKSTORE_TEST_DATABASE=postgres`).
pub fn on_postgres() -> bool {
    std::env::var("BOOKSTORE_TEST_DATABASE").as_deref() == Ok("postgres")
}

/// Creates an empty database on the server `admin` points at; returns its URL.
pub async fn fresh_postgres_database(admin: &str) -> String {
    use sqlx::{Connection, Executor};
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let name = format!(
        "bookstore_it_{}_{}_{}",
        std::process::id(),
        chrono::Utc::now().timestamp_millis(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let mut conn = sqlx::PgConnection::connect(admin)
        .await
        .expect("BOOKSTORE_TEST_POSTGRES answers");
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create a test database");
    let mut url = Url::parse(admin).expect("BOOKSTORE_TEST_POSTGRES is a URL");
    url.set_path(&name);
    url.to_string()
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

fn acme_discovery_toml(origin: &str, client: &IdpClient, form_post: bool) -> String {
    let form_post = if form_post {
        "[providers.authRequestOptionalConfig]\nresponseMode = \"form_post\"\n"
    } else {
        ""
    };
    let private_key = if client.auth_method == "private_key_jwt" {
        format!(
            "privateKeyFile = \"{}\"\nprivateKeyId = \"bookstore-test\"\n",
            private_key_path().display()
        )
    } else {
        String::new()
    };
    format!(
        r#"[[providers]]
type = "discovery"
id = "acme"
name = "Acme ID"
issuer = "{origin}/oidc"
clientId = "{id}"
clientSecret = "{secret}"
scope = "openid profile email"
tokenEndpointAuthMethod = "{method}"
{private_key}{form_post}"#,
        id = client.id,
        secret = client.secret,
        method = client.auth_method
    )
}

/// The fields of the seed's table, as a Logto OIDC-connector configuration has them.
fn acme_explicit_toml(origin: &str, client: &IdpClient) -> String {
    format!(
        r#"[[providers]]
type = "explicit"
id = "acme"
name = "Acme ID"
scope = "profile email"
clientId = "{id}"
clientSecret = "{secret}"
tokenEndpointAuthMethod = "{method}"
authorizationEndpoint = "{origin}/oidc/auth"
tokenEndpoint = "{origin}/oidc/token"
userinfoEndpoint = "{origin}/oidc/me"
endSessionEndpoint = "{origin}/oidc/session/end"
revocationEndpoint = "{origin}/oidc/token/revocation"

[providers.idTokenVerificationConfig]
jwksUri = "{origin}/oidc/jwks"
issuer = "{origin}/oidc"
audience = "{id}"
algorithms = ["ES384"]
clockTolerance = "30s"
maxTokenAge = 600

[providers.authRequestOptionalConfig]
responseType = "code"
uiLocales = "en"

[providers.customConfig]
loginHintSource = "bookstore"
"#,
        id = client.id,
        secret = client.secret,
        method = client.auth_method
    )
}

/// A browser: a cookie jar, `Accept: text/html`, no automatic redirects.
pub struct Browser {
    pub client: Client,
    pub jar: Arc<Jar>,
}

impl Browser {
    pub fn new() -> Self {
        let jar = Arc::new(Jar::default());
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("text/html,application/xhtml+xml"));
        // A bound on every request: a hang fails the test, naming the request.
        let client = Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .unwrap();
        Self { client, jar }
    }

    pub async fn get(&self, url: &str) -> Response {
        self.client.get(url).send().await.expect("request")
    }

    /// The session id cookie the browser holds for `origin`.
    pub fn session_cookie(&self, origin: &str) -> Option<String> {
        let header = self.jar.cookies(&Url::parse(origin).unwrap())?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|pair| pair.strip_prefix("bookstore.sid=").map(str::to_string))
    }

    /// A second browser holding only a copy of this one's session cookie.
    pub fn with_copied_cookie(&self, origin: &str) -> Browser {
        let copy = Browser::new();
        if let Some(value) = self.session_cookie(origin) {
            copy.jar
                .add_cookie_str(&format!("bookstore.sid={value}; Path=/"), &Url::parse(origin).unwrap());
        }
        copy
    }
}

pub fn location(response: &Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .unwrap_or_else(|| panic!("no Location on a {} answer", response.status()))
        .to_str()
        .unwrap()
        .to_string()
}

pub fn query(url: &str) -> Vec<(String, String)> {
    Url::parse(url)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// `url` with query parameter `name` replaced by `value`, or removed for `None`.
pub fn with_param(url: &str, name: &str, value: Option<&str>) -> String {
    let mut url = Url::parse(url).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != name)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut query = url.query_pairs_mut();
    query.clear().extend_pairs(pairs);
    if let Some(value) = value {
        query.append_pair(name, value);
    }
    drop(query);
    url.to_string()
}

pub fn param(url: &str, name: &str) -> Option<String> {
    query(url).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// `GET path` (a sign-in start) and the provider's authorization URL it redirects to.
    pub async fn start_sign_in(&self, browser: &Browser, path: &str) -> String {
        let response = browser.get(&self.url(path)).await;
        assert_eq!(
            response.status(),
            StatusCode::FOUND,
            "{path} should redirect to the provider"
        );
        let auth_url = location(&response);
        let providers = std::iter::once(&self.idp).chain(&self.acme);
        assert!(
            providers.map(|p| &p.origin).any(|origin| auth_url.starts_with(origin)),
            "{auth_url}"
        );
        auth_url
    }

    /// Signs in at the provider from `auth_url`; returns the callback URL it sends back.
    pub async fn log_in_at_provider(&self, browser: &Browser, auth_url: &str, user: &str, password: &str) -> String {
        self.finish_at_provider(
            browser,
            auth_url,
            "login",
            &[("identifier", user), ("password", password)],
        )
        .await
    }

    /// Creates a new account `username` on the provider's registration screen
    /// (the sign-up flow); returns the callback URL it sends back.
    pub async fn register_at_provider(&self, browser: &Browser, auth_url: &str, username: &str) -> String {
        let email = format!("{username}@readers.test");
        let form = [
            ("username", username),
            ("name", username),
            ("email", email.as_str()),
            ("password", "a-long-enough-password"),
        ];
        self.finish_at_provider(browser, auth_url, "register", &form).await
    }

    async fn finish_at_provider(
        &self,
        browser: &Browser,
        auth_url: &str,
        action: &str,
        form: &[(&str, &str)],
    ) -> String {
        finish_at_provider(browser, &self.origin, auth_url, action, form).await
    }

    /// Starts a sign-in and logs in at the provider as Ada; returns the
    /// callback URL the provider sent back, not yet visited.
    pub async fn provider_callback(&self, browser: &Browser) -> String {
        self.provider_callback_from(browser, "/sign-in").await
    }

    /// The same, starting from `start_path` (for example `/sign-in?provider=acme`).
    pub async fn provider_callback_from(&self, browser: &Browser, start_path: &str) -> String {
        let auth_url = self.start_sign_in(browser, start_path).await;
        self.log_in_at_provider(browser, &auth_url, ADA.0, ADA.1).await
    }

    /// Logs in at the provider with `response_mode=form_post`; returns the
    /// fields of the auto-submitting form the provider answers with.
    pub async fn log_in_for_form_post(&self, browser: &Browser, auth_url: &str) -> Vec<(String, String)> {
        let mut next = Url::parse(auth_url).unwrap();
        for _ in 0..12 {
            let response = browser.client.get(next.clone()).send().await.unwrap();
            if response.status().is_redirection() {
                next = next.join(&location(&response)).unwrap();
                continue;
            }
            let page = response.text().await.unwrap();
            if page.contains(&format!("action=\"{}\"", self.url("/callback"))) {
                return hidden_inputs(&page);
            }
            let login = format!("{}/login", next.as_str().trim_end_matches('/'));
            let response = browser
                .client
                .post(&login)
                .form(&[("identifier", ADA.0), ("password", ADA.1)])
                .send()
                .await
                .unwrap();
            next = next.join(&location(&response)).unwrap();
        }
        panic!("the provider never answered with its form_post page");
    }

    /// A complete sign-in from `start_path`; returns the callback response.
    pub async fn sign_in(&self, browser: &Browser, start_path: &str) -> Response {
        self.sign_in_as(browser, start_path, ADA).await
    }

    /// A complete sign-in as `user` (username, password, name).
    pub async fn sign_in_as(&self, browser: &Browser, start_path: &str, user: (&str, &str, &str)) -> Response {
        let auth_url = self.start_sign_in(browser, start_path).await;
        let callback = self.log_in_at_provider(browser, &auth_url, user.0, user.1).await;
        browser.get(&callback).await
    }

    /// Calls a server function as the hydrated app does (form-encoded
    /// arguments, JSON answer); `endpoint` is its path, e.g. `/api/cart`.
    pub async fn call(&self, browser: &Browser, endpoint: &str, args: &[(&str, &str)]) -> Response {
        browser
            .client
            .post(self.url(endpoint))
            .header(ACCEPT, "application/json")
            .form(args)
            .send()
            .await
            .expect("server function request")
    }

    /// A fresh order key from the checkout page's data.
    pub async fn order_key(&self, browser: &Browser) -> String {
        let view: serde_json::Value = self.call(browser, "/api/checkout", &[]).await.json().await.unwrap();
        view["order_key"].as_str().expect("a checkout key").to_string()
    }

    /// Places the signed-in browser's cart as an order (for `organization`, if given).
    pub async fn place_order(&self, browser: &Browser, organization: Option<&str>) -> Response {
        let key = self.order_key(browser).await;
        self.place_order_with_key(browser, &key, organization).await
    }

    /// Places the order with a given checkout key (the same key twice is a double submit).
    pub async fn place_order_with_key(&self, browser: &Browser, key: &str, organization: Option<&str>) -> Response {
        let mut args = vec![("order_key", key)];
        args.extend(ADDRESS);
        if let Some(organization) = organization {
            args.push(("organization", organization));
        }
        self.call(browser, "/api/place_order", &args).await
    }

    /// Puts one copy of the book titled `title` in the browser's cart.
    pub async fn add_to_cart(&self, browser: &Browser, title: &str) {
        let id = self.book_id(title).await.to_string();
        let response = self.call(browser, "/api/add_to_cart", &[("book_id", &id)]).await;
        assert_eq!(response.status(), StatusCode::OK, "adding {title} to the cart");
    }

    /// The id of the catalog book with this exact title.
    pub async fn book_id(&self, title: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM books WHERE title = $1")
            .bind(title)
            .fetch_one(&self.state.db)
            .await
            .expect("the book is in the catalog")
    }

    /// What the server keeps for the browser's session, read from the store.
    pub async fn stored_sign_in(&self, browser: &Browser) -> Option<SignedIn> {
        let cookie = browser.session_cookie(&self.origin)?;
        let id = Id::from_str(&cookie).ok()?;
        let record = self.state.sessions.load(&id).await.expect("load session")?;
        serde_json::from_value(record.data.get("auth.signed_in")?.clone()).ok()
    }

    /// A real access token for the API resource, as another client (a mobile
    /// app) holding this browser's grant would get it: a refresh-token grant
    /// with `resource`.
    pub async fn api_token(&self, browser: &Browser) -> String {
        let refresh_token = self
            .stored_sign_in(browser)
            .await
            .and_then(|s| s.tokens.refresh_token)
            .expect("a refresh token in the session");
        let answer: serde_json::Value = Client::new()
            .post(format!("{}/oidc/token", self.idp.origin))
            .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token.as_str()),
                ("resource", API_RESOURCE),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answer["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no access token: {answer}"))
            .to_string()
    }

    /// A token with exactly these claims, signed with the provider's real key
    /// (the dev provider's test-only /test/mint).
    pub async fn mint(&self, claims: serde_json::Value) -> String {
        let answer: serde_json::Value = Client::new()
            .post(format!("{}/test/mint", self.idp.origin))
            .json(&claims)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answer["token"].as_str().unwrap().to_string()
    }

    /// Revokes a refresh token at the provider (as a sign-out elsewhere would).
    pub async fn revoke(&self, refresh_token: &str) {
        let status = Client::new()
            .post(format!("{}/oidc/token/revocation", self.idp.origin))
            .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
            .form(&[("token", refresh_token), ("token_type_hint", "refresh_token")])
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::OK);
    }

    /// Tries a refresh-token grant at the provider, as a client holding the token would.
    pub async fn refresh_grant_status(&self, refresh_token: &str) -> StatusCode {
        Client::new()
            .post(format!("{}/oidc/token", self.idp.origin))
            .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
            .form(&[("grant_type", "refresh_token"), ("refresh_token", refresh_token)])
            .send()
            .await
            .unwrap()
            .status()
    }
}

/// `name`/`value` pairs of the hidden inputs in an HTML form.
/// Completes the provider's login (`action` "login") or registration
/// ("register") page from `auth_url`; returns the callback URL (on
/// `app_origin`) it sends the browser back to.
pub async fn finish_at_provider(
    browser: &Browser,
    app_origin: &str,
    auth_url: &str,
    action: &str,
    form: &[(&str, &str)],
) -> String {
    let mut next = Url::parse(auth_url).unwrap();
    for _ in 0..12 {
        let response = browser.client.get(next.clone()).send().await.unwrap();
        if response.status().is_redirection() {
            next = next.join(&location(&response)).unwrap();
        } else {
            assert_eq!(response.status(), StatusCode::OK, "provider page {next}");
            assert!(
                next.path().starts_with("/interaction/"),
                "expected the login page, got {next}"
            );
            let post_to = format!("{}/{action}", next.path().trim_end_matches('/'));
            let response = browser
                .client
                .post(next.join(&post_to).unwrap())
                .form(form)
                .send()
                .await
                .unwrap();
            assert!(
                response.status().is_redirection(),
                "{action} refused: {}",
                response.status()
            );
            next = next.join(&location(&response)).unwrap();
        }
        if next.as_str().starts_with(&format!("{app_origin}/callback")) {
            return next.to_string();
        }
    }
    panic!("the provider never redirected back to the callback");
}

pub fn hidden_inputs(page: &str) -> Vec<(String, String)> {
    page.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|rest| {
            let (name, rest) = rest.split_once('"')?;
            let value = rest.split_once("value=\"")?.1.split_once('"')?.0;
            Some((
                name.to_string(),
                value
                    .replace("&amp;", "&")
                    .replace("&quot;", "\"")
                    .replace("&#x2F;", "/")
                    .replace("&#39;", "'"),
            ))
        })
        .collect()
}

pub async fn body(response: Response) -> String {
    response.text().await.expect("body")
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
