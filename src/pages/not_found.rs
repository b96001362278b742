use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_panel::ErrorPanel;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Title text="Not found \u{2014} Bookstore"/>
        <ErrorPanel
            status=404
            title="We could not find that page".to_string()
            message="The address may be mistyped, or the page has moved.".to_string()
        />
    }
}
