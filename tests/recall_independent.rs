//! Recall and precision on the independent corpus (tests/corpus-independent): files written by hand
//! from tools' documentation and realistic code, not from hush's rules. See its README for the classes,
//! the provenance of each file and the figures measured for other scanners.
//!
//! The whole engine runs as a user runs it: `hush scan --no-config --no-baseline --format json`,
//! default settings. A labelled secret counts as found when any finding, at any confidence, starts on
//! its line. A `near` line (placeholder, env lookup, public key, hash that is not a credential) counts
//! as a false positive when any finding starts on it; a `near-low` line (public or harmless by design:
//! emulator keys, test-mode keys, encrypted values) only when a finding there is medium or high.
//! Precision per class = found / (found + false positives).
//!
//! The floors in `floor.tsv` are the figures measured when they were last raised: the test fails when a
//! class falls below either, so a rule change that loses recall or adds noise shows up here. Raise them
//! when you improve a class; never lower them without saying why in the commit.

mod common;

use std::collections::{BTreeMap, HashMap};

use common::*;

fn corpus() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-independent")
}

struct Label {
    path: String,
    line: u64,
    class: String,
    kind: String,
}

fn labels() -> Vec<Label> {
    std::fs::read_to_string(corpus().join("labels.tsv"))
        .expect("tests/corpus-independent/labels.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "bad label line: {l}");
            assert!(
                ["secret", "near", "near-low"].contains(&f[3]),
                "bad kind: {l}"
            );
            Label {
                path: f[0].into(),
                line: f[1].parse().expect("line number"),
                class: f[2].into(),
                kind: f[3].into(),
            }
        })
        .collect()
}

/// class -> (minimum recall, minimum precision)
fn floors() -> BTreeMap<String, (f64, f64)> {
    std::fs::read_to_string(corpus().join("floor.tsv"))
        .expect("tests/corpus-independent/floor.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "bad floor line: {l}");
            (
                f[0].to_string(),
                (
                    f[1].parse().expect("recall"),
                    f[2].parse().expect("precision"),
                ),
            )
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    secrets: usize,
    found: usize,
    near: usize,
    false_pos: usize,
}

impl Tally {
    fn recall(&self) -> f64 {
        if self.secrets == 0 {
            1.0
        } else {
            self.found as f64 / self.secrets as f64
        }
    }
    fn precision(&self) -> f64 {
        if self.found + self.false_pos == 0 {
            1.0
        } else {
            self.found as f64 / (self.found + self.false_pos) as f64
        }
    }
}

#[test]
fn recall_and_precision_per_class_on_the_independent_corpus() {
    let labels = labels();
    assert!(labels.len() >= 250, "only {} labels", labels.len());
    let (code, out, err) = run_in(
        &corpus(),
        &[
            "scan",
            "samples",
            "--no-config",
            "--no-baseline",
            "--format",
            "json",
        ],
    );
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    let doc = json(&out);
    // (path, line) -> confidences of the findings that start there
    let mut at: HashMap<(String, u64), Vec<String>> = HashMap::new();
    for f in doc["findings"].as_array().unwrap() {
        if let Some(line) = f["line"].as_u64() {
            at.entry((f["path"].as_str().unwrap().to_string(), line))
                .or_default()
                .push(f["confidence"].as_str().unwrap().to_string());
        }
    }
    let mut by_class: BTreeMap<String, Tally> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut false_pos = Vec::new();
    for l in &labels {
        let file = corpus().join("samples").join(&l.path);
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", l.path));
        assert!(
            text.lines().nth(l.line as usize - 1).is_some(),
            "{}:{} is past the end of the file",
            l.path,
            l.line
        );
        let hits = at.get(&(l.path.clone(), l.line));
        let t = by_class.entry(l.class.clone()).or_default();
        match l.kind.as_str() {
            "secret" => {
                t.secrets += 1;
                if hits.is_some() {
                    t.found += 1;
                } else {
                    misses.push(format!("{}:{} ({})", l.path, l.line, l.class));
                }
            }
            kind => {
                t.near += 1;
                let bad = hits.is_some_and(|h| kind == "near" || h.iter().any(|c| c != "low"));
                if bad {
                    t.false_pos += 1;
                    false_pos.push(format!("{}:{} ({}) {:?}", l.path, l.line, l.class, hits));
                }
            }
        }
    }
    println!(
        "{:<6} {:>9} {:>7} {:>9} {:>9}",
        "class", "found", "recall", "near-FP", "precision"
    );
    let mut all = Tally::default();
    for (k, t) in &by_class {
        println!(
            "{k:<6} {:>4}/{:<4} {:>7.3} {:>4}/{:<4} {:>9.3}",
            t.found,
            t.secrets,
            t.recall(),
            t.false_pos,
            t.near,
            t.precision()
        );
        all.secrets += t.secrets;
        all.found += t.found;
        all.near += t.near;
        all.false_pos += t.false_pos;
    }
    println!(
        "{:<6} {:>4}/{:<4} {:>7.3} {:>4}/{:<4} {:>9.3}",
        "all",
        all.found,
        all.secrets,
        all.recall(),
        all.false_pos,
        all.near,
        all.precision()
    );
    println!("\nmissed:\n  {}", misses.join("\n  "));
    println!("\nfalse positives:\n  {}", false_pos.join("\n  "));
    by_class.insert("all".into(), all);

    let floors = floors();
    let mut below = Vec::new();
    for (k, t) in &by_class {
        let (r, p) = floors
            .get(k)
            .unwrap_or_else(|| panic!("floor.tsv has no line for class {k}"));
        // Figures in floor.tsv are rounded to three places.
        if t.recall() + 5e-4 < *r {
            below.push(format!("{k}: recall {:.3} < {r}", t.recall()));
        }
        if t.precision() + 5e-4 < *p {
            below.push(format!("{k}: precision {:.3} < {p}", t.precision()));
        }
    }
    assert!(
        below.is_empty(),
        "below the floor: {below:#?}\nmissed: {misses:#?}\nfalse positives: {false_pos:#?}"
    );
}
