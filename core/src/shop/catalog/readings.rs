//! Authors' names in Latin letters for those written in another script
//! (`catalog/author_readings.tsv`: 夏目漱石 → Natsume Sōseki), so that
//! "soseki" finds 夏目漱石. Built into the binary with the catalog; the search
//! index holds each author's reading beside the name, diacritics folded by
//! the index ("soseki" matches "Sōseki").

const READINGS_TSV: &str = include_str!("../../../../catalog/author_readings.tsv");

/// The reading of `author`, if the catalog has one.
pub fn reading(author: &str) -> Option<&'static str> {
    READINGS_TSV
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once('\t'))
        .find(|(name, _)| name.trim() == author)
        .map(|(_, reading)| reading.trim())
}

/// The authors as the search index holds them: each name, then its reading.
pub fn searchable_authors(authors: &[String]) -> String {
    let mut text = Vec::with_capacity(authors.len() * 2);
    for author in authors {
        text.push(author.as_str());
        if let Some(reading) = reading(author) {
            text.push(reading);
        }
    }
    text.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_and_russian_authors_have_readings() {
        assert_eq!(reading("夏目漱石"), Some("Natsume Sōseki"));
        assert_eq!(reading("森鷗外"), Some("Mori Ōgai"));
        assert_eq!(reading("Jane Austen"), None);
        assert_eq!(
            searchable_authors(&["夏目漱石".into(), "Jane Austen".into()]),
            "夏目漱石 Natsume Sōseki Jane Austen"
        );
    }

    #[test]
    fn every_reading_names_an_author_of_the_catalog() {
        let books = crate::shop::catalog::import::parse_catalog(crate::shop::catalog::import::CATALOG_TSV).unwrap();
        for line in READINGS_TSV.lines().skip(1) {
            let (name, reading) = line.split_once('\t').expect("author<TAB>reading");
            assert!(!reading.trim().is_empty(), "{name} has a reading");
            assert!(
                books.iter().any(|b| b.authors.iter().any(|a| a == name)),
                "{name} is in catalog/books.tsv"
            );
        }
    }
}
