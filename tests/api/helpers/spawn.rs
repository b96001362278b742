//! `spawn_app()`: the real router on a free port, against its own dev
//! identity provider, with a database of its own; second instances.

use std::sync::Arc;

use bookstore::config::Settings;
use bookstore::server::state::AppState;
use bookstore::server::{BuiltApp, build_app};
use leptos::prelude::LeptosOptions;
use tokio::net::TcpListener;

use super::*;

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
    /// Acme ID's `scope`, if not `openid profile email`.
    pub acme_scope: Option<&'static str>,
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
        // The signing key of the tenant's webhook to /webhooks/logto.
        ("LOGTO_WEBHOOK_SIGNING_KEY", super::WEBHOOK_KEY.into()),
        // The tenant's Management API app (deleting an account from the shop).
        ("LOGTO_M2M_APP_ID", bookstore::config::provider::DEV_M2M_APP_ID.into()),
        (
            "LOGTO_M2M_APP_SECRET",
            bookstore::config::provider::DEV_M2M_APP_SECRET.into(),
        ),
        // What the dev run asks for: roles, organizations, the API resource.
        ("LOGTO_SCOPES", bookstore::config::DEV_SCOPES.into()),
        ("LOGTO_RESOURCES", API_RESOURCE.into()),
        ("BOOKSTORE_API_RESOURCE", API_RESOURCE.into()),
        ("DATABASE_URL", database_url.clone()),
        // Mail goes to the test's own folder (development delivery).
        ("BOOKSTORE_MAIL_FOLDER", dir.path().join("mail").display().to_string()),
        // With Acme ID configured too, staff come from the Logto provider.
        ("BOOKSTORE_ADMIN_PROVIDER", "logto".into()),
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
            acme_discovery_toml(&acme.origin, &client, options.acme_form_post).replace(
                "scope = \"openid profile email\"",
                &format!("scope = \"{}\"", options.acme_scope.unwrap_or("openid profile email")),
            )
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
    let header_timeout = bookstore::server::listen::header_timeout(settings.request_timeout);
    let BuiltApp { router, state } = build_app(settings, leptos_options).await.expect("the app builds");
    tokio::spawn(bookstore::server::listen::serve_router(
        listener,
        bookstore::server::front::Front::new(router, state.clone()),
        header_timeout,
        std::future::pending(),
    ));
    TestApp {
        origin,
        idp,
        acme,
        state,
        dir,
    }
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
