//! `/admin/orders`: the newest orders for staff, each with a "Mark shipped"
//! button: a plain form, so it works before (and without) the wasm.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::admin::api::staff_orders;
use crate::admin::model::StaffOrder;
use crate::components::page_result::page_result;
use crate::i18n::{Locale, td_string};
use crate::language::context::use_locale;
use crate::language::dates::format_date;
use crate::pages::admin::StaffOnly;
use crate::shop::money::format_price;

#[component]
pub fn AdminOrdersPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, admin.orders_title))/>
        <StaffOnly>
            <StaffOrders/>
        </StaffOnly>
    }
}

/// What the last click did, from the query the server function redirected with.
fn outcome(locale: Locale, get: impl Fn(&str) -> Option<String>) -> Option<String> {
    let id = |name| get(name).filter(|v| v.bytes().all(|b| b.is_ascii_digit()));
    if let Some(id) = id("noted") {
        Some(td_string!(locale, admin.shipped_noted, id))
    } else if let Some(id) = id("shipped") {
        Some(td_string!(locale, admin.shipped_quiet, id))
    } else {
        id("already").map(|id| td_string!(locale, admin.shipped_already, id))
    }
}

#[component]
fn StaffOrders() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let orders = Resource::new(|| (), |_| staff_orders());
    let notice = move || query.with(|q| outcome(locale, |name| q.get(name)));
    view! {
        <div class="admin-head">
            <h1>{td_string!(locale, admin.orders_title)}</h1>
            <A href="/admin" attr:class="button button--quiet">{td_string!(locale, admin.title)}</A>
        </div>
        {move || notice().map(|text| view! { <p class="notice notice--success" role="status" data-testid="shipped-notice">{text}</p> })}
        <Suspense fallback=move || view! { <p>{td_string!(locale, admin.orders_loading)}</p> }>
            {move || Suspend::new(async move {
                page_result(orders.await, td_string!(locale, admin.orders_failed), |orders| if orders.is_empty() {
                    view! { <p>{td_string!(locale, admin.orders_none)}</p> }.into_any()
                } else {
                    view! {
                        <table class="orders" aria-label=td_string!(locale, admin.orders_label)>
                            <thead><tr>
                                <th scope="col">{td_string!(locale, admin.col_order)}</th><th scope="col">{td_string!(locale, admin.col_placed)}</th>
                                <th scope="col">{td_string!(locale, admin.col_ship_to)}</th><th scope="col">{td_string!(locale, admin.col_items)}</th>
                                <th scope="col">{td_string!(locale, admin.col_total)}</th><th scope="col">{td_string!(locale, admin.col_status)}</th>
                            </tr></thead>
                            <tbody>{orders.into_iter().map(|order| view! { <StaffOrderRow order/> }).collect_view()}</tbody>
                        </table>
                    }.into_any()
                })
            })}
        </Suspense>
    }
}

#[component]
fn StaffOrderRow(order: StaffOrder) -> impl IntoView {
    let locale = use_locale();
    let id = order.id;
    let status = if order.status == "placed" {
        view! {
            <form method="post" action="/api/admin/mark_shipped" class="inline-form">
                <input type="hidden" name="id" value=id.to_string()/>
                <button class="button button--quiet" type="submit" aria-label=td_string!(locale, admin.mark_shipped_label, id)>
                    {td_string!(locale, admin.mark_shipped)}
                </button>
                {(!order.mailed).then(|| view! { <span class="muted">" "{td_string!(locale, admin.no_mail)}</span> })}
            </form>
        }
        .into_any()
    } else {
        view! { <span>{td_string!(locale, orders.status_shipped)}</span> }.into_any()
    };
    view! {
        <tr data-testid="staff-order">
            <th scope="row">{td_string!(locale, orders.order_number, id)}</th>
            <td>{format_date(locale, order.placed_at)}</td>
            <td>{order.ship_to}</td>
            <td>{order.item_count}</td>
            <td class="price">{format_price(locale, order.total_cents)}</td>
            <td>{status}</td>
        </tr>
    }
}
