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

/// An order as the staff list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOrder {
    pub id: i64,
    /// Unix seconds.
    pub placed_at: i64,
    /// The name it is shipped to.
    pub ship_to: String,
    pub item_count: i64,
    pub total_cents: i64,
    /// `placed` or `shipped`.
    pub status: String,
    /// Whether the customer gets mail about it (a verified address).
    pub mailed: bool,
}
