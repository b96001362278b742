//! The catalog in the database: the first-start import, adding books, the
//! home shelves, book pages and the search behind `/books`.

use sqlx::any::AnyArguments;
use sqlx::{Any, AnyConnection, AnyPool, Row};

use crate::db::Backend;
use crate::db::sql::Sql;

use crate::shop::catalog::import::{CATALOG_TSV, NewBook, parse_catalog};
use crate::shop::catalog::search;
use crate::shop::model::{BookDetail, BookPage, BookSummary, FacetValue, Facets, HomeShelves};
use crate::shop::query::{BookQuery, PER_PAGE, Sort};

const SHELF_SIZE: i64 = 8;
const SEEDED_KEY: &str = "catalog_seeded";
/// Separates authors in `books.authors`.
const AUTHOR_SEPARATOR: &str = "; ";

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Catalog(#[from] crate::shop::catalog::import::CatalogError),
    #[error("cannot import the catalog: {0}")]
    Database(#[from] sqlx::Error),
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    title: String,
    authors: String,
    year: i64,
    language: String,
    price_cents: i64,
    stock: i64,
}

impl From<SummaryRow> for BookSummary {
    fn from(row: SummaryRow) -> Self {
        BookSummary {
            id: row.id,
            title: row.title,
            authors: split_authors(&row.authors),
            year: i32::try_from(row.year).unwrap_or_default(),
            language: row.language,
            price_cents: row.price_cents,
            stock: row.stock,
        }
    }
}

pub fn split_authors(joined: &str) -> Vec<String> {
    joined.split(AUTHOR_SEPARATOR).map(String::from).collect()
}

const SUMMARY_COLUMNS: &str = "b.id, b.title, b.authors, b.year, b.language, b.price_cents, b.stock";

/// Imports `catalog/books.tsv` into an empty shop, once: a marker row records
/// the import, so books removed later by staff do not come back.
pub async fn seed_catalog(pool: &AnyPool, now: i64) -> Result<usize, SeedError> {
    let books = parse_catalog(CATALOG_TSV)?;
    let mut tx = pool.begin().await?;
    // Claim the marker first (a write, so a second instance waits here).
    let claimed = sqlx::query("INSERT INTO shop_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(SEEDED_KEY)
        .bind(now.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed == 0 {
        return Ok(0);
    }
    for book in &books {
        insert_book(&mut tx, book, now).await?;
    }
    // Indexed as this version indexes: nothing to rebuild.
    sqlx::query("INSERT INTO shop_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(crate::shop::catalog::reindex::KEY)
        .bind(crate::shop::catalog::reindex::VERSION)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(books = books.len(), "catalog imported");
    Ok(books.len())
}

/// Adds one book with its authors, subjects and search entry; returns its id.
pub async fn insert_book(conn: &mut AnyConnection, book: &NewBook, now: i64) -> Result<i64, sqlx::Error> {
    let insert = sqlx::query(
        "INSERT INTO books (isbn, title, authors, year, language, description, price_cents, stock, featured, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    );
    let id: i64 = bind_book(insert, book)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    insert_relations(conn, id, book).await?;
    Ok(id)
}

/// Binds a book's columns in the order `isbn, title, authors, year, language,
/// description, price_cents, stock, featured`.
pub(crate) fn bind_book<'q>(query: AnyQuery<'q>, book: &'q NewBook) -> AnyQuery<'q> {
    query
        .bind(&book.isbn)
        .bind(&book.title)
        .bind(book.authors.join(AUTHOR_SEPARATOR))
        .bind(book.year)
        .bind(&book.language)
        .bind(&book.description)
        .bind(book.price_cents)
        .bind(book.stock)
        .bind(book.featured)
}

pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, Any, AnyArguments<'q>>;

/// A book's authors, subjects and full-text entry.
pub(crate) async fn insert_relations(conn: &mut AnyConnection, id: i64, book: &NewBook) -> Result<(), sqlx::Error> {
    for (position, name) in book.authors.iter().enumerate() {
        sqlx::query("INSERT INTO book_authors (book_id, position, name) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(position as i64)
            .bind(name)
            .execute(&mut *conn)
            .await?;
    }
    for subject in &book.subjects {
        sqlx::query("INSERT INTO book_subjects (book_id, subject) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(subject)
            .execute(&mut *conn)
            .await?;
    }
    search::index(conn, id, book.into()).await?;
    Ok(())
}

pub async fn home_shelves(pool: &AnyPool) -> Result<HomeShelves, sqlx::Error> {
    let featured = sqlx::query_as::<_, SummaryRow>(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM books b WHERE b.featured ORDER BY b.title LIMIT $1"
    ))
    .bind(SHELF_SIZE)
    .fetch_all(pool)
    .await?;
    let recent = sqlx::query_as::<_, SummaryRow>(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM books b ORDER BY b.added_at DESC, b.id DESC LIMIT $1"
    ))
    .bind(SHELF_SIZE)
    .fetch_all(pool)
    .await?;
    Ok(HomeShelves {
        featured: featured.into_iter().map(Into::into).collect(),
        recent: recent.into_iter().map(Into::into).collect(),
    })
}

pub async fn get_book(pool: &AnyPool, id: i64) -> Result<Option<BookDetail>, sqlx::Error> {
    let row = sqlx::query_as::<_, SummaryRow>(&format!("SELECT {SUMMARY_COLUMNS} FROM books b WHERE b.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let (isbn, description): (Option<String>, String) =
        sqlx::query_as("SELECT isbn, description FROM books WHERE id = $1")
            .bind(id)
            .fetch_one(pool)
            .await?;
    let subjects = sqlx::query_scalar("SELECT subject FROM book_subjects WHERE book_id = $1 ORDER BY subject")
        .bind(id)
        .fetch_all(pool)
        .await?;
    Ok(Some(BookDetail {
        summary: row.into(),
        isbn,
        subjects,
        description,
    }))
}

/// Books by id, for carts (missing ids are simply absent).
pub async fn summaries(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<BookSummary>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(format!("SELECT {SUMMARY_COLUMNS} FROM books b WHERE b.id IN ("));
    sql.push_list(ids.iter().copied()).push(")");
    let (text, args) = sql.finish()?;
    let rows = sqlx::query_as_with::<_, SummaryRow, _>(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The `/books` search: full text, filters, sort and one page, with facets.
pub async fn search(pool: &AnyPool, query: &BookQuery) -> Result<BookPage, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let backend = Backend::of(&conn);
    let terms = query.q.as_deref().and_then(|q| search::terms(backend, q));
    let mut count = Sql::new("SELECT COUNT(*) FROM books b");
    push_filters(&mut count, backend, query, terms.as_ref());
    let (text, args) = count.finish()?;
    let total: i64 = sqlx::query_scalar_with(&text, args).fetch_one(&mut *conn).await?;

    let mut select = Sql::new(format!("SELECT {SUMMARY_COLUMNS} FROM books b"));
    push_filters(&mut select, backend, query, terms.as_ref());
    select.push(" ORDER BY ");
    if let Some(terms) = terms.as_ref().filter(|_| query.sort == Sort::Relevance) {
        if let Some(first) = terms.fragments.first() {
            search::push_fragment_rank(&mut select, backend, first);
        }
        if terms.words.is_some() {
            select.push(search::rank_order(backend)).push(", ");
        }
    }
    select.push(order_by(query.sort));
    let page = query.page();
    select.push(" LIMIT ");
    select.push_bind(i64::from(PER_PAGE));
    select.push(" OFFSET ");
    select.push_bind(i64::from(page - 1) * i64::from(PER_PAGE));
    let (text, args) = select.finish()?;
    let books = sqlx::query_as_with::<_, SummaryRow, _>(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    Ok(BookPage {
        books: books.into_iter().map(Into::into).collect(),
        total,
        page,
        per_page: PER_PAGE,
    })
}

fn push_filters(sql: &mut Sql<'_>, backend: Backend, query: &BookQuery, terms: Option<&search::Terms>) {
    if let Some(expression) = terms.and_then(|t| t.words.clone()) {
        search::push_match(sql, backend, expression);
    }
    sql.push(" WHERE 1 = 1");
    if let Some(terms) = terms {
        search::push_fragments(sql, backend, &terms.fragments);
    }
    if let Some(author) = &query.author {
        sql.push(" AND EXISTS (SELECT 1 FROM book_authors a WHERE a.book_id = b.id AND a.name = ");
        sql.push_bind(author.clone());
        sql.push(")");
    }
    if let Some(subject) = &query.subject {
        sql.push(" AND EXISTS (SELECT 1 FROM book_subjects s2 WHERE s2.book_id = b.id AND s2.subject = ");
        sql.push_bind(subject.clone());
        sql.push(")");
    }
    if let Some(language) = &query.language {
        sql.push(" AND b.language = ");
        sql.push_bind(language.clone());
    }
    if let Some(year) = query.year_from {
        sql.push(" AND b.year >= ");
        sql.push_bind(i64::from(year));
    }
    if let Some(year) = query.year_to {
        sql.push(" AND b.year <= ");
        sql.push_bind(i64::from(year));
    }
}

/// The chosen order (after relevance, when searching).
fn order_by(sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance | Sort::Title => "b.title, b.id",
        Sort::Author => "b.authors, b.title, b.id",
        Sort::YearAsc => "b.year, b.title, b.id",
        Sort::YearDesc => "b.year DESC, b.title, b.id",
        Sort::PriceAsc => "b.price_cents, b.title, b.id",
        Sort::PriceDesc => "b.price_cents DESC, b.title, b.id",
    }
}

/// The filters' choices with their counts, over the whole catalog.
pub async fn facets(pool: &AnyPool) -> Result<Facets, sqlx::Error> {
    let rows = |sql: &'static str| async move {
        let rows: Vec<(String, i64)> = sqlx::query_as(sql).fetch_all(pool).await?;
        Ok::<_, sqlx::Error>(
            rows.into_iter()
                .map(|(value, count)| FacetValue { value, count })
                .collect(),
        )
    };
    Ok(Facets {
        authors: rows("SELECT name, COUNT(*) FROM book_authors GROUP BY name ORDER BY name").await?,
        subjects: rows("SELECT subject, COUNT(*) FROM book_subjects GROUP BY subject ORDER BY subject").await?,
        languages: rows("SELECT language, COUNT(*) FROM books GROUP BY language ORDER BY COUNT(*) DESC, language")
            .await?,
    })
}

#[cfg(test)]
#[path = "repo_tests.rs"]
mod tests;
