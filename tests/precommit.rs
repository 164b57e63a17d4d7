//! The real pre-commit framework (https://pre-commit.com) using this repository's hook
//! (`.pre-commit-hooks.yaml`, `language: rust`): a staged secret is refused, clean code passes.
//!
//! pre-commit builds hush from this repository at HEAD (`cargo install`), so the first run takes a
//! few minutes; PRE_COMMIT_HOME is kept under target/ to reuse the build between local runs. It runs in
//! CI (`CI` set; `.ci/run` installs pre-commit) and locally with `HUSH_TEST_PRECOMMIT=1`; otherwise it
//! says it is skipped, so that an ordinary `cargo test` does not rebuild hush at every new commit.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn have_pre_commit() -> bool {
    Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn pre_commit_framework_refuses_a_secret_and_passes_clean_code() {
    if std::env::var_os("CI").is_none() && std::env::var_os("HUSH_TEST_PRECOMMIT").is_none() {
        eprintln!("skipped: set HUSH_TEST_PRECOMMIT=1 to run (CI always does)");
        return;
    }
    if !have_pre_commit() {
        assert!(
            std::env::var_os("CI").is_none(),
            "pre-commit is not installed, and CI must run this test"
        );
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit)");
        return;
    }
    let hush_repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rev = git(hush_repo, &["rev-parse", "HEAD"]);
    let home = hush_repo.join("target/pre-commit-home");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: hush\n",
        hush_repo.display()
    );
    commit(
        d,
        &[(".pre-commit-config.yaml", config.as_bytes())],
        "use hush",
    );
    let run = |args: &[&str]| {
        Command::new(args[0])
            .args(&args[1..])
            .current_dir(d)
            .env("PRE_COMMIT_HOME", &home)
            .output()
            .expect("runs")
    };
    let out = run(&["pre-commit", "install"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    write_tree(
        d,
        &[("settings.py", format!("TOKEN = '{GH_TOKEN}'\n").as_bytes())],
    );
    git(d, &["add", "settings.py"]);
    let refused = run(&["git", "commit", "-m", "add a secret"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&refused.stdout),
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(
        !refused.status.success(),
        "the commit went through:\n{text}"
    );
    assert!(
        text.contains("settings.py:1:") && text.contains("github-pat-classic")
            || text.contains("GitHub personal access token"),
        "{text}"
    );
    assert!(!text.contains(GH_TOKEN), "the hook printed the secret");

    write_tree(d, &[("settings.py", b"TOKEN = os.environ['TOKEN']\n")]);
    git(d, &["add", "settings.py"]);
    let ok = run(&["git", "commit", "-m", "read it from the environment"]);
    assert!(
        ok.status.success(),
        "{}{}",
        String::from_utf8_lossy(&ok.stdout),
        String::from_utf8_lossy(&ok.stderr)
    );
}
