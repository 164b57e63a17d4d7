//! Micro-benchmarks of the detector, in bytes per second, on a generated corpus (see
//! `benches/corpus/mod.rs`): about 16 MB of source, config, lockfiles, minified bundles and docs with
//! secrets at a handful per 10 MB. The corpus is generated at start (deterministic seed), so the
//! numbers compare across commits; nothing large is committed.
//!
//! ```sh
//! cargo bench --bench detect                 # everything
//! cargo bench --bench detect -- detector     # only the Detector::scan benchmarks
//! HUSH_BENCH_CORPUS_MB=64 cargo bench --bench detect
//! ```
//! Regex compilation (lazy, on first use) happens before timing; `rules_load` measures what every
//! run pays up front.

#![allow(clippy::print_stderr)]

mod corpus;

use std::sync::{Arc, LazyLock};

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use hush::detect::{Detector, Hints, hints_for_path};
use hush::filter::allowlist::Allowlist;
use hush::finding::Confidence;
use hush::rule::load::{Selection, load};
use hush::scan::Scanner;

fn main() {
    divan::main();
}

struct Setup {
    files: Vec<(corpus::File, Hints)>,
    bytes: usize,
    scanner: Scanner,
}

static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    let mb: u64 = std::env::var("HUSH_BENCH_CORPUS_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(16);
    let mut files = Vec::new();
    let (_, bytes, planted) = corpus::generate(7, mb << 20, |f| {
        let hints = hints_for_path(&f.path);
        files.push((f, hints));
    });
    let rules = Arc::new(load(&Selection::default()).expect("built-in rules load"));
    // The keyword DFA, which `hush scan` and `hush git` build on another thread: built now, so that
    // every sample measures the automaton a long scan runs with.
    rules.keywords.prepare_dfa();
    let scanner = Scanner {
        rules,
        allowlist: Allowlist::default(),
        min_confidence: Confidence::Low,
        ignore_pragmas: false,
        max_file_size: u64::MAX,
        decode_depth: hush::detect::DEFAULT_DECODE_DEPTH,
    };
    // One untimed pass: compiles every regex the corpus needs, and checks the bench measures a
    // scanner that finds what was planted.
    let mut detector = Detector::new(scanner.rules.clone());
    let mut found = Vec::new();
    for (f, _) in &files {
        scanner.scan_blob(&mut detector, &f.path, &f.bytes, &mut found);
    }
    eprintln!(
        "corpus: {} files, {:.1} MB, {planted} planted secrets, {} findings",
        files.len(),
        bytes as f64 / 1e6,
        found.len()
    );
    Setup {
        files,
        bytes: bytes as usize,
        scanner,
    }
});

/// `Detector::scan` over the whole corpus: keyword pass, windows, regex confirmation.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn detector_scan(b: Bencher) {
    let s = &*SETUP;
    let mut detector = Detector::new(s.scanner.rules.clone());
    b.counter(BytesCount::new(s.bytes)).bench_local(|| {
        for (f, hints) in &s.files {
            black_box(detector.scan(black_box(&f.bytes), *hints));
        }
    });
}

/// `Detector::scan` on one group of files at a time, to see which kind of content costs most.
#[divan::bench(
    sample_count = 10,
    sample_size = 1,
    args = ["source", "config", "lockfile", "minified", "docs"]
)]
fn detector_scan_by_kind(b: Bencher, group: &str) {
    let s = &*SETUP;
    let files: Vec<_> = s
        .files
        .iter()
        .filter(|(f, _)| f.kind.group() == group)
        .collect();
    let bytes: usize = files.iter().map(|(f, _)| f.bytes.len()).sum();
    let mut detector = Detector::new(s.scanner.rules.clone());
    b.counter(BytesCount::new(bytes)).bench_local(|| {
        for (f, hints) in &files {
            black_box(detector.scan(black_box(&f.bytes), *hints));
        }
    });
}

