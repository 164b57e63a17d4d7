//! Issue 17, low items: `baseline audit --report` and the interactive audit show an entry at the
//! same line (where its secret is now); the audit can undo an answer and relabel (`--all`); help
//! texts carry examples and the exit codes, and `baseline audit --help` lists only what applies.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

fn audit_with(dir: &Path, args: &[&str], answers: &str) -> (i32, String) {
    let mut child = hush()
        .args(["baseline", "audit"])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answers.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn labels(dir: &Path) -> Vec<(String, serde_json::Value)> {
    let doc = json(&std::fs::read_to_string(dir.join(".secrets.baseline")).unwrap());
    let mut out = Vec::new();
    for (file, entries) in doc["results"].as_object().unwrap() {
        for e in entries.as_array().unwrap() {
            out.push((
                file.clone(),
                e.get("is_secret")
                    .cloned()
                    .unwrap_or(serde_json::Value::Null),
            ));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn two_entries() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("a.py", format!("T = '{GH_TOKEN}'\n").as_bytes()),
            ("b.py", format!("T = '{GH_TOKEN_2}'\n").as_bytes()),
        ],
    );
    let (code, _, err) = run_in(dir.path(), &["baseline", "create", "--no-config"]);
    assert_eq!(code, 0, "{err}");
    dir
}

#[test]
fn the_audit_report_and_the_interactive_audit_show_the_same_line() {
    let dir = two_entries();
    // The code moves: the secret of a.py is now on line 3; the entry still says line 1.
    write_tree(
        dir.path(),
        &[(
            "a.py",
            format!("import os\n\nT = '{GH_TOKEN}'\n").as_bytes(),
        )],
    );
    let (code, report, err) = run_in(
        dir.path(),
        &["baseline", "audit", "--report", "--no-config"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(report.contains("a.py:3"), "{report}");
    let (_, doc, _) = run_in(
        dir.path(),
        &["baseline", "audit", "--report", "--json", "--no-config"],
    );
    let doc = json(&doc);
    let a = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["filename"] == "a.py")
        .unwrap();
    assert_eq!(
        (a["line_number"].as_u64(), a["line_now"].as_u64()),
        (Some(1), Some(3))
    );
    let (_, asked) = audit_with(dir.path(), &["--no-config"], "q\n");
    assert!(asked.contains("a.py:3 "), "{asked}");
}

#[test]
fn an_answer_can_be_undone_and_a_label_changed() {
    let dir = two_entries();
    // a.py: real, undone, then false positive; b.py: false positive.
    let (code, out) = audit_with(dir.path(), &["--no-config"], "r\nu\nf\nf\n");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Undone: a.py is unlabelled again."), "{out}");
    let f = serde_json::Value::Bool(false);
    assert_eq!(
        labels(dir.path()),
        [
            ("a.py".to_string(), f.clone()),
            ("b.py".to_string(), f.clone())
        ]
    );
    // Every entry is labelled: a plain audit has nothing to ask; --all relabels.
    let (_, out) = audit_with(dir.path(), &["--no-config"], "");
    assert!(out.contains("every entry is labelled"), "{out}");
    let (code, out) = audit_with(dir.path(), &["--all", "--no-config"], "r\ns\n");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("labelled now: false-positive"), "{out}");
    assert_eq!(
        labels(dir.path()),
        [
            ("a.py".to_string(), serde_json::Value::Bool(true)),
            ("b.py".to_string(), f)
        ]
    );
    // Nothing to undo at the start.
    let (_, out) = audit_with(dir.path(), &["--all", "--no-config"], "u\nq\n");
    assert!(out.contains("Nothing to undo."), "{out}");
}

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_hush"))
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn help_has_examples_and_exit_codes() {
    for args in [
        &["--help"][..],
        &["scan", "--help"],
        &["git", "--help"],
        &["staged", "--help"],
    ] {
        let h = help(args);
        assert!(
            h.contains("Examples:") && h.contains("Exit codes:"),
            "{args:?}:\n{h}"
        );
        assert!(h.contains("2  an error"), "{args:?}:\n{h}");
    }
    for args in [
        &["baseline", "--help"][..],
        &["hook", "--help"],
        &["rules", "--help"],
    ] {
        let h = help(args);
        assert!(h.contains("Examples:"), "{args:?}:\n{h}");
    }
    let h = help(&["hook", "--help"]);
    assert!(h.contains("uninstall"), "{h}");
}

#[test]
fn baseline_audit_help_lists_only_what_applies() {
    let h = help(&["baseline", "audit", "--help"]);
    for gone in [
        "--threads",
        "--min-confidence",
        "--ignore-pragmas",
        "--no-ignore",
        "--max-file-size",
    ] {
        assert!(!h.contains(gone), "{gone} listed:\n{h}");
    }
    for kept in ["--baseline", "--config", "--report", "--json", "--all"] {
        assert!(h.contains(kept), "{kept} missing:\n{h}");
    }
}
