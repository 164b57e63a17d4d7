//! The module map of docs/architecture.md, enforced: data flows one way (sources -> blobs -> matches
//! -> findings -> filters -> reports), and each layer imports only what is upstream of it. This reads
//! `src/` as text: a `use crate::x` (or a `crate::x::...` path) is a dependency on module `x`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/source/git.rs` -> `source`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Code without comments (line comments and doc comments), so that prose naming a module is not a
/// dependency.
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Module -> the modules its files name as `crate::x`, and module -> files that print.
fn graph() -> (BTreeMap<String, BTreeSet<String>>, Vec<String>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut printers = Vec::new();
    for f in files {
        let m = module_of(&src, &f);
        let text = code(&std::fs::read_to_string(&f).unwrap());
        let entry = deps.entry(m.clone()).or_default();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != m {
                entry.insert(name);
            }
        }
        // `use crate::{a, b}` groups.
        for group in text.split("use crate::{").skip(1) {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for part in inner.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != m {
                    entry.insert(name);
                }
            }
        }
        let prints = ["println!", "eprintln!", "print!(", "eprint!("]
            .iter()
            .any(|p| text.contains(p));
        if prints {
            printers.push(
                f.strip_prefix(&src)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    (deps, printers)
}

#[test]
fn layers_import_only_what_is_upstream() {
    let (deps, _) = graph();
    let forbidden: &[(&str, &[&str])] = &[
        // Sources only enumerate: no rules, detectors, findings, filters or reports.
        (
            "source",
            &[
                "detect", "scan", "report", "rule", "finding", "filter", "cmd", "settings",
                "config",
            ],
        ),
        // Rules are data: the detector reads them, not the other way round.
        (
            "rule",
            &[
                "detect", "scan", "filter", "report", "cmd", "source", "settings",
            ],
        ),
        (
            "detect",
            &["scan", "filter", "report", "cmd", "source", "settings"],
        ),
        ("filter", &["scan", "report", "cmd", "source", "settings"]),
        ("report", &["source", "cmd", "detect", "settings"]),
        ("scan", &["report", "cmd", "settings"]),
        (
            "finding",
            &["detect", "scan", "filter", "report", "cmd", "rule"],
        ),
        ("diagnostic", &["source", "scan", "report", "cmd"]),
        // Containers only open bytes: they know nothing of rules, findings, sources or reports.
        (
            "container",
            &[
                "report", "cmd", "scan", "source", "detect", "rule", "finding", "filter",
                "settings",
            ],
        ),
    ];
    let mut wrong = Vec::new();
    for (module, banned) in forbidden {
        for d in deps.get(*module).into_iter().flatten() {
            if banned.contains(&d.as_str()) {
                wrong.push(format!("{module} imports {d}"));
            }
        }
    }
    assert!(wrong.is_empty(), "forbidden dependencies: {wrong:?}");
}

#[test]
fn modules_form_no_cycle() {
    let (deps, _) = graph();
    // Depth-first search for a back edge; the path found is the cycle.
    fn visit(
        m: &str,
        deps: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == m) {
            let mut cycle = stack[i..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        stack.push(m.to_string());
        for d in deps.get(m).into_iter().flatten() {
            if let Some(c) = visit(d, deps, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in deps.keys() {
        if let Some(cycle) = visit(m, &deps, &mut Vec::new(), &mut done) {
            panic!("module cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn only_the_command_line_layer_prints() {
    let (_, printers) = graph();
    let stray: Vec<&String> = printers
        .iter()
        .filter(|p| !(p.starts_with("cmd/") || p.starts_with("report/") || *p == "main.rs"))
        .collect();
    assert!(
        stray.is_empty(),
        "printing outside cmd/ and report/: {stray:?}"
    );
}

#[test]
fn the_graph_reader_sees_dependencies() {
    // The checks above pass vacuously if the reader finds nothing: it must see the known edges.
    let (deps, printers) = graph();
    assert!(deps["scan"].contains("detect") && deps["scan"].contains("source"));
    assert!(deps["cmd"].contains("scan"));
    assert!(printers.iter().any(|p| p.starts_with("cmd/")));
}
