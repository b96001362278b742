use leptos::either::Either;
use leptos::prelude::*;

use crate::error::AppError;

/// A labelled input (or textarea) with its error message beside it; the
/// message comes from an [`AppError::Invalid`] naming this field.
#[component]
pub fn FormField(
    /// The form field's name (the server function argument).
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    /// Prefix for element ids, unique on the page (e.g. "checkout").
    form: &'static str,
    error: impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] multiline: bool,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let id = format!("{form}-{name}");
    let error_id = format!("{id}-error");
    let message = move || error().and_then(|e| e.field_message(name));
    let invalid = move || message().is_some().then_some("true");
    let control = if multiline {
        Either::Left(view! {
            <textarea id=id.clone() name=name rows="4" aria-invalid=invalid aria-describedby=error_id.clone()>{value}</textarea>
        })
    } else {
        Either::Right(view! {
            <input id=id.clone() name=name type=input_type value=value autocomplete=autocomplete
                aria-invalid=invalid aria-describedby=error_id.clone()/>
        })
    };
    view! {
        <div class="field" class:field--invalid=move || message().is_some()>
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint">{hint}</p> })}
            {control}
            <p class="field__error" id=error_id>{message}</p>
        </div>
    }
}
