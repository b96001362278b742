use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::page_result::{error_view, page_result};
use crate::error::AppError;
use crate::language::dates::format_date;
use crate::pages::params::use_text_id;
use crate::shop::api::get_organization;
use crate::shop::model::{OrganizationOverview, permission_label};
use crate::shop::money::format_price;

/// `/organizations/ID`: what this organization lets the user do (from an
/// organization token) and, for purchasers, its orders.
#[component]
pub fn OrganizationPage() -> impl IntoView {
    let id = use_text_id();
    let overview = Resource::new(id, get_organization);
    let locale = use_locale();
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, organization.loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(err @ AppError::Forbidden(_)) => view! {
                        <Title text=td_string!(locale, site.title, page = td_string!(locale, organization.title))/>
                        {error_view(err, td_string!(locale, organization.unavailable))}
                    }.into_any(),
                    result => page_result(result, td_string!(locale, organization.unavailable), |overview| view! { <Overview overview/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(overview: OrganizationOverview) -> impl IntoView {
    let name = overview.membership.display_name().to_string();
    let locale = use_locale();
    let roles = overview
        .membership
        .roles
        .join(td_string!(locale, format.list_separator));
    view! {
        <Title text=td_string!(locale, site.title, page = name.clone())/>
        <h1>{name}</h1>
        <p>{if roles.is_empty() { td_string!(locale, organization.member).to_string() } else { td_string!(locale, organization.role, roles) }}</p>
        <section class="panel" aria-labelledby="permissions-title">
            <h2 id="permissions-title">{td_string!(locale, organization.permissions)}</h2>
            {if overview.scopes.is_empty() {
                view! { <p data-testid="org-permissions">{td_string!(locale, organization.no_permissions)}</p> }.into_any()
            } else {
                view! {
                    <ul data-testid="org-permissions">
                        {overview.scopes.iter().map(|s| view! { <li>{permission_label(locale, s)}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {overview.orders.map(|orders| view! {
            <section class="panel" aria-labelledby="org-orders-title">
                <h2 id="org-orders-title">{td_string!(locale, organization.orders)}</h2>
                {if orders.is_empty() {
                    view! { <p data-testid="org-no-orders">{td_string!(locale, organization.no_orders)}</p> }.into_any()
                } else {
                    view! {
                        <table class="orders" aria-label=td_string!(locale, organization.orders_label)>
                            <thead><tr><th scope="col">{td_string!(locale, orders.order)}</th><th scope="col">{td_string!(locale, orders.placed)}</th><th scope="col">{td_string!(locale, orders.items)}</th><th scope="col">{td_string!(locale, orders.total)}</th></tr></thead>
                            <tbody>
                                {orders.into_iter().map(|order| view! {
                                    <tr data-testid="org-order-row">
                                        <th scope="row">{td_string!(locale, orders.order_number, id = order.id)}</th>
                                        <td>{format_date(locale, order.placed_at)}</td>
                                        <td>{order.item_count}</td>
                                        <td class="price">{format_price(locale, order.total_cents)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        })}
        <p><A href="/account">{td_string!(locale, organization.back)}</A></p>
    }
}
