//! hush is its own first user: `hush scan .` and `hush git . --since HEAD~1` on this checkout exit 0.
//!
//! The planted secrets of the rule pack, corpora, fixtures and fuzz corpora are accepted in
//! `.hush.toml` (`[allowlist] paths`, for every source) and skipped by the tree walk (`.hushignore`);
//! the test secrets elsewhere are in `.secrets.baseline`. When this test fails after new test secrets
//! were added, regenerate the baseline with `cargo run --release -- baseline update` (README,
//! "Contributing") and review what it added.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

const REGENERATE: &str = "cargo run --release -- baseline update";

fn checkout() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The findings of a failed run, one `path:line:rule` per line (redacted: no secret is printed).
fn listing(out: &str) -> String {
    serde_json::from_str::<serde_json::Value>(out)
        .map(|doc| triples(&doc).join("\n"))
        .unwrap_or_else(|_| out.to_string())
}

#[test]
fn the_checkout_scans_clean() {
    let (code, out, err) = run_in(&checkout(), &["scan", ".", "--format", "json"]);
    assert_eq!(
        code,
        0,
        "`hush scan .` on hush's own checkout must exit 0. If these are intentional test \
         secrets, run `{REGENERATE}` and commit .secrets.baseline; if they are planted in a \
         directory of fixtures, list it in .hush.toml and .hushignore.\n{}\n{err}",
        listing(&out)
    );
    let doc = json(&out);
    // The walk skipped the generated corpora (.hushignore): a few hundred files, not thousands.
    let files = doc["stats"]["files"].as_u64().unwrap();
    assert!(
        files > 50,
        "{files} files: the scan did not see the sources"
    );
    assert!(
        files < 5000,
        "{files} files: .hushignore no longer skips the corpora"
    );
}

/// `HEAD~1` when the repository has it; `None` for a single-commit or depth-1 shallow clone.
fn previous_commit(dir: &Path) -> Option<String> {
    let out = Command::new("git")
        .args(["rev-parse", "--verify", "--quiet", "HEAD~1^{commit}"])
        .current_dir(dir)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn is_repository(dir: &Path) -> bool {
    Command::new("git")
        .args(["rev-parse", "--git-dir"])
        .current_dir(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_last_commit_scans_clean() {
    let dir = checkout();
    if !is_repository(&dir) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs on a clone: {} must be a git repository",
            dir.display()
        );
        eprintln!("SKIPPED: {} is not a git repository", dir.display());
        return;
    }
    // A single-commit or depth-1 clone has no HEAD~1: then every commit it holds is scanned (all
    // of them, which is the one commit), and the test says so rather than pretending.
    let mut args = vec!["git", ".", "--format", "json"];
    let since;
    match previous_commit(&dir) {
        Some(rev) => {
            since = rev;
            args.extend(["--since", since.as_str()]);
        }
        None => eprintln!("note: HEAD~1 is not in this clone; scanning every commit it holds"),
    }
    let (code, out, err) = run_in(&dir, &args);
    assert_eq!(
        code,
        0,
        "`hush {}` on hush's own repository must exit 0. Accept intentional test secrets with \
         `{REGENERATE}`; one that a later commit removed is only in the history (`baseline update \
         --history` records it, but detect-secrets' `audit --report` then fails on the missing file: \
         README, \"Contributing\").\n{}\n{err}",
        args.join(" "),
        listing(&out)
    );
}

/// The directories of planted secrets are hidden from a scan of the checkout, not from the tests
/// that scan them in place: a pattern with a slash in `.hushignore` is anchored at the checkout, and
/// the tests pass `--no-config`. If either changed, the fixtures would silently stop being scanned.
#[test]
fn the_planted_directories_are_still_scanned_in_place() {
    let root = checkout();
    for (parent, dir) in [
        ("tests/fixtures", "planted"),
        ("tests/corpus", "positives"),
        ("tests/corpus-independent", "samples"),
        ("fuzz", "corpus"),
        (".", "rules"),
    ] {
        let (code, out, err) = run_in(
            &root.join(parent),
            &["scan", dir, "--no-config", "--format", "json"],
        );
        assert_eq!(code, 1, "{parent}/{dir}: {err}");
        let n = json(&out)["findings"].as_array().unwrap().len();
        assert!(n >= 20, "{parent}/{dir}: only {n} findings");
    }
}

/// `.pre-commit-config.yaml` runs hush from this checkout on the staged changes (the local hook).
#[test]
fn the_repository_configures_its_own_pre_commit_hook() {
    let root = checkout();
    let text = std::fs::read_to_string(root.join(".pre-commit-config.yaml")).unwrap();
    assert!(text.contains("repo: local"), "{text}");
    assert!(text.contains("-- staged"), "{text}");
    let check = Command::new("pre-commit")
        .args(["validate-config", ".pre-commit-config.yaml"])
        .current_dir(&root)
        .output();
    match check {
        Ok(o) => assert!(
            o.status.success(),
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "pre-commit is required in CI (.ci/run installs it): {e}"
            );
            eprintln!("SKIPPED: pre-commit is not installed ({e})");
        }
    }
}

/// detect-secrets 1.5 reads hush's own baseline: `detect-secrets audit --report` runs through every
/// entry without failing (tests/baseline.rs checks the labels and the update path in detail).
#[test]
fn detect_secrets_audits_the_checkout_baseline() {
    let python = std::env::var("HUSH_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let version = Command::new(&python)
        .args(["-m", "detect_secrets", "--version"])
        .output();
    if !version.is_ok_and(|o| o.status.success() && o.stdout.starts_with(b"1.5")) {
        assert!(
            std::env::var_os("CI").is_none(),
            "detect-secrets 1.5 is required in CI (.ci/run installs it)"
        );
        eprintln!("SKIPPED: detect-secrets 1.5 is not installed");
        return;
    }
    let out = Command::new(&python)
        .args([
            "-m",
            "detect_secrets",
            "audit",
            "--report",
            ".secrets.baseline",
        ])
        .current_dir(checkout())
        .output()
        .unwrap();
    // Its report quotes the secrets it finds again: only the exit code and errors are shown here.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !err.contains("Traceback"),
        "detect-secrets audit --report .secrets.baseline failed: {err}"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!report["results"].as_array().unwrap().is_empty());
}
