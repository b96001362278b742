use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::api::{DeleteAccount, account_deletion_offered};
use crate::components::page_result::page_result;
use crate::i18n::td_string;
use crate::language::context::use_locale;

/// `/account/delete`: what deleting the account does, and the button that
/// does it (behind step-up). Logto's Account Center can link here
/// (its `deleteAccountUrl`).
#[component]
pub fn DeleteAccountPage() -> impl IntoView {
    let offered = Resource::new(|| (), |_| account_deletion_offered());
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, delete_account.title))/>
        <Suspense fallback=move || view! { <p>{td_string!(locale, account.loading)}</p> }>
            {move || Suspend::new(async move {
                page_result(offered.await, td_string!(locale, delete_account.title), |offered| view! { <Explained offered/> })
            })}
        </Suspense>
    }
}

#[component]
fn Explained(offered: bool) -> impl IntoView {
    let locale = use_locale();
    let delete = ServerAction::<DeleteAccount>::new();
    let pending = delete.pending();
    let error = move || delete.value().get().and_then(Result::err).map(|err| err.text(locale));
    // Deleted: the header reads the (ended) sign-in again.
    let user = crate::auth::context::use_auth().user;
    Effect::new(move |_| {
        if delete.value().with(|v| matches!(v, Some(Ok(())))) {
            user.refetch();
        }
    });
    view! {
        <section class="panel delete-account">
            <h1>{td_string!(locale, delete_account.title)}</h1>
            <p>{td_string!(locale, delete_account.intro)}</p>
            <ul>
                <li>{td_string!(locale, delete_account.sign_in_gone)}</li>
                <li>{td_string!(locale, delete_account.signed_out)}</li>
                <li>{td_string!(locale, delete_account.erased)}</li>
                <li>{td_string!(locale, delete_account.orders_kept)}</li>
            </ul>
            <p><strong>{td_string!(locale, delete_account.final_word)}</strong></p>
            {if offered {
                view! {
                    <ActionForm action=delete attr:class="delete-account__form">
                        <label class="checkbox">
                            <input type="checkbox" name="understood" required=true/>
                            " "{td_string!(locale, delete_account.understood)}
                        </label>
                        <p class="checkout__note">{td_string!(locale, delete_account.confirm_note)}</p>
                        {move || error().map(|message| view! { <p class="notice notice--error" role="alert">{message}</p> })}
                        <button class="button button--danger" type="submit" disabled=move || pending.get()>
                            {td_string!(locale, delete_account.button)}
                        </button>
                    </ActionForm>
                }
                .into_any()
            } else {
                view! { <p class="notice" data-testid="delete-not-offered">{td_string!(locale, errors.delete_not_offered)}</p> }.into_any()
            }}
            <p><a href="/account">{td_string!(locale, delete_account.keep)}</a></p>
        </section>
    }
}

/// `/account/deleted`: after the account was deleted.
#[component]
pub fn AccountDeletedPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, site.title, page = td_string!(locale, delete_account.done_title))/>
        <section class="panel">
            <h1>{td_string!(locale, delete_account.done_title)}</h1>
            <p data-testid="account-deleted">{td_string!(locale, delete_account.done)}</p>
            <p><a href="/">{td_string!(locale, delete_account.home)}</a></p>
        </section>
    }
}
