//! The catalog: books, search, the import of `catalog/books.tsv`, staff edits.

pub mod derived;
pub mod edit;
pub mod import;
pub mod readings;
pub mod reindex;
pub mod repo;
pub mod search;
pub mod version;
