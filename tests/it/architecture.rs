//! The layering of ARCHITECTURE.md, checked on the source: dependencies point inward. The
//! command core (`src/commands/`, `src/app.rs`) imports no adapter module and no transport
//! crate; the inner layer (ids, store, cache, configuration, metrics) imports neither the core nor
//! an adapter. A new file is checked as soon as it exists.

use std::{
    fs,
    path::{Path, PathBuf},
};

/// Modules of the crate that talk to the outside world (or assemble the process).
const ADAPTERS: &[&str] = &[
    "interactions",
    "prefix",
    "api",
    "http",
    "cloud",
    "discord",
    "gateway",
    "jobs",
    "devtools",
    "compose",
];
/// The command core.
const CORE: &[&str] = &["commands", "app"];
/// Crates that carry a transport (HTTP server or client, websocket, Lambda runtime, AWS, the
/// database and cache drivers): only adapters and the inner layer's backends may use them.
const TRANSPORT_CRATES: &[&str] = &[
    "axum",
    "hyper",
    "hyper_util",
    "tower",
    "tower_http",
    "lambda_http",
    "lambda_runtime",
    "twilight_http",
    "twilight_gateway",
    "tokio_tungstenite",
    "reqwest",
    "aws_config",
    "aws_sdk_lambda",
    "aws_sdk_scheduler",
    "sqlx",
    "redis",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `path` (or `path` itself).
fn files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_owned()];
    }
    let mut found = Vec::new();
    for entry in fs::read_dir(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            found.extend(files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}

/// The files of top-level module `name` (`src/name.rs` and/or `src/name/`).
fn module(name: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for path in [src().join(format!("{name}.rs")), src().join(name)] {
        if path.exists() {
            found.extend(files(&path));
        }
    }
    found
}

/// The code of a file without its comments (doc links may name any module) and without its
/// `#[cfg(test)]` tail (unit tests may build adapters to drive the code).
fn code(path: &Path) -> String {
    let text = fs::read_to_string(path).expect("read source");
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => &text,
    };
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::<module>` and `<crate>::` path in `code` that names one of `modules` or
/// `crates`, as `file: path` lines.
fn offences(path: &Path, modules: &[&str], crates: &[&str]) -> Vec<String> {
    let code = code(path);
    let mut found = Vec::new();
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .map(str::to_owned)
            .collect()
    };
    for word in words(&code) {
        let first = word.split("::").next().unwrap_or_default();
        let named = if first == "crate" {
            word.split("::").nth(1).unwrap_or_default()
        } else if word.contains("::") {
            first
        } else {
            continue;
        };
        let hit = (first == "crate" && modules.contains(&named))
            || (first != "crate" && crates.contains(&named));
        if hit {
            found.push(format!("{}: {word}", path.display()));
        }
    }
    // `use crate::{a, b::c}` lists: look inside the braces too.
    for (at, _) in code.match_indices("crate::{") {
        let list = &code[at + "crate::{".len()..];
        let list = &list[..list.find(';').unwrap_or(list.len())];
        for word in words(list) {
            let name = word.split("::").next().unwrap_or_default();
            if modules.contains(&name) {
                found.push(format!("{}: crate::{{{name}…}}", path.display()));
            }
        }
    }
    found
}

fn check(layer: &[&str], modules: &[&str], crates: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for name in layer {
        let paths = module(name);
        assert!(!paths.is_empty(), "no source for module {name}");
        for path in paths {
            found.extend(offences(&path, modules, crates));
        }
    }
    found
}

#[test]
fn the_core_imports_no_adapter_and_no_transport() {
    let found = check(CORE, ADAPTERS, TRANSPORT_CRATES);
    assert!(
        found.is_empty(),
        "the core must reach the outside through its ports:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_inner_layer_imports_neither_the_core_nor_an_adapter() {
    let outward: Vec<&str> = CORE.iter().chain(ADAPTERS).copied().collect();
    let found = check(
        &["id", "store", "cache", "config", "metrics"],
        &outward,
        &[],
    );
    assert!(
        found.is_empty(),
        "store, cache and configuration are below the core:\n{}",
        found.join("\n")
    );
}

/// The checker itself: an adapter import in a core-like file is caught, in both spellings.
#[test]
fn the_checker_sees_both_import_spellings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("sample.rs");
    fs::write(
        &file,
        "//! Talks about crate::discord in a comment only.\n\
         use crate::{app::App, discord::Discord};\n\
         use crate::interactions::deferred;\n\
         fn f() { let _ = axum::Router::new(); }\n",
    )
    .expect("write sample");
    let found = offences(&file, ADAPTERS, TRANSPORT_CRATES);
    let text = found.join("\n");
    assert!(text.contains("discord"), "{text}");
    assert!(text.contains("crate::interactions::deferred"), "{text}");
    assert!(text.contains("axum::Router"), "{text}");
    assert!(!text.contains("app"), "{text}");
}
