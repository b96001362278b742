//! Typed route parameters: `/books/:id`, `/orders/:id` and
//! `/admin/books/:id` take a number, `/organizations/:id` a string. A
//! malformed number reads as `None`, which the pages answer with 404.

use leptos::Params;
use leptos::prelude::*;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;

#[derive(Params, Clone, Debug, PartialEq, Eq)]
pub struct NumericId {
    pub id: Option<i64>,
}

#[derive(Params, Clone, Debug, PartialEq, Eq)]
pub struct TextId {
    pub id: Option<String>,
}

/// The route's numeric `:id`, if it is one.
pub fn use_numeric_id() -> impl Fn() -> Option<i64> + Copy + Send + Sync + 'static {
    let params = use_params::<NumericId>();
    move || params.with(|p| p.as_ref().ok().and_then(|p| p.id))
}

/// The route's text `:id` (empty when missing).
pub fn use_text_id() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params::<TextId>();
    move || params.with(|p| p.as_ref().ok().and_then(|p| p.id.clone()).unwrap_or_default())
}
