use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::auth::account_center::{AccountCenterLink, AccountCenterPage};
use crate::auth::api::get_account_profile;
use crate::auth::model::{AccountProfile, Membership};
use crate::components::page_result::page_result;
use crate::language::dates::format_date;
use crate::shop::api::{get_customer_since, get_order_count};

/// `/account`: the profile from the ID token and the userinfo endpoint.
/// Signed-out visitors are sent to sign in and brought back here.
#[component]
pub fn AccountPage() -> impl IntoView {
    let profile = Resource::new(|| (), |_| get_account_profile());
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, account.title))/>
        <Suspense fallback=move || view! { <p>{td_string!(locale, account.loading)}</p> }>
            {move || Suspend::new(async move {
                page_result(profile.await, td_string!(locale, account.failed), |profile| view! { <Profile profile/> })
            })}
        </Suspense>
    }
}

#[component]
fn Profile(profile: AccountProfile) -> impl IntoView {
    let user = profile.user;
    let locale = use_locale();
    let email = user.email.clone().map(|email| {
        let note = match profile.email_verified {
            Some(true) => td_string!(locale, account.email_verified),
            Some(false) => td_string!(locale, account.email_unverified),
            None => "",
        };
        format!("{email}{note}")
    });
    view! {
        <section class="panel">
            <h1>{td_string!(locale, account.title)}</h1>
            <div class="profile">
                {user.picture.clone().map(|src| view! { <img class="profile__avatar" src=src alt="" width="64" height="64"/> })}
                <dl class="profile__facts">
                    <dt>{td_string!(locale, account.name)}</dt><dd data-testid="account-name">{user.display_name().to_string()}</dd>
                    <dt>{td_string!(locale, account.email)}</dt><dd data-testid="account-email">{email.unwrap_or_else(|| td_string!(locale, account.not_shared).into())}</dd>
                    {user.phone.clone().map(|phone| view! { <dt>{td_string!(locale, account.phone)}</dt><dd>{phone}</dd> })}
                    <CustomerSince/>
                    {profile.authenticated_at.map(|at| view! {
                        <dt>{td_string!(locale, account.confirmed_at)}</dt>
                        <dd data-testid="account-confirmed">{format_date(locale, at)}</dd>
                    })}
                    <dt>{td_string!(locale, account.user_id)}</dt><dd><code>{user.subject}</code></dd>
                </dl>
            </div>
        </section>
        {(!profile.account_center.is_empty()).then(|| view! { <AccountCenter links=profile.account_center.clone()/> })}
        {profile.devices.then(|| view! {
            <section class="panel" aria-labelledby="devices-title">
                <h2 id="devices-title">{td_string!(locale, account.devices_title)}</h2>
                <p>{td_string!(locale, account.devices_intro)}" "<a href="/account/devices" data-testid="devices-link">{td_string!(locale, account.devices_link)}</a></p>
            </section>
        })}
        <OrderCount/>
        {profile.api_scopes.clone().map(|scopes| view! {
            <section class="panel" aria-labelledby="api-title">
                <h2 id="api-title">{td_string!(locale, account.api)}</h2>
                <p data-testid="api-scopes">{if scopes.is_empty() {
                    td_string!(locale, account.no_api_scopes).to_string()
                } else {
                    td_string!(locale, account.api_scopes, scopes = scopes.join(td_string!(locale, format.list_separator)))
                }}</p>
            </section>
        })}
        {(!profile.organizations.is_empty()).then(|| view! { <Organizations organizations=profile.organizations.clone()/> })}
        <section class="panel">
            <h2>{td_string!(locale, account.delete_title)}</h2>
            <p><a href="/account/delete" data-testid="delete-account-link">{td_string!(locale, account.delete_link)}</a></p>
        </section>
        <section class="panel">
            <h2>{td_string!(locale, account.id_token)}</h2>
            <ClaimTable rows=profile.id_token_claims label=td_string!(locale, account.id_token_label)/>
        </section>
        <section class="panel">
            <h2>{td_string!(locale, account.userinfo)}</h2>
            {match profile.userinfo {
                Ok(rows) => view! { <ClaimTable rows label=td_string!(locale, account.userinfo_label)/> }.into_any(),
                Err(reason) => view! { <p class="notice" data-testid="userinfo-error">{reason}</p> }.into_any(),
            }}
        </section>
    }
}

/// "Customer since": from the shop's customer record.
#[component]
fn CustomerSince() -> impl IntoView {
    let since = Resource::new(|| (), |_| get_customer_since());
    let locale = use_locale();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                since.await.ok().flatten().map(|at| view! {
                    <dt>{td_string!(locale, account.customer_since)}</dt>
                    <dd data-testid="account-since">{format_date(locale, at)}</dd>
                })
            })}
        </Suspense>
    }
}

/// Logto's Account Center: what Logto keeps, changed there, back here after.
#[component]
fn AccountCenter(links: Vec<AccountCenterLink>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="panel" aria-labelledby="security-title">
            <h2 id="security-title">{td_string!(locale, account.security_title)}</h2>
            <p>{td_string!(locale, account.security_intro)}</p>
            <ul class="account-center" data-testid="account-center">
                {links.into_iter().map(|link| {
                    let label = match link.page {
                        AccountCenterPage::Profile => td_string!(locale, account.center_profile),
                        AccountCenterPage::Email => td_string!(locale, account.center_email),
                        AccountCenterPage::Password => td_string!(locale, account.center_password),
                        AccountCenterPage::AuthenticatorApp => td_string!(locale, account.center_authenticator),
                        AccountCenterPage::Passkeys => td_string!(locale, account.center_passkeys),
                        AccountCenterPage::BackupCodes => td_string!(locale, account.center_backup_codes),
                        AccountCenterPage::Devices => td_string!(locale, account.center_devices),
                    };
                    view! { <li><a rel="external" href=link.href>{label}</a></li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Organizations(organizations: Vec<Membership>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="panel" aria-labelledby="organizations-title">
            <h2 id="organizations-title">{td_string!(locale, account.organizations)}</h2>
            <ul class="org-list" data-testid="organizations">
                {organizations.into_iter().map(|org| {
                    let roles = if org.roles.is_empty() { td_string!(locale, account.member).to_string() } else { org.roles.join(td_string!(locale, format.list_separator)) };
                    view! {
                        <li>
                            <A href=format!("/organizations/{}", org.id)>{org.display_name().to_string()}</A>
                            {td_string!(locale, account.your_role, roles)}
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
    let locale = use_locale();
    view! {
        <section class="panel" aria-labelledby="orders-title">
            <h2 id="orders-title">{td_string!(locale, account.orders)}</h2>
            <Suspense fallback=move || view! { <p>{td_string!(locale, account.counting)}</p> }>
                {move || Suspend::new(async move {
                    let text = match count.await {
                        Ok(0) => td_string!(locale, account.no_orders).to_string(),
                        Ok(1) => td_string!(locale, account.orders_singular).to_string(),
                        Ok(count) => td_string!(locale, account.orders_plural, count),
                        Err(err) => err.text(locale),
                    };
                    view! { <p data-testid="order-count">{text}{td_string!(locale, format.sentence_space)}<a href="/orders">{td_string!(locale, account.see_orders)}</a></p> }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ClaimTable(rows: Vec<(String, String)>, label: &'static str) -> impl IntoView {
    let locale = use_locale();
    view! {
        <table class="claims" aria-label=label>
            <thead><tr><th scope="col">{td_string!(locale, account.claim)}</th><th scope="col">{td_string!(locale, account.value)}</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(name, value)| view! { <tr><th scope="row"><code>{name}</code></th><td>{value}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
}
