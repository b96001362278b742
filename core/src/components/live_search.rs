//! Search as you type, an island around the server-rendered search form and
//! results of `/books`. Typing searches after a short pause, and a filter
//! or the sort at once: the island fetches the same `/books?…` page a
//! plain submit would load (a kept page when signed out), swaps its results
//! in, hydrates the islands that came with them, and puts the search in the
//! URL. The text box is never replaced, so focus and caret stay. Without
//! JavaScript (or before the island hydrates) the form is a plain GET.

use leptos::prelude::*;

/// Where the fetched page's results are taken from and put.
pub const RESULTS_ID: &str = "catalog-results";
/// The status line that says "Searching…".
pub const STATUS_ID: &str = "searching";

#[island]
pub fn LiveSearch(children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    let search = browser::Search::new(crate::language::context::use_locale());
    let on_input = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        search.typed(ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        search.changed(ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        search.submitted(ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <div class="live-search" on:input=on_input on:change=on_change on:submit=on_submit>{children()}</div>
    }
}

/// The query string of a search form's fields, without the empty ones.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn search_url(path: &str, encoded_fields: &str) -> String {
    let query: Vec<&str> = encoded_fields
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.ends_with('='))
        .collect();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use leptos::web_sys::{
        self, AbortController, DomParser, FormData, HtmlFormElement, SupportedType, UrlSearchParams,
    };
    use wasm_bindgen_futures::JsFuture;

    use super::{RESULTS_ID, STATUS_ID, search_url};
    use crate::i18n::{Locale, td_string};

    /// Pause after the last keystroke before searching.
    const TYPING_PAUSE: std::time::Duration = std::time::Duration::from_millis(300);

    #[derive(Clone, Copy)]
    pub struct Search {
        locale: Locale,
        pause: StoredValue<Option<TimeoutHandle>, LocalStorage>,
        running: StoredValue<Option<AbortController>, LocalStorage>,
        last: StoredValue<String, LocalStorage>,
    }

    impl Search {
        pub fn new(locale: Locale) -> Self {
            let here = window().location();
            let last = format!(
                "{}{}",
                here.pathname().unwrap_or_default(),
                here.search().unwrap_or_default()
            );
            Search {
                locale,
                pause: StoredValue::new_local(None),
                running: StoredValue::new_local(None),
                last: StoredValue::new_local(last),
            }
        }

        /// Typing in the text box: search after a pause.
        pub fn typed(self, ev: leptos::ev::Event) {
            let Some(form) = form_of(&ev) else { return };
            if let Some(handle) = self.pause.get_value() {
                handle.clear();
            }
            let handle = set_timeout_with_handle(move || self.start(form), TYPING_PAUSE).ok();
            self.pause.set_value(handle);
        }

        /// A filter or the sort changed: search now.
        pub fn changed(self, ev: leptos::ev::Event) {
            if let Some(form) = form_of(&ev) {
                self.start(form);
            }
        }

        /// The button or Enter: search now, in place.
        pub fn submitted(self, ev: leptos::ev::SubmitEvent) {
            if let Some(form) = form_of(&ev) {
                ev.prevent_default();
                self.start(form);
            }
        }

        fn start(self, form: HtmlFormElement) {
            let Some(url) = url_of(&form) else { return };
            // The same search again (a text box's change after typing): nothing to do.
            if self.last.with_value(|last| *last == url) {
                return;
            }
            self.last.set_value(url.clone());
            if let Some(running) = self.running.get_value() {
                running.abort();
            }
            let Ok(controller) = AbortController::new() else { return };
            self.running.set_value(Some(controller.clone()));
            show_status(Some(td_string!(self.locale, books.searching)));
            let locale = self.locale;
            leptos::task::spawn_local(async move {
                match fetch_results(&url, &controller).await {
                    Ok(results) => {
                        swap_results(&results);
                        let _ = window()
                            .history()
                            .and_then(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(&url)));
                        show_status(None);
                    }
                    // A newer search took over: it shows its own status.
                    Err(_) if controller.signal().aborted() => {}
                    Err(_) => show_status(Some(td_string!(locale, books.search_failed))),
                }
            });
        }
    }

    fn form_of(ev: &web_sys::Event) -> Option<HtmlFormElement> {
        let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        target.closest("form.search-form").ok()??.dyn_into().ok()
    }

    fn url_of(form: &HtmlFormElement) -> Option<String> {
        let fields = FormData::new_with_form(form).ok()?;
        let encoded = UrlSearchParams::new_with_str_sequence_sequence(&fields).ok()?;
        Some(search_url("/books", &String::from(encoded.to_string())))
    }

    async fn fetch_results(url: &str, controller: &AbortController) -> Result<String, JsValue> {
        let init = web_sys::RequestInit::new();
        init.set_signal(Some(&controller.signal()));
        let response: web_sys::Response = JsFuture::from(window().fetch_with_str_and_init(url, &init))
            .await?
            .dyn_into()?;
        if !response.ok() {
            return Err(JsValue::from(response.status()));
        }
        let page = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
        let parsed = DomParser::new()?.parse_from_string(&page, SupportedType::TextHtml)?;
        let results = parsed.get_element_by_id(RESULTS_ID).ok_or(JsValue::NULL)?;
        Ok(results.inner_html())
    }

    /// Puts the new results in and hydrates their islands (add to cart).
    fn swap_results(html: &str) {
        let Some(results) = document().get_element_by_id(RESULTS_ID) else {
            return;
        };
        results.set_inner_html(html);
        let hydrate = js_sys::Reflect::get(&window(), &JsValue::from_str("__hydrateIsland"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let (Some(hydrate), Ok(islands)) = (hydrate, results.query_selector_all("leptos-island")) else {
            return;
        };
        // Only the outermost: an island inside another is hydrated with it.
        let around = results.closest("leptos-island").ok().flatten();
        for i in 0..islands.length() {
            let Some(island) = islands.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else {
                continue;
            };
            let parent = island
                .parent_element()
                .and_then(|p| p.closest("leptos-island").ok().flatten());
            if parent.as_ref().map(|p| p as &web_sys::Node) == around.as_ref().map(|a| a as &web_sys::Node) {
                let _ = hydrate.call1(&JsValue::NULL, &island);
            }
        }
    }

    fn show_status(text: Option<&str>) {
        if let Some(status) = document().get_element_by_id(STATUS_ID) {
            status.set_text_content(text);
        }
        if let Some(results) = document().get_element_by_id(RESULTS_ID) {
            let _ = results.set_attribute("aria-busy", if text.is_some() { "true" } else { "false" });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::search_url;

    #[test]
    fn empty_fields_stay_out_of_the_url() {
        assert_eq!(
            search_url("/books", "q=verne&author=&subject=Science+Fiction&year_from=&sort=year"),
            "/books?q=verne&subject=Science+Fiction&sort=year"
        );
        assert_eq!(search_url("/books", "q=&author="), "/books");
        assert_eq!(search_url("/books", ""), "/books");
    }
}
