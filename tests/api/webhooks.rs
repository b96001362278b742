//! Logto's webhooks (issue 21, section 4): signed, fresh, bounded, acted on
//! once; a deleted or suspended customer's cookie reads as signed out at the
//! next request, their data erased and orders anonymised; profile changes
//! reach the customer record; role changes make sessions read roles again.

use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::helpers::{ADA, Browser, TestApp, WEBHOOK_KEY, spawn_app};

/// Ada's `sub` at the dev provider.
const ADA_SUB: &str = "user-0001";

fn sign(key: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// A payload as Logto builds it: event, createdAt (now), hookId, data.
fn payload(event: &str, data: Value) -> String {
    json!({
        "hookId": "hook-1",
        "event": event,
        "createdAt": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "userAgent": "node",
        "data": data,
    })
    .to_string()
}

async fn post(app: &TestApp, body: &str, signature: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(app.url("/webhooks/logto"))
        .header("content-type", "application/json")
        .header("user-agent", "Logto (https://logto.io/)")
        // A provider's request is cross-origin: the same-origin check must let it in.
        .header("origin", "https://tenant.logto.app")
        .body(body.to_string());
    if let Some(signature) = signature {
        request = request.header("logto-signature-sha-256", signature);
    }
    request.send().await.unwrap()
}

async fn deliver(app: &TestApp, body: &str) -> reqwest::Response {
    post(app, body, Some(&sign(WEBHOOK_KEY, body))).await
}

async fn signed_in_name(app: &TestApp, browser: &Browser) -> Option<String> {
    let user: Value = app.call(browser, "/api/current_user", &[]).await.json().await.unwrap();
    user.get("name").and_then(Value::as_str).map(String::from)
}

async fn customer(app: &TestApp) -> (Option<String>, Option<String>, String) {
    sqlx::query_as("SELECT display_name, email, state FROM customers WHERE provider = 'logto' AND subject = $1")
        .bind(ADA_SUB)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

async fn ada_signed_in(app: &TestApp) -> Browser {
    let browser = Browser::new();
    app.sign_in(&browser, "/sign-in").await;
    assert_eq!(signed_in_name(app, &browser).await.as_deref(), Some(ADA.2));
    browser
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delivery_without_the_signing_keys_signature_changes_nothing() {
    let app = spawn_app().await;
    let browser = ada_signed_in(&app).await;
    let body = payload("User.Deleted", json!({"id": ADA_SUB}));
    assert_eq!(post(&app, &body, None).await.status(), StatusCode::UNAUTHORIZED);
    let forged = sign("an-attackers-own-signing-key", &body);
    assert_eq!(
        post(&app, &body, Some(&forged)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let other_body = payload("User.Deleted", json!({"id": "user-0002"}));
    assert_eq!(
        post(&app, &body, Some(&sign(WEBHOOK_KEY, &other_body))).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(signed_in_name(&app, &browser).await.as_deref(), Some(ADA.2));
    assert_eq!(customer(&app).await.2, "active");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_customer_is_signed_out_everywhere_erased_and_their_orders_anonymised() {
    let app = spawn_app().await;
    let phone = ada_signed_in(&app).await;
    let laptop = ada_signed_in(&app).await;
    app.add_to_cart(&laptop, "Pride and Prejudice").await;
    assert_eq!(app.place_order(&laptop, None).await.status(), StatusCode::OK);
    app.add_to_cart(&laptop, "Moby-Dick; or, The Whale").await;
    assert_eq!(
        customer(&app).await,
        (Some(ADA.2.into()), Some("ada@bookstore.test".into()), "active".into())
    );

    let response = deliver(
        &app,
        &payload("User.Deleted", json!({"id": ADA_SUB, "username": "ada"})),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    for browser in [&phone, &laptop] {
        assert_eq!(
            signed_in_name(&app, browser).await,
            None,
            "signed out at the next request"
        );
    }
    assert_eq!(customer(&app).await, (None, None, "deleted".into()));
    let orders: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT ship_name, ship_street, total_cents FROM orders WHERE subject = $1")
            .bind(ADA_SUB)
            .fetch_all(&app.state.db)
            .await
            .unwrap();
    assert_eq!(orders.len(), 1, "the order is kept");
    assert_eq!(
        (orders[0].0.as_str(), orders[0].1.as_str()),
        ("", ""),
        "without the address"
    );
    let cart: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cart_items WHERE subject = $1")
        .bind(ADA_SUB)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(cart, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_replayed_delivery_is_acknowledged_and_not_acted_on_again() {
    let app = spawn_app().await;
    let _browser = ada_signed_in(&app).await;
    let body = payload(
        "User.Data.Updated",
        json!({"id": ADA_SUB, "name": "Augusta Ada King", "primaryEmail": "ada@king.test"}),
    );
    let first: Value = deliver(&app, &body).await.json().await.unwrap();
    assert_eq!(first["message"], "done");
    assert_eq!(customer(&app).await.0.as_deref(), Some("Augusta Ada King"));
    sqlx::query("UPDATE customers SET display_name = 'Changed since' WHERE subject = $1")
        .bind(ADA_SUB)
        .execute(&app.state.db)
        .await
        .unwrap();
    let again = deliver(&app, &body).await;
    assert_eq!(again.status(), StatusCode::OK, "Logto must not retry it");
    assert_eq!(again.json::<Value>().await.unwrap()["message"], "already done");
    assert_eq!(
        customer(&app).await.0.as_deref(),
        Some("Changed since"),
        "not acted on twice"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_suspended_customer_is_signed_out_and_reinstated_later() {
    let app = spawn_app().await;
    let browser = ada_signed_in(&app).await;
    let suspended = payload(
        "User.SuspensionStatus.Updated",
        json!({"id": ADA_SUB, "isSuspended": true}),
    );
    assert_eq!(deliver(&app, &suspended).await.status(), StatusCode::OK);
    assert_eq!(signed_in_name(&app, &browser).await, None);
    assert_eq!(customer(&app).await.2, "suspended");
    let reinstated = payload(
        "User.SuspensionStatus.Updated",
        json!({"id": ADA_SUB, "isSuspended": false}),
    );
    assert_eq!(deliver(&app, &reinstated).await.status(), StatusCode::OK);
    assert_eq!(customer(&app).await.2, "active");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_role_change_drops_cached_tokens_and_reads_roles_again() {
    let app = spawn_app().await;
    let browser = ada_signed_in(&app).await;
    // An API token cached in the session (the account page asks for one).
    assert_eq!(
        app.call(&browser, "/api/account_profile", &[]).await.status(),
        StatusCode::OK
    );
    let stored = || async {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT data FROM sessions")
            .fetch_all(&app.state.db)
            .await
            .unwrap();
        let data: Value = serde_json::from_str(&rows[0].0).unwrap();
        data["auth.signed_in"].clone()
    };
    assert!(
        !stored().await["tokens"]["resource_tokens"]
            .as_object()
            .unwrap()
            .is_empty()
    );

    let body = payload("Role.Scopes.Updated", json!({"id": "role-1", "name": "admin"}));
    assert_eq!(deliver(&app, &body).await.status(), StatusCode::OK);
    let marked = stored().await;
    assert_eq!(marked["roles_stale"], true);
    assert_eq!(marked["user"]["is_admin"], false, "nobody is staff on an old word");
    assert!(marked["tokens"]["resource_tokens"].as_object().unwrap().is_empty());

    // The next request reads her roles again from a refreshed ID token.
    let user: Value = app.call(&browser, "/api/current_user", &[]).await.json().await.unwrap();
    assert_eq!(user["is_admin"], true, "{user}");
    assert_eq!(stored().await["roles_stale"], false);
}

#[tokio::test(flavor = "multi_thread")]
async fn stale_oversized_and_unknown_deliveries_are_answered_as_logto_expects() {
    let app = spawn_app().await;
    let old =
        json!({"event": "User.Deleted", "createdAt": "2020-01-01T00:00:00.000Z", "data": {"id": ADA_SUB}}).to_string();
    assert_eq!(deliver(&app, &old).await.status(), StatusCode::BAD_REQUEST);
    let huge = payload("User.Data.Updated", json!({"id": ADA_SUB, "name": "x".repeat(70_000)}));
    assert_eq!(deliver(&app, &huge).await.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let unknown = payload("PostSignIn", json!({"id": ADA_SUB}));
    assert_eq!(
        deliver(&app, &unknown).await.status(),
        StatusCode::OK,
        "acknowledged and logged"
    );
}

/// A Management API token for the tenant's M2M app, as Logto issues it.
pub async fn management_token(app: &TestApp) -> String {
    let response = reqwest::Client::new()
        .post(format!("{}/oidc/token", app.idp.origin))
        .basic_auth(
            bookstore::config::provider::DEV_M2M_APP_ID,
            Some(bookstore::config::provider::DEV_M2M_APP_SECRET),
        )
        .form(&[
            ("grant_type", "client_credentials"),
            ("resource", bookstore::config::provider::DEFAULT_MANAGEMENT_API),
            ("scope", "all"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

/// Through the dev provider's own webhooks (its Management API routes send
/// them as Logto does: payload, signature, retries): the real contract.
#[tokio::test(flavor = "multi_thread")]
async fn the_providers_own_webhooks_reach_the_shop() {
    let app = spawn_app().await;
    let browser = ada_signed_in(&app).await;
    let token = management_token(&app).await;
    let management = |method: reqwest::Method, path: &str| {
        reqwest::Client::new()
            .request(method, format!("{}/api/users/{ADA_SUB}{path}", app.idp.origin))
            .bearer_auth(&token)
    };
    let anonymous = reqwest::Client::new()
        .delete(format!("{}/api/users/{ADA_SUB}", app.idp.origin))
        .send()
        .await
        .unwrap();
    assert_eq!(
        anonymous.status(),
        StatusCode::UNAUTHORIZED,
        "the provider's Management API needs its token"
    );
    let renamed = management(reqwest::Method::PATCH, "")
        .json(&json!({"name": "Augusta Ada King"}))
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.status(), StatusCode::OK);
    assert_eq!(
        customer(&app).await.0.as_deref(),
        Some("Augusta Ada King"),
        "sent before the answer"
    );

    let deleted = management(reqwest::Method::DELETE, "").send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(signed_in_name(&app, &browser).await, None);
    assert_eq!(customer(&app).await, (None, None, "deleted".into()));
}
