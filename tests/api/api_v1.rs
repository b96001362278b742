//! The Bookstore API: public books, bearer-protected orders (every 401 and
//! 403 case with genuinely signed tokens), and the OpenAPI document held
//! against real responses.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{ADA, ALAN, API_RESOURCE, Browser, TestApp, spawn_app};
use crate::schema::{check, response_schema};

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (StatusCode, Option<String>, Value) {
    let mut request = Client::new().get(app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_string());
    let body = response.json().await.unwrap_or(Value::Null);
    (status, challenge, body)
}

async fn openapi(app: &TestApp) -> Value {
    let (status, _, doc) = get(app, "/api/v1/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    doc
}

fn assert_matches(doc: &Value, path: &str, status: &str, body: &Value) {
    let problems = check(doc, response_schema(doc, path, status), body, "$");
    assert!(
        problems.is_empty(),
        "GET {path} {status} drifted from the OpenAPI document: {problems:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn books_are_public_and_match_the_openapi_document() {
    let app = spawn_app().await;
    let doc = openapi(&app).await;
    let (status, _, body) = get(&app, "/api/v1/books?q=verne&sort=year&page=1", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_matches(&doc, "/api/v1/books", "200", &body);
    assert_eq!(body["total"], 4);
    assert_eq!(body["books"][0]["title"], "Voyage au centre de la Terre");
    let (_, _, page_two) = get(&app, "/api/v1/books?page=2", None).await;
    assert_eq!(page_two["page"], 2);
    assert_eq!(page_two["books"].as_array().unwrap().len(), 24);
}

#[tokio::test(flavor = "multi_thread")]
async fn orders_need_a_valid_token_with_the_read_orders_scope() {
    let app = spawn_app().await;
    let doc = openapi(&app).await;
    let ada = Browser::new();
    app.sign_in_as(&ada, "/sign-in", ADA).await;
    // Ada orders through the web shop…
    app.add_to_cart(&ada, "Dracula").await;
    assert_eq!(app.place_order(&ada, None).await.status(), StatusCode::OK);

    // …and a client holding her token for the API resource reads it.
    let token = app.api_token(&ada).await;
    let response = Client::new()
        .get(app.url("/api/v1/orders"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["cache-control"],
        "no-store",
        "no shared cache keeps a customer's orders"
    );
    let (status, _, body) = get(&app, "/api/v1/orders", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_matches(&doc, "/api/v1/orders", "200", &body);
    assert_eq!(body["orders"].as_array().unwrap().len(), 1);
    assert_eq!(body["orders"][0]["item_count"], 1);

    // No token at all.
    let (status, challenge, body) = get(&app, "/api/v1/orders", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        challenge.as_deref(),
        Some("Bearer realm=\"Bookstore API\", scope=\"read:orders\"")
    );
    assert_matches(&doc, "/api/v1/orders", "401", &body);

    // A real user whose roles grant no read:orders (Alan): 403, not 401.
    let alan = Browser::new();
    app.sign_in_as(&alan, "/sign-in", ALAN).await;
    let (status, challenge, body) = get(&app, "/api/v1/orders", Some(&app.api_token(&alan).await)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(challenge.unwrap().contains("error=\"insufficient_scope\""));
    assert_matches(&doc, "/api/v1/orders", "403", &body);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_bad_token_is_refused_with_401() {
    let app = spawn_app().await;
    let issuer = format!("{}/oidc", app.idp.origin);
    let now = chrono::Utc::now().timestamp();
    let good = json!({"iss": issuer, "aud": API_RESOURCE, "sub": "user-0001", "iat": now, "exp": now + 600, "scope": "read:orders"});
    let with = |changes: Value| {
        let mut claims = good.clone();
        for (k, v) in changes.as_object().unwrap() {
            claims[k] = v.clone();
        }
        claims
    };
    // The control: the same minting with nothing changed is accepted.
    let (status, _, body) = get(&app, "/api/v1/orders", Some(&app.mint(good.clone()).await)).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let cases = [
        ("expired", with(json!({"exp": now - 120, "iat": now - 3720}))),
        ("wrong audience", with(json!({"aud": "https://other.api.test"}))),
        ("an ID token's audience", with(json!({"aud": "bookstore-dev"}))),
        ("wrong issuer", with(json!({"iss": "https://evil.example/oidc"}))),
        ("no expiry", {
            let mut claims = good.clone();
            claims.as_object_mut().unwrap().remove("exp");
            claims
        }),
        ("not yet valid", with(json!({"nbf": now + 600}))),
    ];
    for (case, claims) in cases {
        let (status, challenge, body) = get(&app, "/api/v1/orders", Some(&app.mint(claims).await)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{case}: {body}");
        assert!(challenge.unwrap().contains("error=\"invalid_token\""), "{case}");
    }

    // A bad signature: the claims changed after signing.
    let token = app.mint(good.clone()).await;
    let parts: Vec<&str> = token.split('.').collect();
    use base64::Engine;
    let forged = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(with(json!({"sub": "user-0002"})).to_string());
    let tampered = format!("{}.{forged}.{}", parts[0], parts[2]);
    let (status, _, _) = get(&app, "/api/v1/orders", Some(&tampered)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "bad signature");
    // alg=none and garbage.
    let none = format!(
        "{}.{}.",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        parts[1]
    );
    for token in [none.as_str(), "not-a-jwt", "a.b.c"] {
        let (status, _, _) = get(&app, "/api/v1/orders", Some(token)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token}");
    }
    // A missing scope on an otherwise good token: 403.
    let (status, _, _) = get(
        &app,
        "/api/v1/orders",
        Some(&app.mint(with(json!({"scope": "write:books"}))).await),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
