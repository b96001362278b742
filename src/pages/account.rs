use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::auth::api::get_account_profile;
use crate::auth::model::{AccountProfile, Membership};
use crate::components::page_result::page_result;
use crate::shop::api::get_order_count;

/// `/account`: the profile from the ID token and the userinfo endpoint.
/// Signed-out visitors are sent to sign in and brought back here.
#[component]
pub fn AccountPage() -> impl IntoView {
    let profile = Resource::new(|| (), |_| get_account_profile());
    view! {
        <Title text="Your account \u{2014} Bookstore"/>
        <Suspense fallback=|| view! { <p>"Loading your account\u{2026}"</p> }>
            {move || Suspend::new(async move {
                page_result(profile.await, "Your account could not be shown", |profile| view! { <Profile profile/> })
            })}
        </Suspense>
    }
}

#[component]
fn Profile(profile: AccountProfile) -> impl IntoView {
    let user = profile.user;
    view! {
        <section class="panel">
            <h1>"Your account"</h1>
            <div class="profile">
                {user.picture.clone().map(|src| view! { <img class="profile__avatar" src=src alt="" width="64" height="64"/> })}
                <dl class="profile__facts">
                    <dt>"Name"</dt><dd data-testid="account-name">{user.display_name().to_string()}</dd>
                    <dt>"Email"</dt><dd>{user.email.clone().unwrap_or_else(|| "Not shared".into())}</dd>
                    {user.phone.clone().map(|phone| view! { <dt>"Phone"</dt><dd>{phone}</dd> })}
                    <dt>"User ID"</dt><dd><code>{user.subject}</code></dd>
                </dl>
            </div>
        </section>
        <OrderCount/>
        {profile.api_scopes.clone().map(|scopes| view! {
            <section class="panel" aria-labelledby="api-title">
                <h2 id="api-title">"Bookstore API"</h2>
                <p data-testid="api-scopes">{if scopes.is_empty() {
                    "Your account has no Bookstore API permissions.".to_string()
                } else {
                    format!("Apps you sign in to may use the Bookstore API with: {}.", scopes.join(", "))
                }}</p>
            </section>
        })}
        {(!profile.organizations.is_empty()).then(|| view! { <Organizations organizations=profile.organizations.clone()/> })}
        <section class="panel">
            <h2>"From your ID token"</h2>
            <ClaimTable rows=profile.id_token_claims label="ID token claims"/>
        </section>
        <section class="panel">
            <h2>"From the sign-in service (userinfo)"</h2>
            {match profile.userinfo {
                Ok(rows) => view! { <ClaimTable rows label="Userinfo claims"/> }.into_any(),
                Err(reason) => view! { <p class="notice" data-testid="userinfo-error">{reason}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Organizations(organizations: Vec<Membership>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="organizations-title">
            <h2 id="organizations-title">"Your organizations"</h2>
            <ul class="org-list" data-testid="organizations">
                {organizations.into_iter().map(|org| {
                    let roles = if org.roles.is_empty() { "member".to_string() } else { org.roles.join(", ") };
                    view! {
                        <li>
                            <A href=format!("/organizations/{}", org.id)>{org.display_name().to_string()}</A>
                            {format!(" \u{2014} your role: {roles}")}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn OrderCount() -> impl IntoView {
    let count = Resource::new(|| (), |_| get_order_count());
    view! {
        <section class="panel" aria-labelledby="orders-title">
            <h2 id="orders-title">"Orders"</h2>
            <Suspense fallback=|| view! { <p>"Counting your orders\u{2026}"</p> }>
                {move || Suspend::new(async move {
                    let text = match count.await {
                        Ok(0) => "You have not placed an order yet.".to_string(),
                        Ok(1) => "You have placed 1 order.".to_string(),
                        Ok(n) => format!("You have placed {n} orders."),
                        Err(err) => err.to_string(),
                    };
                    view! { <p data-testid="order-count">{text} " " <a href="/orders">"See your orders"</a></p> }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ClaimTable(rows: Vec<(String, String)>, label: &'static str) -> impl IntoView {
    view! {
        <table class="claims" aria-label=label>
            <thead><tr><th scope="col">"Claim"</th><th scope="col">"Value"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(name, value)| view! { <tr><th scope="row"><code>{name}</code></th><td>{value}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
}
