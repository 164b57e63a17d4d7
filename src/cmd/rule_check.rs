//! `hush rules check`: the rule pack checked the way a user would meet it, every example through the
//! whole engine.

use std::sync::Arc;

use crate::detect::Detector;
use crate::filter::allowlist::Allowlist;
use crate::finding::Confidence;
use crate::rule::RuleSet;
use crate::scan::Scanner;

/// A problem with one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub rule_id: String,
    pub source: String,
    pub message: String,
}

/// The path an example is scanned under. Filename rules write examples as `PATH` or `PATH\nCONTENT`.
const EXAMPLE_PATH: &str = "src/settings.conf";

fn split_example(is_file_rule: bool, ex: &str) -> (&str, &str) {
    if is_file_rule {
        ex.split_once('\n').unwrap_or((ex, ""))
    } else {
        (EXAMPLE_PATH, ex)
    }
}

/// Runs every rule's examples through a scanner built from `rules` (which should hold every rule,
/// including those off by default). Returns every problem found; empty means the pack is sound.
pub fn check(rules: Arc<RuleSet>) -> Vec<Problem> {
    let scanner = Scanner {
        rules: rules.clone(),
        allowlist: Allowlist::default(),
        min_confidence: Confidence::Low,
        ignore_pragmas: true,
        max_file_size: u64::MAX,
        decode_depth: crate::detect::DEFAULT_DECODE_DEPTH,
    };
    let mut detector = Detector::new(rules.clone());
    let mut problems = Vec::new();
    let builtin = crate::rule::load::builtin_examples();
    let none = Default::default();
    for rule in &rules.rules {
        // A built-in rule's examples were set apart at build time; a user rule keeps its own.
        let (examples, negative_examples) =
            if rule.def.examples.is_empty() && rule.def.negative_examples.is_empty() {
                let (p, n) = builtin.get(rule.id()).unwrap_or(&none);
                (p, n)
            } else {
                (&rule.def.examples, &rule.def.negative_examples)
            };
        let mut problem = |message: String| {
            problems.push(Problem {
                rule_id: rule.id().to_string(),
                source: rule.source.to_string(),
                message,
            })
        };
        if let Err(e) = rule.compile_all() {
            problem(e);
            continue;
        }
        if examples.is_empty() {
            problem("has no positive example".into());
        }
        if negative_examples.is_empty() {
            problem("has no negative example".into());
        }
        if rule.def.references.is_empty() {
            problem("cites no reference".into());
        }
        if rule.def.remediation.trim().is_empty() {
            problem("has no remediation".into());
        }
        let file_rule = rule.is_filename_rule();
        for ex in examples.iter() {
            let (path, text) = split_example(file_rule, ex);
            let mut found = Vec::new();
            scanner.scan_blob(&mut detector, path, text.as_bytes(), &mut found);
            if !found.iter().any(|f| f.rule_id == rule.id()) {
                let others: Vec<&str> = found.iter().map(|f| f.rule_id.as_str()).collect();
                problem(format!(
                    "positive example not found{}: {}",
                    if others.is_empty() {
                        String::new()
                    } else {
                        format!(" (found as {})", others.join(", "))
                    },
                    ex.escape_debug()
                ));
            }
        }
        for ex in negative_examples.iter() {
            let (path, text) = split_example(file_rule, ex);
            let mut found = Vec::new();
            scanner.scan_blob(&mut detector, path, text.as_bytes(), &mut found);
            if !found.is_empty() {
                let ids: Vec<&str> = found.iter().map(|f| f.rule_id.as_str()).collect();
                problem(format!(
                    "negative example found by {}: {}",
                    ids.join(", "),
                    ex.escape_debug()
                ));
            }
        }
    }
    problems
}
