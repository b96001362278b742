use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::page_result::{error_view, page_result};
use crate::error::AppError;
use crate::pages::params::use_text_id;
use crate::shop::api::get_organization;
use crate::shop::model::{OrganizationOverview, format_date, permission_label};
use crate::shop::money::format_price;

/// `/organizations/ID`: what this organization lets the user do (from an
/// organization token) and, for purchasers, its orders.
#[component]
pub fn OrganizationPage() -> impl IntoView {
    let id = use_text_id();
    let overview = Resource::new(id, get_organization);
    view! {
        <Suspense fallback=|| view! { <p>"Asking the sign-in service what this organization lets you do\u{2026}"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(err @ AppError::Forbidden(_)) => view! {
                        <Title text="Organization \u{2014} Bookstore"/>
                        {error_view(err, "This organization is not available to you")}
                    }.into_any(),
                    result => page_result(result, "This organization is not available to you", |overview| view! { <Overview overview/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(overview: OrganizationOverview) -> impl IntoView {
    let name = overview.membership.display_name().to_string();
    let roles = overview.membership.roles.join(", ");
    view! {
        <Title text=format!("{name} \u{2014} Bookstore")/>
        <h1>{name}</h1>
        <p>{if roles.is_empty() { "You are a member.".to_string() } else { format!("Your role: {roles}.") }}</p>
        <section class="panel" aria-labelledby="permissions-title">
            <h2 id="permissions-title">"What this organization lets you do"</h2>
            {if overview.scopes.is_empty() {
                view! { <p data-testid="org-permissions">"Nothing beyond membership: ask the organization for the purchaser role to order for it."</p> }.into_any()
            } else {
                view! {
                    <ul data-testid="org-permissions">
                        {overview.scopes.iter().map(|s| view! { <li>{permission_label(s)}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {overview.orders.map(|orders| view! {
            <section class="panel" aria-labelledby="org-orders-title">
                <h2 id="org-orders-title">"The organization's orders"</h2>
                {if orders.is_empty() {
                    view! { <p data-testid="org-no-orders">"No orders yet. Choose this organization at checkout to order for it."</p> }.into_any()
                } else {
                    view! {
                        <table class="orders" aria-label="Organization orders">
                            <thead><tr><th scope="col">"Order"</th><th scope="col">"Placed"</th><th scope="col">"Items"</th><th scope="col">"Total"</th></tr></thead>
                            <tbody>
                                {orders.into_iter().map(|order| view! {
                                    <tr data-testid="org-order-row">
                                        <th scope="row">{format!("Order #{}", order.id)}</th>
                                        <td>{format_date(order.placed_at)}</td>
                                        <td>{order.item_count}</td>
                                        <td class="price">{format_price(order.total_cents)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        })}
        <p><A href="/account">"Back to your account"</A></p>
    }
}
