//! What the shop's pages show. Compiled for wasm too: plain data only.

use serde::{Deserialize, Serialize};

use crate::i18n::{Locale, td_string};

/// A shop limit on one cart line, so one visitor cannot hold the whole stock.
pub const MAX_PER_LINE: u32 = 10;

/// A book as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookSummary {
    pub id: i64,
    pub title: String,
    pub authors: Vec<String>,
    pub year: i32,
    pub language: String,
    pub price_cents: i64,
    pub stock: i64,
}

impl BookSummary {
    pub fn authors_text(&self) -> String {
        self.authors.join(", ")
    }

    pub fn href(&self) -> String {
        format!("/books/{}", self.id)
    }
}

/// A book's own page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookDetail {
    pub summary: BookSummary,
    pub isbn: Option<String>,
    pub subjects: Vec<String>,
    pub description: String,
}

/// The home page's shelves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeShelves {
    pub featured: Vec<BookSummary>,
    pub recent: Vec<BookSummary>,
}

/// A value to filter by and how many books have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    pub value: String,
    pub count: i64,
}

/// The filters' choices, counted over the whole catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub authors: Vec<FacetValue>,
    pub subjects: Vec<FacetValue>,
    pub languages: Vec<FacetValue>,
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookPage {
    pub books: Vec<BookSummary>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl BookPage {
    pub fn page_count(&self) -> u32 {
        let per_page = i64::from(self.per_page.max(1));
        u32::try_from((self.total + per_page - 1) / per_page)
            .unwrap_or(u32::MAX)
            .max(1)
    }
}

/// One line of a cart, with the book as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub book: BookSummary,
    pub quantity: u32,
}

impl CartLine {
    pub fn total_cents(&self) -> i64 {
        self.book.price_cents * i64::from(self.quantity)
    }
}

/// A cart as the visitor sees it; `notices` explain changes the shop made
/// (a quantity lowered to the stock left, a book no longer sold).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartView {
    pub lines: Vec<CartLine>,
    pub notices: Vec<CartNotice>,
}

/// What "Add to cart" needs back: how many items the cart holds now (the
/// header's count). Small, so the island that reads it stays small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartChange {
    pub item_count: u32,
}

/// A change the shop made to a cart, said in the page's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CartNotice {
    /// A book no longer sold was removed.
    Gone,
    SoldOut {
        title: String,
    },
    /// The quantity was lowered to what can be ordered now.
    Reduced {
        title: String,
        limit: u32,
    },
}

impl CartNotice {
    pub fn text(&self, locale: Locale) -> String {
        match self {
            CartNotice::Gone => td_string!(locale, cart.notice_gone).to_string(),
            CartNotice::SoldOut { title } => td_string!(locale, cart.notice_sold_out, title),
            CartNotice::Reduced { title, limit } => {
                let copies = crate::language::counts::copies(locale, *limit);
                td_string!(locale, cart.notice_reduced, copies, title, count = limit)
            }
        }
    }
}

impl CartView {
    pub fn total_cents(&self) -> i64 {
        self.lines.iter().map(CartLine::total_cents).sum()
    }

    pub fn item_count(&self) -> u32 {
        self.lines.iter().map(|line| line.quantity).sum()
    }

    pub fn quantity_of(&self, book_id: i64) -> u32 {
        self.lines
            .iter()
            .find(|l| l.book.id == book_id)
            .map_or(0, |l| l.quantity)
    }
}

/// Where an order goes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingAddress {
    pub name: String,
    pub street: String,
    pub city: String,
    pub postcode: String,
    pub country: String,
}

/// The checkout page: the cart, a fresh key that makes placing this order
/// idempotent, the address to prefill, and the organizations the customer
/// may order for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutView {
    pub cart: CartView,
    pub order_key: String,
    pub shipping: ShippingAddress,
    pub organizations: Vec<crate::auth::model::Membership>,
    /// The organization chosen before the customer confirmed who they are.
    pub organization: Option<String>,
    /// The form as filled before confirming who they are (step-up): the
    /// page says to check it and place the order.
    pub resumed: bool,
}

/// Organization permissions (scopes of a Logto organization token).
pub const ORG_READ_ORDERS: &str = "read:orders";
pub const ORG_CREATE_ORDERS: &str = "create:orders";

/// `/organizations/ID`: what the organization lets the user do, from an
/// organization token, and its orders when that includes reading them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationOverview {
    pub membership: crate::auth::model::Membership,
    pub scopes: Vec<String>,
    pub orders: Option<Vec<OrderSummary>>,
}

/// A permission as people read it.
pub fn permission_label(locale: Locale, scope: &str) -> String {
    match scope {
        ORG_READ_ORDERS => td_string!(locale, organization.read_orders).to_string(),
        ORG_CREATE_ORDERS => td_string!(locale, organization.create_orders).to_string(),
        other => other.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: i64,
    /// Unix seconds.
    pub placed_at: i64,
    pub total_cents: i64,
    pub item_count: i64,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub book_id: Option<i64>,
    pub title: String,
    pub authors: String,
    pub unit_price_cents: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub summary: OrderSummary,
    pub lines: Vec<OrderLine>,
    pub shipping: ShippingAddress,
    pub mail: OrderMail,
}

/// What the shop wrote about an order, for its page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderMail {
    /// The verified address taken at checkout; none: no mail is sent.
    pub to: Option<String>,
    pub messages: Vec<MailSent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSent {
    /// `order_confirmation` or `shipping_note`.
    pub kind: String,
    /// `waiting`, `sent` or `failed`.
    pub state: String,
    /// Unix seconds: when it was sent, gave up, or was written.
    pub at: i64,
}

pub use crate::error::FieldError;

/// A book's language code as people read it, in the page's language
/// (`book_language.*`); a code the files do not name shows as itself.
pub fn language_name(locale: Locale, code: &str) -> String {
    let name = match code {
        "en" => td_string!(locale, book_language.en),
        "fr" => td_string!(locale, book_language.fr),
        "de" => td_string!(locale, book_language.de),
        "es" => td_string!(locale, book_language.es),
        "it" => td_string!(locale, book_language.it),
        "pt" => td_string!(locale, book_language.pt),
        "nl" => td_string!(locale, book_language.nl),
        "ru" => td_string!(locale, book_language.ru),
        "ja" => td_string!(locale, book_language.ja),
        "la" => td_string!(locale, book_language.la),
        other => other,
    };
    name.to_string()
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
