//! Full-text search, the one place where SQLite and PostgreSQL differ:
//! SQLite's FTS5 table `books_fts` (bm25 ranking, diacritics removed by the
//! tokenizer) against PostgreSQL's `book_search` tsvectors (ts_rank over
//! weights A–D, accents removed by `unaccent`). Both match every typed word
//! as a prefix and weigh title, then authors (with their Latin readings,
//! `readings.rs`), subjects and description.
//!
//! Japanese (and Chinese) is written without spaces, so a word index holds
//! 吾輩は猫である as one word and finds it only from its first characters.
//! Typed text in those scripts is therefore matched as a fragment anywhere
//! in the title or the authors (`instr` / `strpos`, the same on both
//! backends): 猫, 漱石 and ちゃん find their books. The catalog is a few
//! hundred rows, so the scan costs less than a millisecond.

use sqlx::AnyConnection;

use crate::db::Backend;
use crate::db::sql::Sql;
use crate::shop::catalog::import::NewBook;

/// What a visitor typed, split by how each part is found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    /// The backend's full-text expression for the words of space-separated
    /// scripts ([`expression`]).
    pub words: Option<String>,
    /// Runs of Japanese or Chinese text, each found anywhere in the title or
    /// the authors.
    pub fragments: Vec<String>,
}

impl Terms {
    pub fn is_empty(&self) -> bool {
        self.words.is_none() && self.fragments.is_empty()
    }
}

/// Splits typed text into full-text words and fragments (see the module
/// comment); `None` when nothing searchable is left.
pub fn terms(backend: Backend, text: &str) -> Option<Terms> {
    let (fragments, words): (Vec<&str>, Vec<&str>) = typed_words(text).partition(|w| w.chars().any(is_unspaced_script));
    let terms = Terms {
        words: expression_of(backend, &words),
        fragments: fragments.into_iter().map(String::from).collect(),
    };
    (!terms.is_empty()).then_some(terms)
}

/// Letters of scripts written without spaces between words: kana, kanji and
/// CJK ideographs (with their iteration marks), Hangul syllables.
fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'   // 々 〆 〇
        | '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}' // half-width katakana
        | '\u{20000}'..='\u{2FA1F}')
}

/// The typed words: only letters and digits survive, so search syntax typed
/// by a visitor (`AND`, `*`, `:`, quotes, `&`, `!`, `%`, `_`) is just text,
/// never an error; at most 12.
fn typed_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
}

/// Turns what a visitor typed into the backend's search expression: every
/// word must match, as a prefix ("fran" finds "Frankenstein").
pub fn expression(backend: Backend, text: &str) -> Option<String> {
    expression_of(backend, &typed_words(text).collect::<Vec<_>>())
}

fn expression_of(backend: Backend, words: &[&str]) -> Option<String> {
    if words.is_empty() {
        return None;
    }
    Some(match backend {
        Backend::Sqlite => words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" "),
        // The words themselves: each becomes a quoted prefix lexeme in SQL,
        // *after* `unaccent`, which can turn letters back into query syntax
        // (`ʼ` → `'`, `ː` → `:`, `⑴` → `(1)`); see [`push_match`].
        Backend::Postgres => words.join(" "),
    })
}

/// One word as a PostgreSQL prefix query: `unaccent` first, then quoted as a
/// literal lexeme (a quote becomes two, a backslash is dropped), so nothing
/// it produces is read as syntax; a word `unaccent` empties is left out.
const POSTGRES_WORD: &str = "COALESCE(to_tsquery('simple', quote_literal(NULLIF(replace(unaccent(CAST($W AS TEXT)), E'\\\\', ''), '')) || ':*'), ''::tsquery)";

/// Restricts `books b` to the matches of `expression`.
pub fn push_match(sql: &mut Sql<'_>, backend: Backend, expression: String) {
    match backend {
        Backend::Sqlite => {
            sql.push(" JOIN books_fts ON books_fts.rowid = b.id AND books_fts MATCH ");
            sql.push_bind(expression);
        }
        Backend::Postgres => {
            sql.push(" JOIN book_search s ON s.book_id = b.id JOIN (SELECT ");
            for (i, word) in expression.split(' ').enumerate() {
                if i > 0 {
                    sql.push(" && ");
                }
                let (before, after) = POSTGRES_WORD.split_once("$W").expect("one placeholder");
                sql.push(before).push_bind(word.to_string()).push(after);
            }
            sql.push(" AS q) fts ON s.document @@ fts.q");
        }
    }
}

