//! Does scan time grow linearly with input size on hostile input? Scans 1 MB and 10 MB of each
//! pathological pattern (one long line, or many short lines) with the built-in rule set and prints the
//! time ratio, which should be near 10 (linear); a ratio near 100 means a quadratic path.
//!
//! `cargo bench --bench scaling` (release build). Results are printed, not asserted: wall-clock time
//! on a shared machine is no test. `SCALING_FILTER=ghp` runs only the patterns whose name contains it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hush::detect::Detector;
use hush::filter::allowlist::Allowlist;
use hush::finding::Confidence;
use hush::rule::load::{Selection, load};
use hush::scan::Scanner;

const MB: usize = 1 << 20;

/// The unit repeated to fill the input, and whether each repetition ends a line.
fn patterns(keywords: &str) -> Vec<(&'static str, String, bool)> {
    vec![
        ("one repeated character", "a".into(), false),
        ("alternating characters", "ab".into(), false),
        ("ghp_ repeated", "ghp_".into(), false),
        ("password= repeated", "password=".into(), false),
        ("api_key = \" repeated", "api_key = \"".into(), false),
        (
            "PEM header repeated",
            "-----BEGIN RSA PRIVATE KEY-----".into(),
            false,
        ),
        (
            "PEM header lines",
            "-----BEGIN RSA PRIVATE KEY-----".into(),
            true,
        ),
        ("AKIA repeated", "AKIA".into(), false),
        ("eyJ repeated", "eyJ".into(), false),
        ("every rule keyword", keywords.into(), false),
        ("every rule keyword, lines", keywords.into(), true),
        (
            "real token, one line",
            "t=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 ".into(),
            false,
        ),
        (
            "generic secret, one line",
            "password=\"Zk3p9QmX2vLr8TnW4yBd\" ".into(),
            false,
        ),
        (
            "generic secret lines",
            "password=\"Zk3p9QmX2vLr8TnW4yBd\"".into(),
            true,
        ),
    ]
}

fn fill(unit: &str, lines: bool, size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + unit.len() + 1);
    while out.len() < size {
        out.extend_from_slice(unit.as_bytes());
        if lines {
            out.push(b'\n');
        }
    }
    out.truncate(size);
    out
}

fn time_scan(scanner: &Scanner, bytes: &[u8], runs: usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut n = 0;
    for _ in 0..runs {
        let mut d = Detector::new(scanner.rules.clone());
        let mut out = Vec::new();
        let t = Instant::now();
        scanner.scan_blob(&mut d, "bench/input.txt", bytes, &mut out);
        best = best.min(t.elapsed());
        n = out.len();
    }
    (best, n)
}

fn main() {
    let rules = load(&Selection::default()).expect("built-in rules");
    let mut keywords: Vec<String> = rules
        .rules
        .iter()
        .flat_map(|r| r.def.keywords.iter().map(|k| k.to_string()))
        .collect();
    keywords.sort();
    keywords.dedup();
    let keywords = keywords.join(" ");
    let scanner = Scanner {
        rules: Arc::new(rules),
        allowlist: Allowlist::default(),
        min_confidence: Confidence::Low,
        ignore_pragmas: false,
        max_file_size: u64::MAX,
        decode_depth: hush::detect::DEFAULT_DECODE_DEPTH,
    };
    let filter = std::env::var("SCALING_FILTER").unwrap_or_default();
    // Warm up: compile every rule's regex once so that the first pattern does not pay for it.
    time_scan(&scanner, keywords.as_bytes(), 1);
    println!(
        "{:<28} {:>10} {:>10} {:>7} {:>9}",
        "pattern", "1 MB", "10 MB", "ratio", "findings"
    );
    for (name, unit, lines) in patterns(&keywords) {
        if !name.contains(filter.as_str()) {
            continue;
        }
        let small = fill(&unit, lines, MB);
        let large = fill(&unit, lines, 10 * MB);
        let (t1, _) = time_scan(&scanner, &small, 3);
        let (t10, n10) = time_scan(&scanner, &large, 1);
        println!(
            "{:<28} {:>8.1}ms {:>8.1}ms {:>7.1} {:>9}",
            name,
            t1.as_secs_f64() * 1e3,
            t10.as_secs_f64() * 1e3,
            t10.as_secs_f64() / t1.as_secs_f64().max(1e-9),
            n10
        );
    }
}
