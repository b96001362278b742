//! "Your devices" (issue 21, section 3): a code e-mailed by the provider
//! unlocks the customer's sessions from Logto's Account API; signing a
//! device out ends its provider session, revokes its tokens and ends the
//! shop's sessions that came from it; an old sign-in confirms who it is
//! first; nobody signs out a device that is not theirs.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{ADA, Browser, GRACE, TestApp, location, spawn_app};
use crate::step_up::{age_sign_in, json};

async fn signed_in(app: &TestApp, browser: &Browser) -> bool {
    let user: Value = app.call(browser, "/api/current_user", &[]).await.json().await.unwrap();
    user.get("subject").is_some()
}

async fn devices(app: &TestApp, browser: &Browser) -> Value {
    json(app.call(browser, "/api/devices", &[]).await).await
}

/// The codes the provider e-mailed to `to`, oldest first.
async fn codes(app: &TestApp, to: &str) -> Vec<String> {
    let sent: Value = reqwest::get(format!("{}/dev/mail.json?to={to}", app.idp.origin))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    sent.as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap().to_string())
        .collect()
}

async fn signed_in_as(app: &TestApp, user: (&str, &str, &str)) -> Browser {
    let browser = Browser::new();
    assert_eq!(
        app.sign_in_as(&browser, "/sign-in", user).await.status(),
        StatusCode::FOUND
    );
    browser
}

/// Sends the code and types it: the devices list is open.
async fn unlock(app: &TestApp, browser: &Browser, email: &str) {
    let sent = app.call(browser, "/api/devices_send_code", &[]).await;
    assert_eq!(sent.status(), StatusCode::OK, "{}", sent.text().await.unwrap());
    let code = codes(app, email).await.pop().expect("a code was mailed");
    let checked = app.call(browser, "/api/devices_check_code", &[("code", &code)]).await;
    assert_eq!(checked.status(), StatusCode::OK, "{}", checked.text().await.unwrap());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_customer_sees_their_devices_and_signs_one_out() {
    let app = spawn_app().await;
    let laptop = signed_in_as(&app, ADA).await;
    let phone = signed_in_as(&app, ADA).await;
    let phone_refresh = app.stored_sign_in(&phone).await.unwrap().tokens.refresh_token.unwrap();

    assert_eq!(
        devices(&app, &laptop).await,
        serde_json::json!({ "Start": { "email": "a•••@bookstore.test" } })
    );
    assert!(
        codes(&app, "ada@bookstore.test").await.is_empty(),
        "nothing sent before asked"
    );
    let sent = app.call(&laptop, "/api/devices_send_code", &[]).await;
    assert_eq!(sent.status(), StatusCode::OK);
    assert!(devices(&app, &laptop).await.get("CodeSent").is_some());

    // A wrong code is refused beside its field, and shows nothing.
    let wrong = app
        .call(&laptop, "/api/devices_check_code", &[("code", "000000x")])
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(devices(&app, &laptop).await.get("CodeSent").is_some());

    let code = codes(&app, "ada@bookstore.test").await.pop().unwrap();
    let right = app.call(&laptop, "/api/devices_check_code", &[("code", &code)]).await;
    assert_eq!(right.status(), StatusCode::OK);
    let list = devices(&app, &laptop).await["Devices"]
        .as_array()
        .cloned()
        .expect("the devices");
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list[0]["current"], true, "this device first");
    assert_eq!(list[1]["current"], false);
    assert_eq!(list[1]["here"], true, "the phone is signed in to the shop");
    let phone_uid = list[1]["uid"].as_str().unwrap().to_string();

    let out = app.call(&laptop, "/api/devices_sign_out", &[("uid", &phone_uid)]).await;
    assert_eq!(out.status(), StatusCode::OK, "{}", out.text().await.unwrap());
    assert!(!signed_in(&app, &phone).await, "the phone is signed out of the shop");
    assert!(signed_in(&app, &laptop).await, "the laptop stays signed in");
    assert_ne!(
        app.refresh_grant_status(&phone_refresh).await,
        StatusCode::OK,
        "the phone's tokens are revoked at the provider"
    );
    let list = devices(&app, &laptop).await["Devices"].as_array().cloned().unwrap();
    assert_eq!(list.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_old_sign_in_confirms_who_it_is_before_a_code_is_sent() {
    let app = spawn_app().await;
    let browser = signed_in_as(&app, ADA).await;
    age_sign_in(&app, 3600).await;
    let response = app.call(&browser, "/api/devices_send_code", &[]).await;
    let provider = location(&response);
    assert!(provider.starts_with(&app.idp.origin), "{provider}");
    assert!(
        provider.contains("max_age=0") && provider.contains("prompt=login"),
        "{provider}"
    );
    assert!(
        codes(&app, "ada@bookstore.test").await.is_empty(),
        "no code before the confirmation"
    );
    assert!(devices(&app, &browser).await.get("Start").is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_is_shown_or_signed_out_without_the_code() {
    let app = spawn_app().await;
    let ada = signed_in_as(&app, ADA).await;
    let _other = signed_in_as(&app, ADA).await;
    let refused = app.call(&ada, "/api/devices_sign_out", &[("uid", "any")]).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    app.call(&ada, "/api/devices_send_code", &[]).await;
    assert!(
        devices(&app, &ada).await.get("CodeSent").is_some(),
        "sent, not yet shown"
    );
    let refused = app.call(&ada, "/api/devices_sign_out", &[("uid", "any")]).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_customer_cannot_sign_out_someone_elses_device_or_their_own_here() {
    let app = spawn_app().await;
    let grace = signed_in_as(&app, GRACE).await;
    unlock(&app, &grace, "grace@bookstore.test").await;
    let grace_uid = devices(&app, &grace).await["Devices"][0]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    let ada = signed_in_as(&app, ADA).await;
    unlock(&app, &ada, "ada@bookstore.test").await;

    let refused = app.call(&ada, "/api/devices_sign_out", &[("uid", &grace_uid)]).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT, "not in Ada's list");
    assert!(signed_in(&app, &grace).await);

    let own = devices(&app, &ada).await["Devices"][0]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    let refused = app.call(&ada, "/api/devices_sign_out", &[("uid", &own)]).await;
    assert_eq!(
        refused.status(),
        StatusCode::BAD_REQUEST,
        "this device signs out with Sign out"
    );
    assert!(signed_in(&app, &ada).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn too_many_wrong_codes_need_a_new_one() {
    let app = spawn_app().await;
    let browser = signed_in_as(&app, ADA).await;
    app.call(&browser, "/api/devices_send_code", &[]).await;
    let code = codes(&app, "ada@bookstore.test").await.pop().unwrap();
    let wrong = if code == "111111" { "222222" } else { "111111" };
    for _ in 0..5 {
        let response = app.call(&browser, "/api/devices_check_code", &[("code", wrong)]).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let locked = app.call(&browser, "/api/devices_check_code", &[("code", &code)]).await;
    assert_eq!(
        locked.status(),
        StatusCode::CONFLICT,
        "even the right code, after five wrong ones"
    );
    assert!(
        devices(&app, &browser).await.get("Start").is_some(),
        "back to sending a code"
    );
}
