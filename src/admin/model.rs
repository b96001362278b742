//! What the admin pages and server functions exchange (compiled for wasm too).

use serde::{Deserialize, Serialize};

/// The admin form's values (prices as text, authors one per line).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookFormValues {
    pub title: String,
    pub authors: String,
    pub year: String,
    pub language: String,
    pub subjects: String,
    pub price: String,
    pub stock: String,
    pub description: String,
    pub isbn: String,
    pub featured: bool,
}