/// `Scanner::scan_blob` over the whole corpus: filename rules, content sniffing, detection,
/// filters and the building of findings: what each source calls per blob.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn scanner_scan_blob(b: Bencher) {
    let s = &*SETUP;
    let mut detector = Detector::new(s.scanner.rules.clone());
    let mut out = Vec::new();
    b.counter(BytesCount::new(s.bytes)).bench_local(|| {
        for (f, _) in &s.files {
            out.clear();
            black_box(
                s.scanner
                    .scan_blob(&mut detector, &f.path, black_box(&f.bytes), &mut out),
            );
        }
    });
}

/// Loading the built-in rule pack (parse, keyword automata, filename globs): paid by every run,
/// including a pre-commit hook on a one-line change.
#[divan::bench(sample_count = 20)]
fn rules_load() -> hush::rule::RuleSet {
    load(&Selection::default()).expect("built-in rules load")
}

/// The keyword pass alone, as `Detector::scan` runs it and as alternatives, on the same corpus and
/// keywords: how much of `detector_scan` the automaton costs, and what another one would save. Each
/// variant returns its number of hits, so that the work stays comparable: the `walk` variants
/// (`RuleSet::keywords`, what scans run) and the `overlapping` ones find every occurrence of every
/// keyword; the `restart` ones (the pass before the lanes) the longest keyword at every position where
/// one starts.
mod keyword_pass {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

    fn patterns() -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &SETUP.scanner.rules.rules {
            if r.is_filename_rule() {
                continue;
            }
            for k in r.def.keywords.iter() {
                let k = k.to_ascii_lowercase();
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
        out
    }

    fn build(kind: AhoCorasickKind, mk: MatchKind) -> AhoCorasick {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(mk)
            .kind(Some(kind))
            .build(patterns())
            .expect("keyword automaton")
    }

    /// Leftmost-longest, restarting one byte after each hit's start.
    fn restart(ac: &AhoCorasick, h: &[u8]) -> usize {
        let (mut n, mut pos) = (0, 0);
        while let Some(m) = ac.find(Input::new(h).range(pos..)) {
            n += 1;
            pos = m.start() + 1;
        }
        n
    }

    fn run(b: Bencher, count: impl Fn(&[u8]) -> usize) {
        let s = &*SETUP;
        b.counter(BytesCount::new(s.bytes)).bench_local(|| {
            let mut n = 0;
            for (f, _) in &s.files {
                n += count(black_box(&f.bytes));
            }
            n
        });
    }

    /// `RuleSet::keywords` with its contiguous NFA, what a scan starts with.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn nfa_walk(b: Bencher) {
        let k = &SETUP.scanner.rules.keywords;
        run(b, |h| {
            let mut n = 0;
            k.for_each_nfa(h, |_, _, _| n += 1);
            n
        });
    }

    /// `RuleSet::keywords` with its DFA, what a scan switches to once it is built.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn dfa_walk(b: Bencher) {
        let k = &SETUP.scanner.rules.keywords;
        run(b, |h| {
            let mut n = 0;
            k.for_each(h, |_, _, _| n += 1);
            n
        });
    }

    /// The leftmost-longest DFA with a `find` per hit, restarting one byte after each hit's start
    /// (the pass before the lanes).
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn dfa_restart(b: Bencher) {
        let ac = build(AhoCorasickKind::DFA, MatchKind::LeftmostLongest);
        run(b, |h| restart(&ac, h));
    }

    /// The overlapping contiguous NFA of the first engine.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn nfa_overlapping(b: Bencher) {
        let ac = build(AhoCorasickKind::ContiguousNFA, MatchKind::Standard);
        run(b, |h| ac.find_overlapping_iter(h).count());
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn dfa_overlapping(b: Bencher) {
        let ac = build(AhoCorasickKind::DFA, MatchKind::Standard);
        run(b, |h| ac.find_overlapping_iter(h).count());
    }
}
