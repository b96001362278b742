//! The page head's links to the front end: the stylesheet, the preloads of
//! the JavaScript and wasm, and the module script that hydrates. File names
//! carry the content hashes cargo-leptos writes to `hash.txt` beside the
//! server binary; the file is read once per process (Leptos' own
//! `HashedStylesheet` and `HydrationScripts` read it on every render).

use leptos::prelude::*;

/// The front end's file names under the package directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetNames {
    pub css: String,
    pub js: String,
    pub wasm: String,
}

impl AssetNames {
    /// From `hash.txt` (`css: …`, `js: …`, `wasm: …` lines) when files are
    /// hashed; `bindgen_suffix` when wasm-bindgen named the wasm `_bg`.
    pub fn new(output: &str, hashes: Option<&str>, bindgen_suffix: bool) -> Self {
        let hash_of = |kind: &str| {
            hashes?
                .lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(file, _)| file.trim() == kind)
                .map(|(_, hash)| hash.trim().to_string())
        };
        let name = |kind: &str, extension: &str| match hash_of(kind) {
            Some(hash) => format!("{output}.{hash}.{extension}"),
            None => format!("{output}.{extension}"),
        };
        let wasm = match (hash_of("wasm"), bindgen_suffix) {
            (Some(hash), _) => format!("{output}.{hash}.wasm"),
            (None, true) => format!("{output}_bg.wasm"),
            (None, false) => format!("{output}.wasm"),
        };
        AssetNames {
            css: name("css", "css"),
            js: name("js", "js"),
            wasm,
        }
    }

    /// The module script that loads the wasm and hydrates the islands: the
    /// wasm's `hydrate` makes the root every island descends from, then each
    /// `<leptos-island>` is hydrated in document order (an island inside
    /// another's `<leptos-children>` after that island's children callback,
    /// as Leptos' own `island_script.js` does), and only then is the page
    /// marked `data-hydrated` for tests and scripts. `__hydrateIsland` lets
    /// an island hydrate islands it brings in later (the live search).
    pub fn loader(&self, pkg: &str) -> String {
        format!(
            "import({js:?}).then(function (m) {{ return m.default({{ module_or_path: {wasm:?} }}).then(function () {{ {walk} }}); }});",
            js = format!("{pkg}/{}", self.js),
            wasm = format!("{pkg}/{}", self.wasm),
            walk = ISLAND_WALK,
        )
    }
}

/// The body of the loader once the wasm is ready (`m` is its module).
const ISLAND_WALK: &str = "m.hydrate(); var around = []; \
function island(el) { var f = m[el.dataset.component]; if (!f) { console.warn('no island ' + el.dataset.component); return; } \
var cb = around[around.length - 1]; if (cb) cb(); f(el); } \
function walk(node) { for (var el = node.firstElementChild; el; el = el.nextElementSibling) { var tag = el.localName; \
if (tag === 'leptos-island') { island(el); walk(el); } \
else if (tag === 'leptos-children') { around.push(el.$$on_hydrate); walk(el); around.pop(); } else { walk(el); } } } \
window.__hydrateIsland = function (el) { island(el); walk(el); }; \
walk(document.body); document.documentElement.setAttribute('data-hydrated', 'true');";

/// Read once: the names cannot change while the binary runs.
fn asset_names(options: &LeptosOptions) -> &'static AssetNames {
    static NAMES: std::sync::OnceLock<AssetNames> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let hashes = options.hash_files.then(|| {
            let path = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
                .unwrap_or_default();
            std::fs::read_to_string(&path).unwrap_or_else(|err| {
                tracing::error!(path = %path.display(), error = %err, "file hashing is on but the hash file cannot be read");
                String::new()
            })
        });
        AssetNames::new(
            &options.output_name,
            hashes.as_deref(),
            std::option_env!("LEPTOS_OUTPUT_NAME").is_none(),
        )
    })
}

/// The links and the hydration script, for the shell's `<head>`.
#[component]
pub fn AssetLinks(options: LeptosOptions) -> impl IntoView {
    let names = asset_names(&options);
    let pkg = format!("/{}", options.site_pkg_dir);
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
    view! {
        <link rel="stylesheet" id="leptos" href=format!("{pkg}/{}", names.css)/>
        <link rel="modulepreload" href=format!("{pkg}/{}", names.js)/>
        <link rel="preload" href=format!("{pkg}/{}", names.wasm) r#as="fetch" r#type="application/wasm" crossorigin="anonymous"/>
        <script type="module" nonce=nonce>{names.loader(&pkg)}</script>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_hashes() {
        let names = AssetNames::new("bookstore", Some("js: aaa\nwasm: bbb\ncss: ccc\n"), true);
        assert_eq!(
            names,
            AssetNames {
                css: "bookstore.ccc.css".into(),
                js: "bookstore.aaa.js".into(),
                wasm: "bookstore.bbb.wasm".into(),
            }
        );
        let plain = AssetNames::new("bookstore", None, false);
        assert_eq!(
            (plain.js.as_str(), plain.wasm.as_str()),
            ("bookstore.js", "bookstore.wasm")
        );
        assert_eq!(AssetNames::new("bookstore", None, true).wasm, "bookstore_bg.wasm");
    }

    #[test]
    fn the_loader_imports_and_hydrates() {
        let names = AssetNames::new("bookstore", Some("js: a\nwasm: b\ncss: c"), false);
        let loader = names.loader("/pkg");
        assert!(loader.contains("import(\"/pkg/bookstore.a.js\")"), "{loader}");
        assert!(loader.contains("module_or_path: \"/pkg/bookstore.b.wasm\""), "{loader}");
        assert!(loader.contains("m.hydrate()"));
        // The marker comes after the islands, not before.
        let walked = loader.find("walk(document.body)").expect("walks the islands");
        assert!(
            loader.find("data-hydrated").is_some_and(|marked| marked > walked),
            "{loader}"
        );
        assert!(!loader.contains(['<', '>']), "nothing HTML would escape");
    }
}
