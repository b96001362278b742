use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::devices_api::{CheckDevicesCode, SendDevicesCode, SignOutDevice, get_devices};
use crate::auth::model::{Device, DevicesView};
use crate::components::form_field::FormField;
use crate::components::page_result::page_result;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::language::context::use_locale;
use crate::language::dates::format_date_time;

/// `/account/devices`: the browsers signed in to the customer's account at
/// the provider, and "sign out this device". A code e-mailed to the
/// customer unlocks the list (Logto's rule); every step works as a plain
/// form without JavaScript.
#[component]
pub fn DevicesPage() -> impl IntoView {
    let locale = use_locale();
    let send = ServerAction::<SendDevicesCode>::new();
    let check = ServerAction::<CheckDevicesCode>::new();
    let sign_out = ServerAction::<SignOutDevice>::new();
    // Read again after each step.
    let devices = Resource::new(
        move || (send.version().get(), check.version().get(), sign_out.version().get()),
        |_| get_devices(),
    );
    let actions = Actions { send, check, sign_out };
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, devices.title))/>
        <section class="panel devices">
            <h1>{td_string!(locale, devices.title)}</h1>
            <p>{td_string!(locale, devices.intro)}</p>
            <Suspense fallback=move || view! { <p>{td_string!(locale, devices.loading)}</p> }>
                {move || Suspend::new(async move {
                    page_result(devices.await, td_string!(locale, devices.title), move |found| view! { <Step found actions/> })
                })}
            </Suspense>
            <p><a href="/account">{td_string!(locale, devices.back)}</a></p>
        </section>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    send: ServerAction<SendDevicesCode>,
    check: ServerAction<CheckDevicesCode>,
    sign_out: ServerAction<SignOutDevice>,
}

fn failed<T>(action: ServerAction<T>) -> impl Fn() -> Option<AppError> + Copy
where
    T: server_fn::ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    move || action.value().get().and_then(Result::err)
}

#[component]
fn Step(found: DevicesView, actions: Actions) -> impl IntoView {
    let locale = use_locale();
    match found {
        DevicesView::NotOffered => {
            view! { <p class="notice" data-testid="devices-not-offered">{td_string!(locale, devices.not_offered)}</p> }
                .into_any()
        }
        DevicesView::NoEmail => view! { <p class="notice">{td_string!(locale, devices.no_email)}</p> }.into_any(),
        DevicesView::Start { email } => view! { <SendCode email actions again=false/> }.into_any(),
        DevicesView::CodeSent { email } => {
            let error = failed(actions.check);
            let other = move || {
                error()
                    .filter(|e| e.field_message("code").is_none())
                    .map(|e| e.text(locale))
            };
            view! {
                <p data-testid="devices-code-sent">{td_string!(locale, devices.code_sent, email = email.clone())}</p>
                <ActionForm action=actions.check attr:class="devices__code">
                    <FormField name="code" form="devices" label=td_string!(locale, devices.code_label) value=""
                        input_type="text" autocomplete="one-time-code" error/>
                    {move || other().map(|message| view! { <p class="notice notice--error" role="alert">{message}</p> })}
                    <button class="button" type="submit" disabled=move || actions.check.pending().get()>{td_string!(locale, devices.show)}</button>
                </ActionForm>
                <SendCode email actions again=true/>
            }
            .into_any()
        }
        DevicesView::Devices(list) => {
            let error = failed(actions.sign_out);
            let alone = list.iter().all(|d| d.current);
            view! {
                {move || error().map(|e| view! { <p class="notice notice--error" role="alert">{e.text(locale)}</p> })}
                <ul class="devices__list" data-testid="devices">
                    {list.into_iter().map(|device| view! { <DeviceRow device actions/> }).collect_view()}
                </ul>
                {alone.then(|| view! { <p>{td_string!(locale, devices.only_this_one)}</p> })}
            }
            .into_any()
        }
    }
}

/// "Send me a code" (or a new one).
#[component]
fn SendCode(email: String, actions: Actions, again: bool) -> impl IntoView {
    let locale = use_locale();
    let error = failed(actions.send);
    view! {
        {(!again).then(|| view! {
            <p>{td_string!(locale, devices.why_code, email = email.clone())}</p>
            <p class="checkout__note">{td_string!(locale, devices.confirm_note)}</p>
        })}
        <ActionForm action=actions.send attr:class="devices__send">
            {move || error().map(|e| view! { <p class="notice notice--error" role="alert">{e.text(locale)}</p> })}
            <button class=if again { "button button--quiet" } else { "button" } type="submit" data-testid="devices-send"
                disabled=move || actions.send.pending().get()>
                {if again { td_string!(locale, devices.send_again) } else { td_string!(locale, devices.send_code) }}
            </button>
        </ActionForm>
    }
}

#[component]
fn DeviceRow(device: Device, actions: Actions) -> impl IntoView {
    let locale = use_locale();
    let name = device
        .name
        .clone()
        .unwrap_or_else(|| td_string!(locale, devices.unknown_browser).to_string());
    let place: Vec<String> = [device.location.clone(), device.ip.clone()]
        .into_iter()
        .flatten()
        .collect();
    view! {
        <li class="devices__item" data-testid="device" data-current=device.current.to_string()>
            <div>
                <strong>{name}</strong>
                {device.current.then(|| view! { " " <span class="tag" data-testid="this-device">{td_string!(locale, devices.this_device)}</span> })}
                {(!place.is_empty()).then(|| view! { <p class="devices__meta">{place.join(" · ")}</p> })}
                <p class="devices__meta">{td_string!(locale, devices.signed_in_at, date = format_date_time(locale, device.signed_in_at))}</p>
                {(!device.here).then(|| view! { <p class="devices__meta">{td_string!(locale, devices.other_apps)}</p> })}
            </div>
            {(!device.current).then(|| view! {
                <ActionForm action=actions.sign_out>
                    <input type="hidden" name="uid" value=device.uid.clone()/>
                    <button class="button button--danger" type="submit" data-testid="device-sign-out"
                        disabled=move || actions.sign_out.pending().get()>{td_string!(locale, devices.sign_out)}</button>
                </ActionForm>
            })}
        </li>
    }
}
