//! Sign-in options chosen per link: Logto's `first_screen`, `identifier`,
//! `direct_sign_in`, `organization_id` and a `login_hint` reach the provider
//! in Logto's names when the provider offers them; anything else is refused
//! with the failure page, never forwarded; the choice page carries them on.

use reqwest::StatusCode;

use crate::helpers::*;

/// The dev Logto provider, offering Google and the book club's sign-in page (and Acme ID beside it).
async fn spawn_offering() -> TestApp {
    spawn_app_with(SpawnOptions {
        with_acme: true,
        extra_env: vec![
            ("LOGTO_DIRECT_SIGN_IN", "social:google sso:acme-okta".into()),
            ("LOGTO_SIGN_IN_ORGANIZATIONS", "org-bletchley".into()),
        ],
        ..SpawnOptions::default()
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_option_reaches_the_provider_in_logtos_names() {
    let app = spawn_offering().await;
    let browser = Browser::new();
    let url = app
        .start_sign_in(
            &browser,
            "/sign-in?provider=logto&first_screen=identifier%3Aregister&identifier=email+username\
             &login_hint=ada%40example.com&direct_sign_in=social%3Agoogle&organization_id=org-bletchley",
        )
        .await;
    for (name, value) in [
        ("first_screen", "identifier:register"),
        ("identifier", "email username"),
        ("login_hint", "ada@example.com"),
        ("direct_sign_in", "social:google"),
        ("organization_id", "org-bletchley"),
    ] {
        assert_eq!(param(&url, name).as_deref(), Some(value), "{name} in {url}");
    }
    assert_eq!(
        param(&url, "interaction_mode"),
        None,
        "only the register screen has an old name"
    );

    let url = app.start_sign_in(&browser, "/sign-up?provider=logto").await;
    assert_eq!(param(&url, "first_screen").as_deref(), Some("register"));
    assert_eq!(param(&url, "interaction_mode").as_deref(), Some("signUp"));
    let url = app
        .start_sign_in(
            &browser,
            "/sign-in?provider=logto&first_screen=reset_password&identifier=email",
        )
        .await;
    assert_eq!(param(&url, "first_screen").as_deref(), Some("reset_password"));

    // The provider's form is pre-filled from the hint.
    let url = app
        .start_sign_in(&browser, "/sign-in?provider=logto&login_hint=grace")
        .await;
    let mut next = url::Url::parse(&url).unwrap();
    let page = loop {
        let response = browser.client.get(next.clone()).send().await.unwrap();
        if !response.status().is_redirection() {
            break body(response).await;
        }
        next = next.join(&location(&response)).unwrap();
    };
    assert!(page.contains("value=\"grace\""), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn options_the_provider_does_not_offer_are_refused_not_forwarded() {
    let app = spawn_offering().await;
    for query in [
        "provider=logto&first_screen=admin",
        "provider=logto&first_screen=sign_in&identifier=email",
        "provider=logto&first_screen=identifier:sign_in&identifier=fax",
        "provider=logto&direct_sign_in=social:github",
        "provider=logto&organization_id=org-other",
        "provider=logto&login_hint=ada%0d%0aX-Injected:%201",
        "provider=acme&first_screen=register",
        "provider=acme&direct_sign_in=social:google",
    ] {
        let page = Browser::new().get_failure(&app.url(&format!("/sign-in?{query}"))).await;
        assert_eq!(page.status(), StatusCode::BAD_REQUEST, "{query}");
        assert!(body(page).await.contains("There is no such sign-in option"), "{query}");
    }
    // A plain OpenID provider takes the standard hint.
    let url = app
        .start_sign_in(&Browser::new(), "/sign-in?provider=acme&login_hint=ada%40example.com")
        .await;
    assert_eq!(param(&url, "login_hint").as_deref(), Some("ada@example.com"));
    assert_eq!(param(&url, "first_screen"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_choice_page_carries_the_options_to_the_provider_picked() {
    let app = spawn_offering().await;
    let browser = Browser::new();
    let response = browser
        .get(&app.url("/sign-in?return_to=/cart&login_hint=ada%40example.com&first_screen=identifier:sign_in"))
        .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let choose = location(&response);
    assert!(choose.starts_with("/sign-in/choose?"), "{choose}");
    let page = body(browser.get(&app.url(&choose)).await).await;
    let logto_link = link_targets(&page)
        .into_iter()
        .find(|href| href.contains("provider=logto") && href.contains("login_hint"))
        .expect("a link to the Logto provider with the link's options");
    let url = app.start_sign_in(&browser, &logto_link).await;
    assert_eq!(param(&url, "login_hint").as_deref(), Some("ada@example.com"));
    assert_eq!(param(&url, "first_screen").as_deref(), Some("identifier:sign_in"));
}

/// The `href`s of a page's links, HTML entities undone.
fn link_targets(page: &str) -> Vec<String> {
    page.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(href, _)| href.replace("&amp;", "&")))
        .collect()
}
