//! The catalog file shipped in the repository (`catalog/books.tsv`, see
//! `catalog/README.md`), parsed and checked. Built into the binary, so a
//! deployed server needs no data files.

pub const CATALOG_TSV: &str = include_str!("../../../../catalog/books.tsv");

const COLUMNS: [&str; 9] = [
    "title",
    "authors",
    "year",
    "language",
    "subjects",
    "price_cents",
    "stock",
    "featured",
    "description",
];

/// One book as the catalog file describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBook {
    pub isbn: Option<String>,
    pub title: String,
    pub authors: Vec<String>,
    pub year: i32,
    pub language: String,
    pub subjects: Vec<String>,
    pub price_cents: i64,
    pub stock: i64,
    pub featured: bool,
    pub description: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("catalog/books.tsv line {line}: {problem}")]
pub struct CatalogError {
    pub line: usize,
    pub problem: String,
}

/// Parses the whole file; the first problem found is reported with its line.
/// Read with `csv` (tab-separated, no quoting: a description may contain
/// quotes; fields trimmed); each row's fields are checked here.
pub fn parse_catalog(text: &str) -> Result<Vec<NewBook>, CatalogError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header_ok = reader.headers().is_ok_and(|header| header.iter().eq(COLUMNS));
    if !header_ok {
        return Err(CatalogError {
            line: 1,
            problem: format!("the header must be: {}", COLUMNS.join(" ")),
        });
    }
    let mut books = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| CatalogError {
            line: err.position().map_or(0, |p| p.line() as usize),
            problem: err.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let fields: Vec<&str> = record.iter().collect();
        books.push(parse_fields(&fields).map_err(|problem| CatalogError { line, problem })?);
    }
    Ok(books)
}

fn parse_fields(fields: &[&str]) -> Result<NewBook, String> {
    let [
        title,
        authors,
        year,
        language,
        subjects,
        price,
        stock,
        featured,
        description,
    ] = fields[..]
    else {
        return Err(format!(
            "expected {} tab-separated fields, found {}",
            COLUMNS.len(),
            fields.len()
        ));
    };
    let list = |value: &str| -> Vec<String> {
        value
            .split(';')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(String::from)
            .collect()
    };
    let number = |name: &str, value: &str| {
        value
            .parse::<i64>()
            .map_err(|_| format!("{name} is not a number: {value:?}"))
    };
    let book = NewBook {
        isbn: None,
        title: title.to_string(),
        authors: list(authors),
        year: i32::try_from(number("year", year)?).map_err(|_| "year out of range".to_string())?,
        language: language.to_string(),
        subjects: list(subjects),
        price_cents: number("price_cents", price)?,
        stock: number("stock", stock)?,
        featured: match featured {
            "1" => true,
            "0" | "" => false,
            other => return Err(format!("featured must be 0 or 1, not {other:?}")),
        },
        description: description.to_string(),
    };
    if book.title.is_empty() || book.authors.is_empty() || book.description.is_empty() {
        return Err("title, authors and description are required".into());
    }
    if book.price_cents <= 0 || book.stock < 0 {
        return Err("price_cents must be positive and stock not negative".into());
    }
    if book.language.len() != 2 || !book.language.chars().all(|c| c.is_ascii_lowercase()) {
        return Err(format!("language must be a two-letter code, not {:?}", book.language));
    }
    Ok(book)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_shipped_catalog_is_valid_and_large_enough() {
        let books = parse_catalog(CATALOG_TSV).expect("catalog parses");
        assert!(books.len() >= 200, "at least 200 books, found {}", books.len());
        let mut seen = HashSet::new();
        for book in &books {
            assert!(
                seen.insert((book.title.clone(), book.authors.clone())),
                "duplicate: {}",
                book.title
            );
            // Public domain in the US: first published in 1929 or earlier.
            assert!((1400..=1929).contains(&book.year), "{} ({})", book.title, book.year);
            assert!(!book.subjects.is_empty(), "{} has no subject", book.title);
        }
        assert!(
            books.iter().filter(|b| b.featured).count() >= 4,
            "enough featured books"
        );
        let languages: HashSet<_> = books.iter().map(|b| b.language.as_str()).collect();
        assert!(languages.len() >= 5, "several languages to filter by");
    }

    #[test]
    fn spot_checks_known_facts() {
        let books = parse_catalog(CATALOG_TSV).unwrap();
        let find = |title: &str| books.iter().find(|b| b.title == title).unwrap();
        assert_eq!(find("Pride and Prejudice").year, 1813);
        assert_eq!(find("Moby-Dick; or, The Whale").authors, ["Herman Melville"]);
        assert_eq!(find("The Federalist").authors.len(), 3);
        assert_eq!(find("Die Verwandlung").language, "de");
    }

    #[test]
    fn problems_name_their_line() {
        let header = COLUMNS.join("\t");
        let bad = format!("{header}\nTitle\tAuthor\tlong ago\ten\tFiction\t100\t1\t0\tText\n");
        assert_eq!(
            parse_catalog(&bad).unwrap_err(),
            CatalogError {
                line: 2,
                problem: "year is not a number: \"long ago\"".into()
            }
        );
        let short = format!("{header}\nTitle\tAuthor\n");
        assert!(parse_catalog(&short).unwrap_err().problem.contains("found 2"));
        assert_eq!(parse_catalog("wrong header\n").unwrap_err().line, 1);
    }
}
