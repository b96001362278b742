use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::components::error_panel::ErrorPanel;
use crate::components::page_result::page_result;
use crate::error::AppError;
use crate::pages::params::use_numeric_id;
use crate::shop::api::{get_order, list_orders};
use crate::shop::model::{OrderDetail, OrderSummary, format_date};
use crate::shop::money::format_price;

/// `/orders`: the signed-in customer's orders, newest first.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let orders = Resource::new(|| (), |_| list_orders());
    view! {
        <Title text="Your orders \u{2014} Bookstore"/>
        <h1>"Your orders"</h1>
        <Suspense fallback=|| view! { <p>"Loading your orders\u{2026}"</p> }>
            {move || Suspend::new(async move {
                page_result(orders.await, "Your orders could not be shown", |orders| if orders.is_empty() { view! {
                        <section class="panel">
                            <p data-testid="no-orders">"You have not placed an order yet."</p>
                            <p><A href="/books" attr:class="button">"Browse books"</A></p>
                        </section>
                    }.into_any() } else { view! { <OrderTable orders/> }.into_any() })
            })}
        </Suspense>
    }
}

#[component]
fn OrderTable(orders: Vec<OrderSummary>) -> impl IntoView {
    view! {
        <table class="orders" aria-label="Your orders">
            <thead>
                <tr><th scope="col">"Order"</th><th scope="col">"Placed"</th><th scope="col">"Items"</th><th scope="col">"Total"</th><th scope="col">"Status"</th></tr>
            </thead>
            <tbody>
                {orders.into_iter().map(|order| view! {
                    <tr data-testid="order-row">
                        <th scope="row"><A href=format!("/orders/{}", order.id)>{format!("Order #{}", order.id)}</A></th>
                        <td>{format_date(order.placed_at)}</td>
                        <td>{order.item_count}</td>
                        <td class="price">{format_price(order.total_cents)}</td>
                        <td>{status_label(&order.status)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn status_label(status: &str) -> String {
    match status {
        "placed" => "Placed, being packed".to_string(),
        other => other.to_string(),
    }
}

/// `/orders/ID`: one of the customer's orders; anyone else's id is a 404.
#[component]
pub fn OrderPage() -> impl IntoView {
    let query = use_query_map();
    let id = use_numeric_id();
    let order = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_order(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let just_placed = move || query.with(|q| q.get("placed").is_some());
    view! {
        <Suspense fallback=|| view! { <p>"Loading the order\u{2026}"</p> }>
            {move || Suspend::new(async move {
                match order.await {
                    Err(AppError::NotFound) => view! {
                        <Title text="Order not found \u{2014} Bookstore"/>
                        <ErrorPanel
                            status=404
                            title="We could not find that order".to_string()
                            message="There is no order with that number in your account.".to_string()
                            action=("/orders".to_string(), "See your orders".to_string())
                        />
                    }.into_any(),
                    result => page_result(result, "The order could not be shown", |order| view! { <OrderDetails order just_placed=just_placed()/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrderDetails(order: OrderDetail, just_placed: bool) -> impl IntoView {
    let summary = order.summary;
    let shipping = order.shipping;
    view! {
        <Title text=format!("Order #{} \u{2014} Bookstore", summary.id)/>
        {just_placed.then(|| view! {
            <p class="notice notice--success" role="status" data-testid="order-placed">
                "Thank you! Your order has been placed. Its status is shown on this page."
            </p>
        })}
        <h1>{format!("Order #{}", summary.id)}</h1>
        <p>{format!("Placed on {} \u{b7} {}", format_date(summary.placed_at), status_label(&summary.status))}</p>
        <div class="checkout">
            <section class="panel" aria-labelledby="lines-heading">
                <h2 id="lines-heading">"Books"</h2>
                <ul class="order-lines" data-testid="order-lines">
                    {order.lines.into_iter().map(|line| {
                        let title = match line.book_id {
                            Some(id) => view! { <A href=format!("/books/{id}")>{line.title.clone()}</A> }.into_any(),
                            None => view! { <span>{line.title.clone()}</span> }.into_any(),
                        };
                        view! {
                            <li>
                                <span>{format!("{} \u{d7} ", line.quantity)}{title}</span>
                                <span class="price">{format_price(line.unit_price_cents * line.quantity)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p class="order-total">"Total " <strong class="price">{format_price(summary.total_cents)}</strong></p>
            </section>
            <section class="panel" aria-labelledby="address-heading">
                <h2 id="address-heading">"Delivery address"</h2>
                <address>
                    {shipping.name}<br/>{shipping.street}<br/>{format!("{} {}", shipping.postcode, shipping.city)}<br/>{shipping.country}
                </address>
            </section>
        </div>
        <p><A href="/orders">"All your orders"</A></p>
    }
}
