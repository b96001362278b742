use leptos::prelude::*;

use crate::i18n::td_string;
use crate::language::context::use_locale;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::components::error_panel::ErrorPanel;
use crate::components::page_result::page_result;
use crate::error::AppError;
use crate::language::dates::format_date;
use crate::pages::params::use_numeric_id;
use crate::shop::address::address_lines;
use crate::shop::api::{get_order, list_orders};
use crate::shop::model::{OrderDetail, OrderMail, OrderSummary};
use crate::shop::money::format_price;

/// `/orders`: the signed-in customer's orders, newest first.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let orders = Resource::new(|| (), |_| list_orders());
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, orders.title))/>
        <h1>{td_string!(locale, orders.title)}</h1>
        <Suspense fallback=move || view! { <p>{td_string!(locale, orders.loading)}</p> }>
            {move || Suspend::new(async move {
                page_result(orders.await, td_string!(locale, orders.failed), |orders| if orders.is_empty() { view! {
                        <section class="panel">
                            <p data-testid="no-orders">{td_string!(locale, orders.none)}</p>
                            <p><A href="/books" attr:class="button">{td_string!(locale, orders.browse)}</A></p>
                        </section>
                    }.into_any() } else { view! { <OrderTable orders/> }.into_any() })
            })}
        </Suspense>
    }
}

#[component]
fn OrderTable(orders: Vec<OrderSummary>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <table class="orders" aria-label=td_string!(locale, orders.title)>
            <thead>
                <tr><th scope="col">{td_string!(locale, orders.order)}</th><th scope="col">{td_string!(locale, orders.placed)}</th><th scope="col">{td_string!(locale, orders.items)}</th><th scope="col">{td_string!(locale, orders.total)}</th><th scope="col">{td_string!(locale, orders.status)}</th></tr>
            </thead>
            <tbody>
                {orders.into_iter().map(|order| view! {
                    <tr data-testid="order-row">
                        <th scope="row"><A href=format!("/orders/{}", order.id)>{td_string!(locale, orders.order_number, id = order.id)}</A></th>
                        <td>{format_date(locale, order.placed_at)}</td>
                        <td>{order.item_count}</td>
                        <td class="price">{format_price(locale, order.total_cents)}</td>
                        <td>{status_label(locale, &order.status)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn status_label(locale: crate::i18n::Locale, status: &str) -> String {
    match status {
        "placed" => td_string!(locale, orders.status_placed).to_string(),
        "shipped" => td_string!(locale, orders.status_shipped).to_string(),
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
    let locale = use_locale();
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, orders.loading_order)}</p> }>
            {move || Suspend::new(async move {
                match order.await {
                    Err(AppError::NotFound) => view! {
                        <Title text=td_string!(locale, site.title, page = td_string!(locale, orders.not_found_title))/>
                        <ErrorPanel
                            status=404
                            title=td_string!(locale, orders.not_found_heading).to_string()
                            message=td_string!(locale, orders.not_found).to_string()
                            action=("/orders".to_string(), td_string!(locale, orders.see_orders).to_string())
                        />
                    }.into_any(),
                    result => page_result(result, td_string!(locale, orders.order_failed), |order| view! { <OrderDetails order just_placed=just_placed()/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrderDetails(order: OrderDetail, just_placed: bool) -> impl IntoView {
    let summary = order.summary;
    let shipping = order.shipping;
    let locale = use_locale();
    let number = td_string!(locale, orders.order_number, id = summary.id);
    view! {
        <Title text=td_string!(locale, site.title, page = number.clone())/>
        {just_placed.then(|| view! {
            <p class="notice notice--success" role="status" data-testid="order-placed">
                {td_string!(locale, orders.thank_you)}
            </p>
        })}
        <h1>{number}</h1>
        <p data-testid="order-date">{td_string!(locale, orders.placed_on, date = format_date(locale, summary.placed_at), status = status_label(locale, &summary.status))}</p>
        <div class="checkout">
            <section class="panel" aria-labelledby="lines-heading">
                <h2 id="lines-heading">{td_string!(locale, orders.books)}</h2>
                <ul class="order-lines" data-testid="order-lines">
                    {order.lines.into_iter().map(|line| {
                        let title = match line.book_id {
                            Some(id) => view! { <A href=format!("/books/{id}")>{line.title.clone()}</A> }.into_any(),
                            None => view! { <span>{line.title.clone()}</span> }.into_any(),
                        };
                        view! {
                            <li>
                                <span>{td_string!(locale, orders.line_quantity, quantity = line.quantity)}{title}</span>
                                <span class="price">{format_price(locale, line.unit_price_cents * line.quantity)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p class="order-total">{td_string!(locale, orders.total)} " " <strong class="price">{format_price(locale, summary.total_cents)}</strong></p>
            </section>
            <section class="panel" aria-labelledby="address-heading">
                <h2 id="address-heading">{td_string!(locale, orders.address)}</h2>
                <address data-testid="order-address">
                    {address_lines(&shipping).into_iter().enumerate().map(|(i, line)| view! { {(i > 0).then(|| view! { <br/> })}{line} }).collect_view()}
                </address>
            </section>
        </div>
        <OrderMailNotes mail=order.mail/>
        <p><A href="/orders">{td_string!(locale, orders.all_orders)}</A></p>
    }
}

/// What the shop wrote about the order, and where; or why it wrote nothing.
#[component]
fn OrderMailNotes(mail: OrderMail) -> impl IntoView {
    let locale = use_locale();
    let body = match mail.to {
        None => view! { <p data-testid="order-mail-none">{td_string!(locale, orders.mail_none)}</p> }.into_any(),
        Some(address) => view! {
            <p>{td_string!(locale, orders.mail_to, address)}</p>
            <ul class="order-mail" data-testid="order-mail">
                {mail.messages.into_iter().map(|sent| {
                    let what = match sent.kind.as_str() {
                        "shipping_note" => td_string!(locale, orders.mail_shipping_note),
                        _ => td_string!(locale, orders.mail_order_confirmation),
                    };
                    let state = match sent.state.as_str() {
                        "sent" => td_string!(locale, orders.mail_sent, date = format_date(locale, sent.at)),
                        "failed" => td_string!(locale, orders.mail_failed).to_string(),
                        _ => td_string!(locale, orders.mail_waiting).to_string(),
                    };
                    view! { <li>{what}": "{state}</li> }
                }).collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <section class="panel" aria-labelledby="mail-heading">
            <h2 id="mail-heading">{td_string!(locale, orders.mail_heading)}</h2>
            {body}
        </section>
    }
}
