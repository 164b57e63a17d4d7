//! The real pre-commit framework (https://pre-commit.com) using this repository's hooks
//! (`.pre-commit-hooks.yaml`): a staged secret is refused, clean code passes, and the tree hooks make
//! `pre-commit run --all-files` find a committed secret. The `language: rust` ids below; the
//! `language: system` ids the README recommends further down (they build nothing).
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
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: hush\n      - id: hush-tree\n",
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

    // The tree hook, built from source too: `--all-files` finds a secret committed past the hook.
    write_tree(
        d,
        &[("deploy.sh", format!("export T={GH_TOKEN_2}\n").as_bytes())],
    );
    git(d, &["add", "deploy.sh"]);
    git(d, &["commit", "-q", "--no-verify", "-m", "bypassed"]);
    let all = run(&["pre-commit", "run", "--all-files"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&all.stdout),
        String::from_utf8_lossy(&all.stderr)
    );
    assert!(!all.status.success(), "--all-files passed:\n{text}");
    assert!(text.contains("deploy.sh:1:"), "{text}");
}

/// The pre-commit config the README shows, pointed at this repository at `rev`.
fn readme_config(hush_repo: &Path, rev: &str) -> String {
    let readme = std::fs::read_to_string(hush_repo.join("README.md")).unwrap();
    let start = readme
        .find("```yaml\nrepos:\n")
        .expect("the README shows a .pre-commit-config.yaml");
    let body = &readme[start + "```yaml\n".len()..];
    let body = &body[..body.find("```").unwrap()];
    body.lines()
        .map(|l| {
            let key = l.trim_start();
            let indent = &l[..l.len() - key.len()];
            if key.starts_with("- repo:") {
                format!("{indent}- repo: {}", hush_repo.display())
            } else if key.starts_with("rev:") {
                format!("{indent}rev: {rev}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The README's hook ids with `language: system` (the hush on PATH: nothing is built, so this runs
/// whenever pre-commit is installed): the commit check refuses a staged secret and passes clean
/// code, and the tree hook makes `pre-commit run --all-files` fail on a secret already committed,
/// which the commit check alone lets pass.
#[test]
fn the_readme_system_hooks_block_commits_and_find_committed_secrets() {
    if !have_pre_commit() {
        assert!(
            std::env::var_os("CI").is_none(),
            "pre-commit is not installed, and CI must run this test"
        );
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit)");
        return;
    }
    let hush_repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    // pre-commit clones the hooks file as committed: HEAD must carry the ids the README names.
    let rev = git(hush_repo, &["rev-parse", "HEAD"]);
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    let config = readme_config(hush_repo, &rev);
    assert!(config.contains("id: hush-system"), "{config}");
    assert!(config.contains("id: hush-tree-system"), "{config}");
    commit(
        d,
        &[(".pre-commit-config.yaml", config.as_bytes())],
        "use hush",
    );
    let bin = Path::new(env!("CARGO_BIN_EXE_hush")).parent().unwrap();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(paths).unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(args[0])
            .args(&args[1..])
            .current_dir(d)
            .env("PRE_COMMIT_HOME", home.path())
            .env("PATH", &path)
            .output()
            .expect("runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    };
    let (ok, text) = run(&["pre-commit", "install"]);
    assert!(ok, "{text}");

    write_tree(
        d,
        &[("settings.py", format!("TOKEN = '{GH_TOKEN}'\n").as_bytes())],
    );
    git(d, &["add", "settings.py"]);
    let (ok, text) = run(&["git", "commit", "-m", "add a secret"]);
    assert!(!ok, "the commit went through:\n{text}");
    assert!(text.contains("settings.py:1:"), "{text}");
    assert!(!text.contains(GH_TOKEN), "the hook printed the secret");

    write_tree(d, &[("settings.py", b"TOKEN = os.environ['TOKEN']\n")]);
    git(d, &["add", "settings.py"]);
    let (ok, text) = run(&["git", "commit", "-m", "read it from the environment"]);
    assert!(ok, "{text}");

    // A secret committed past the hook: the commit check cannot see it, the tree hook does.
    write_tree(
        d,
        &[("deploy.sh", format!("export T={GH_TOKEN_2}\n").as_bytes())],
    );
    git(d, &["add", "deploy.sh"]);
    git(d, &["commit", "-q", "--no-verify", "-m", "bypassed"]);
    let (ok, text) = run(&["pre-commit", "run", "hush-system", "--all-files"]);
    assert!(ok, "{text}");
    let (ok, text) = run(&["pre-commit", "run", "--all-files"]);
    assert!(!ok, "--all-files passed with a committed secret:\n{text}");
    assert!(text.contains("deploy.sh:1:"), "{text}");
    assert!(!text.contains(GH_TOKEN_2), "the hook printed the secret");
}
