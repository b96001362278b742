//! The shop's messages, one JSON file per language in `locales/`, compiled
//! by `build.rs` into typed keys (`t!(i18n, key)`): a key used in code but
//! missing from a file does not compile.
#![allow(missing_docs, clippy::all)]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use self::i18n::*;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Every key path of a messages file, e.g. `cart.title`.
    fn keys(value: &serde_json::Value, prefix: &str, into: &mut BTreeSet<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (name, value) in map {
                    let path = if prefix.is_empty() {
                        name.clone()
                    } else {
                        format!("{prefix}.{name}")
                    };
                    keys(value, &path, into);
                }
            }
            _ => {
                into.insert(prefix.to_string());
            }
        }
    }

    fn keys_of(path: &Path) -> BTreeSet<String> {
        let text = std::fs::read_to_string(path).expect("a messages file is readable");
        let json: serde_json::Value = serde_json::from_str(&text).expect("a messages file is JSON");
        let mut found = BTreeSet::new();
        keys(&json, "", &mut found);
        found
    }

    /// Every language has exactly the keys the default (English) has: a
    /// message added to one file and forgotten in another fails here, with
    /// the keys to add or remove.
    #[test]
    fn every_language_has_every_message() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales");
        let reference = keys_of(&dir.join("en.json"));
        assert!(reference.len() > 300, "the English file holds the shop's messages");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).expect("locales/ is readable") {
            let path = entry.expect("a directory entry").path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let found = keys_of(&path);
            let missing: Vec<_> = reference.difference(&found).collect();
            let extra: Vec<_> = found.difference(&reference).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{}: missing {missing:?}, not in en.json {extra:?}",
                path.display()
            );
            checked += 1;
        }
        assert!(checked >= 2, "English and Japanese at least");
    }

    /// The files are what the code was built from: the generated locales are
    /// exactly the files present.
    #[test]
    fn the_generated_languages_are_the_files() {
        use leptos_i18n::Locale as _;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_owned))
            .collect();
        files.sort();
        let mut generated: Vec<String> = super::Locale::get_all()
            .iter()
            .map(|l| l.as_str().to_string())
            .collect();
        generated.sort();
        assert_eq!(files, generated);
    }
}