/// Restricts `books b` to books whose title or authors contain every fragment.
pub fn push_fragments(sql: &mut Sql<'_>, backend: Backend, fragments: &[String]) {
    let find = contains_function(backend);
    for fragment in fragments {
        sql.push(&format!(" AND ({find}(b.title, "));
        sql.push_bind(fragment.clone());
        sql.push(&format!(") > 0 OR {find}(b.authors, "));
        sql.push_bind(fragment.clone());
        sql.push(") > 0)");
    }
}

/// For fragment searches: books whose title holds the fragment before those
/// found by their author (a boolean, false first).
pub fn push_fragment_rank(sql: &mut Sql<'_>, backend: Backend, fragment: &str) {
    sql.push(&format!("({}(b.title, ", contains_function(backend)));
    sql.push_bind(fragment.to_string());
    sql.push(") = 0), ");
}

/// Where a string occurs in another (1-based, 0 when it does not).
fn contains_function(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "instr",
        Backend::Postgres => "strpos",
    }
}

/// Best matches first (for a query joined by [`push_match`]).
pub fn rank_order(backend: Backend) -> &'static str {
    match backend {
        // Title matches weigh most, then authors, subjects, description.
        Backend::Sqlite => "bm25(books_fts, 10.0, 5.0, 2.0, 1.0)",
        Backend::Postgres => "ts_rank(s.document, fts.q) DESC",
    }
}

/// What the search index holds of a book.
pub struct SearchEntry<'a> {
    pub title: &'a str,
    pub authors: &'a [String],
    pub subjects: &'a [String],
    pub description: &'a str,
}

impl<'a> From<&'a NewBook> for SearchEntry<'a> {
    fn from(book: &'a NewBook) -> Self {
        SearchEntry {
            title: &book.title,
            authors: &book.authors,
            subjects: &book.subjects,
            description: &book.description,
        }
    }
}

/// Writes a book's search entry (in the caller's transaction).
pub async fn index(conn: &mut AnyConnection, id: i64, book: SearchEntry<'_>) -> Result<(), sqlx::Error> {
    let sql = match Backend::of(conn) {
        Backend::Sqlite => {
            "INSERT INTO books_fts (rowid, title, authors, subjects, description) VALUES ($1, $2, $3, $4, $5)"
        }
        Backend::Postgres => {
            "INSERT INTO book_search (book_id, document) VALUES ($1,
                setweight(to_tsvector('simple', unaccent($2)), 'A') ||
                setweight(to_tsvector('simple', unaccent($3)), 'B') ||
                setweight(to_tsvector('simple', unaccent($4)), 'C') ||
                setweight(to_tsvector('simple', unaccent($5)), 'D'))"
        }
    };
    sqlx::query(sql)
        .bind(id)
        .bind(book.title)
        .bind(crate::shop::catalog::readings::searchable_authors(book.authors))
        .bind(book.subjects.join(" "))
        .bind(book.description)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes a book's search entry.
pub async fn unindex(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    let sql = match Backend::of(conn) {
        Backend::Sqlite => "DELETE FROM books_fts WHERE rowid = $1",
        Backend::Postgres => "DELETE FROM book_search WHERE book_id = $1",
    };
    sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_becomes_a_safe_prefix_expression() {
        let sqlite = |text| expression(Backend::Sqlite, text);
        assert_eq!(sqlite("moby dick").as_deref(), Some("\"moby\"* \"dick\"*"));
        assert_eq!(sqlite("\"AND\" OR* (x:").as_deref(), Some("\"AND\"* \"OR\"* \"x\"*"));
        assert_eq!(sqlite("  -- ").as_deref(), None);
        assert_eq!(sqlite("吾輩").as_deref(), Some("\"吾輩\"*"));
        let postgres = |text| expression(Backend::Postgres, text);
        assert_eq!(postgres("moby dick").as_deref(), Some("moby dick"));
        assert_eq!(postgres("a&!b | c:*").as_deref(), Some("a b c"));
        assert_eq!(postgres("()").as_deref(), None);
    }

    #[test]
    fn japanese_text_is_searched_as_fragments_and_latin_words_as_prefixes() {
        let t = |text| terms(Backend::Sqlite, text);
        assert_eq!(
            t("猫"),
            Some(Terms {
                words: None,
                fragments: vec!["猫".into()]
            })
        );
        assert_eq!(t("坊っちゃん").unwrap().fragments, vec!["坊っちゃん".to_string()]);
        assert_eq!(
            t("漱石 natsume"),
            Some(Terms {
                words: Some("\"natsume\"*".into()),
                fragments: vec!["漱石".into()]
            })
        );
        assert_eq!(t("soseki").unwrap().fragments, Vec::<String>::new());
        assert_eq!(t("% _ *"), None, "LIKE and search syntax is dropped");
    }
}
