//! Full-text search, the one place where SQLite and PostgreSQL differ:
//! SQLite's FTS5 table `books_fts` (bm25 ranking, diacritics removed by the
//! tokenizer) against PostgreSQL's `book_search` tsvectors (ts_rank over
//! weights A–D, accents removed by `unaccent`). Both match every typed word
//! as a prefix and weigh title, then authors, subjects and description.

use sqlx::AnyConnection;

use crate::db::Backend;
use crate::db::sql::Sql;
use crate::shop::catalog::import::NewBook;

/// Turns what a visitor typed into the backend's search expression: every
/// word must match, as a prefix ("fran" finds "Frankenstein"). Only letters
/// and digits survive, so search syntax typed by a visitor (`AND`, `*`, `:`,
/// quotes, `&`, `!`) is just text, never an error.
pub fn expression(backend: Backend, text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .collect();
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

/// Best matches first (for a query joined by [`push_match`]).
pub fn rank_order(backend: Backend) -> &'static str {
    match backend {
        // Title matches weigh most, then authors, subjects, description.
        Backend::Sqlite => "bm25(books_fts, 10.0, 5.0, 2.0, 1.0)",
        Backend::Postgres => "ts_rank(s.document, fts.q) DESC",
    }
}

/// Writes a book's search entry (in the caller's transaction).
pub async fn index(conn: &mut AnyConnection, id: i64, book: &NewBook) -> Result<(), sqlx::Error> {
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
        .bind(&book.title)
        .bind(book.authors.join(" "))
        .bind(book.subjects.join(" "))
        .bind(&book.description)
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
}
