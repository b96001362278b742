//! Rules for code that renders on the server, checked over the sources.
//!
//! The server never writes a signal while it renders: Leptos reads a signal
//! during a render with a lock taken without waiting and reports a lock held
//! by a writer on another worker thread as "disposed", which panics the
//! render (docs/architecture.md, "Errors"). A `Transition`'s `set_pending`
//! is such a writer (an effect that runs on the server too), so it may only
//! be given in the browser build.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Lines giving `set_pending` or making an isomorphic effect outside the
/// browser build: the `let` they are in must carry `#[cfg(feature = "hydrate")]`.
fn server_side_writers(source: &str) -> Vec<usize> {
    let lines: Vec<&str> = source.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        // Spaces do not hide a writer (`set_pending = x` is the same prop).
        let code: String = line.split_whitespace().collect();
        if code.starts_with("//") || !(code.contains("set_pending=") || code.contains("Effect::new_isomorphic")) {
            continue;
        }
        // The attribute sits on the statement, which may start a few lines up.
        let mut gated = false;
        for before in lines[i.saturating_sub(4)..i].iter().rev() {
            let before = before.trim();
            if before == "#[cfg(feature = \"hydrate\")]" {
                gated = true;
                break;
            }
            if before.ends_with(';') || before.ends_with('}') || before.ends_with('{') {
                break;
            }
        }
        if !gated {
            found.push(i + 1);
        }
    }
    found
}

#[test]
fn the_server_writes_no_signal_while_it_renders() {
    let mut files = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The pages here and the islands in core/ (bookstore-core).
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("core/src"), &mut files);
    let this_file = Path::new(file!()).file_name().unwrap();
    let offenders: Vec<String> = files
        .iter()
        .filter(|path| path.file_name() != Some(this_file))
        .flat_map(|path| {
            let source = std::fs::read_to_string(path).unwrap();
            server_side_writers(&source)
                .into_iter()
                .map(move |line| format!("{}:{line}", path.display()))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "writers that also run on the server: {offenders:?}"
    );
}

#[test]
fn the_rule_sees_an_ungated_set_pending_and_accepts_a_gated_one() {
    let ungated = "let v = view! { <Transition set_pending=s.write_only()>{x}</Transition> };";
    assert_eq!(server_side_writers(ungated), vec![1]);
    let gated =
        "#[cfg(feature = \"hydrate\")]\nlet v = view! { <Transition set_pending=s.write_only()>{x}</Transition> };";
    assert!(server_side_writers(gated).is_empty());
    assert_eq!(
        server_side_writers("Effect::new_isomorphic(move |_| s.set(true));"),
        vec![1]
    );
}
