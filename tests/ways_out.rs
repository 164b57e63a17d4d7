//! The ways out a report prints must be ones that work (issue 17.8): `hush:allow` is offered only
//! where a pragma can act: never for a blocked file name (no line to comment), never under
//! `--ignore-pragmas`, never for history findings (a commit cannot take one). In every format that
//! says how to accept a finding: human, SARIF's rule help, and the staged block message.

mod common;

use std::path::Path;

use common::*;

fn secret_py() -> Vec<u8> {
    format!("TOKEN = '{GH_TOKEN}'\n").into_bytes()
}

/// The SARIF rule help texts (text and markdown) of a report.
fn sarif_help(stdout: &str) -> String {
    let doc = json(stdout);
    let mut s = String::new();
    for r in doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
    {
        s.push_str(r["help"]["text"].as_str().unwrap());
        s.push_str(r["help"]["markdown"].as_str().unwrap());
    }
    assert!(!s.is_empty(), "no rule help in {stdout}");
    s
}

fn scan(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["scan", ".", "--no-config", "--no-baseline"];
    all.extend_from_slice(args);
    run_in(dir, &all)
}

#[test]
fn a_blocked_file_name_is_not_offered_a_pragma() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[(".env", b"DEBUG=1\n")]);
    let (code, out, _) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("hush:allow"), "{out}");
    assert!(out.contains("hush baseline update"), "{out}");
    let (_, sarif, _) = scan(dir.path(), &["--format", "sarif"]);
    let help = sarif_help(&sarif);
    assert!(!help.contains("hush:allow"), "{help}");
    assert!(help.contains("hush baseline update"), "{help}");
}

#[test]
fn a_secret_on_a_line_is_offered_a_pragma_unless_pragmas_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("settings.py", &secret_py())]);
    let (_, out, _) = scan(dir.path(), &[]);
    assert!(out.contains("hush:allow"), "{out}");
    let (_, sarif, _) = scan(dir.path(), &["--format", "sarif"]);
    assert!(sarif_help(&sarif).contains("hush:allow"));

    let (code, out, _) = scan(dir.path(), &["--ignore-pragmas"]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("hush:allow"), "{out}");
    assert!(out.contains("hush baseline update"), "{out}");
    let (_, sarif, _) = scan(dir.path(), &["--format", "sarif", "--ignore-pragmas"]);
    assert!(!sarif_help(&sarif).contains("hush:allow"));
}

#[test]
fn a_history_finding_is_offered_the_history_baseline_in_sarif() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(d, &[("settings.py", &secret_py())], "add");
    commit(d, &[("settings.py", b"TOKEN = None\n")], "rotate");
    let (code, sarif, err) = run_in(d, &["git", ".", "--no-config", "--format", "sarif"]);
    assert_eq!(code, 1, "{err}");
    let help = sarif_help(&sarif);
    assert!(!help.contains("hush:allow"), "{help}");
    assert!(help.contains("hush baseline update --history"), "{help}");
}

fn staged_repo(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    new_repo(dir.path());
    commit(dir.path(), &[("README", b"hello\n")], "first");
    write_tree(dir.path(), files);
    git(dir.path(), &["add", "-A"]);
    dir
}

#[test]
fn the_commit_block_offers_a_pragma_only_where_one_works() {
    // A line secret: the pragma is one of the ways out.
    let repo = staged_repo(&[("settings.py", &secret_py())]);
    let (code, _, err) = run_in(repo.path(), &["staged", "--no-config"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("hush:allow"), "{err}");
    assert!(err.contains("Three ways out"), "{err}");

    // Under --ignore-pragmas it is not.
    let (code, _, err) = run_in(repo.path(), &["staged", "--no-config", "--ignore-pragmas"]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("hush:allow"), "{err}");
    assert!(err.contains("hush baseline update --staged"), "{err}");
    assert!(err.contains("Two ways out"), "{err}");

    // A blocked file name: no line to comment; unstaging it is the way out.
    let repo = staged_repo(&[(".env", b"DEBUG=1\n")]);
    let (code, _, err) = run_in(repo.path(), &["staged", "--no-config"]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("hush:allow"), "{err}");
    assert!(err.contains("git rm --cached"), "{err}");
    assert!(err.contains("hush baseline update --staged"), "{err}");
}
