//! Generates the `i18n` module (typed message keys, the `Locale` enum) from
//! the repository's `locales/*.json`. Every file there is a language: adding one is adding a
//! file. English is the default and the reference the others are checked
//! against (a missing key fails the build, see `core/src/i18n.rs`'s test too).

use std::path::PathBuf;

use leptos_i18n_build::{Config, TranslationsInfos};

const DEFAULT: &str = "en";
/// The message files sit at the repository root, beside the other things a
/// translator or a newcomer looks for.
const LOCALES: &str = "../locales";

fn main() {
    println!("cargo::rerun-if-changed={LOCALES}");
    let mut others: Vec<String> = std::fs::read_dir(LOCALES)
        .expect("the locales/ folder is readable")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "json").then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .filter(|name| name != DEFAULT)
        .collect();
    others.sort();

    let options = leptos_i18n_build::ParseOptions::new().interpolate_display(true);
    let config = Config::new(DEFAULT)
        .and_then(|config| config.add_locales(others))
        .expect("locale names in locales/ are valid language tags")
        .parse_options(options)
        .locales_path(LOCALES);
    let translations = TranslationsInfos::parse(config).expect("locales/*.json parse");
    translations.rerun_if_locales_changed();
    translations.emit_diagnostics();

    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("i18n");
    translations
        .generate_i18n_module(out)
        .expect("the i18n module is written");
}
