//! `hush staged` and `hush hook install`: the pre-commit check.

mod common;

use common::*;

fn staged(dir: &std::path::Path) -> (i32, Vec<String>, String) {
    let (code, out, err) = run_in(dir, &["staged", "--format", "json"]);
    (code, triples(&json(&out)), err)
}

#[test]
fn only_added_lines_can_fail_the_commit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(
        d,
        &[("app.py", format!("OLD = '{GH_TOKEN}'\n").as_bytes())],
        "known secret",
    );
    // An unrelated edit of a file that already holds a secret passes.
    write_tree(
        d,
        &[(
            "app.py",
            format!("OLD = '{GH_TOKEN}'\nprint('hi')\n").as_bytes(),
        )],
    );
    git(d, &["add", "app.py"]);
    let (code, found, err) = staged(d);
    assert_eq!((code, found.len()), (0, 0), "{err}");
    // A new secret on an added line fails, at its line.
    write_tree(
        d,
        &[(
            "app.py",
            format!("OLD = '{GH_TOKEN}'\nprint('hi')\nNEW = '{SLACK_TOKEN}'\n").as_bytes(),
        )],
    );
    git(d, &["add", "app.py"]);
    let (code, found, _) = staged(d);
    assert_eq!(code, 1);
    assert_eq!(found, ["app.py:3:slack-bot-token"]);
}

#[test]
fn the_index_counts_not_the_working_tree() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(d, &[("a.py", b"x = 1\n")], "init");
    // Staged clean, secret only in the working tree: passes.
    write_tree(d, &[("a.py", b"x = 2\n")]);
    git(d, &["add", "a.py"]);
    write_tree(d, &[("a.py", format!("x = '{GH_TOKEN}'\n").as_bytes())]);
    assert_eq!(staged(d).0, 0);
    // Staged secret, working tree cleaned afterwards: fails.
    git(d, &["add", "a.py"]);
    write_tree(d, &[("a.py", b"x = 3\n")]);
    let (code, found, _) = staged(d);
    assert_eq!(
        (code, found),
        (1, vec!["a.py:1:github-pat-classic".to_string()])
    );
}

#[test]
fn first_commit_renames_deletions_modes_and_binaries() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    // No commits yet: everything staged is new.
    write_tree(d, &[("cfg.py", format!("T = '{GH_TOKEN}'\n").as_bytes())]);
    git(d, &["add", "cfg.py"]);
    assert_eq!(staged(d).1, ["cfg.py:1:github-pat-classic"]);
    git(d, &["commit", "-q", "-m", "first (with a known secret)"]);
    // A pure rename adds no lines.
    git(d, &["mv", "cfg.py", "settings.py"]);
    let (code, found, err) = staged(d);
    assert_eq!((code, found.len()), (0, 0), "{err}");
    git(d, &["commit", "-q", "-m", "rename"]);
    // A deletion, and a mode change, add nothing.
    commit(d, &[("run.sh", b"echo hi\n")], "script");
    git(d, &["update-index", "--chmod=+x", "run.sh"]);
    git(d, &["rm", "-q", "settings.py"]);
    assert_eq!(staged(d).0, 0);
    git(d, &["commit", "-q", "-m", "delete and chmod"]);
    // An image with a token in it is skipped (other binaries are scanned: tests/encodings.rs); a
    // blocked file name fails.
    let mut bin = b"GIF89a\0\x01\x02\x03".to_vec();
    bin.extend_from_slice(GH_TOKEN.as_bytes());
    write_tree(d, &[("blob.bin", &bin), ("deploy/.env", b"API_KEY=abc\n")]);
    git(d, &["add", "-A"]);
    let (code, found, _) = staged(d);
    assert_eq!(
        (code, found),
        (1, vec!["deploy/.env:-:file-dotenv".to_string()])
    );
}

#[test]
fn the_message_says_what_to_do_and_never_the_secret() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    write_tree(d, &[("k.py", format!("K = '{GH_TOKEN}'\n").as_bytes())]);
    git(d, &["add", "k.py"]);
    let (code, out, err) = run_in(d, &["staged", "--color", "never"]);
    assert_eq!(code, 1);
    let all = format!("{out}{err}");
    assert!(
        all.contains("k.py:1:6") && all.contains("GitHub personal access token"),
        "{all}"
    );
    assert!(all.contains("ghp_Xf…fO"), "{all}");
    assert!(
        all.contains("hush:allow")
            && all.contains("hush baseline update")
            && all.contains("remove"),
        "{all}"
    );
    assert!(!all.contains(GH_TOKEN));
}

#[test]
fn outside_a_repository_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run_in(dir.path(), &["staged"]);
    assert_eq!(code, 2);
    assert!(err.contains("not in a git repository"), "{err}");
}

#[test]
fn hook_install_blocks_a_commit_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    let (code, out, err) = run_in(d, &["hook", "install"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("pre-commit"));
    let (code, _, err) = run_in(d, &["hook", "install"]);
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(run_in(d, &["hook", "install", "--force"]).0, 0);
    // The hook runs: a secret is refused, clean code passes. PATH may hold no `hush`: the hook then
    // uses the binary that installed it.
    write_tree(d, &[("k.py", format!("K = '{GH_TOKEN}'\n").as_bytes())]);
    git(d, &["add", "k.py"]);
    let refused = std::process::Command::new("git")
        .args(["commit", "-q", "-m", "secret"])
        .current_dir(d)
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    assert!(!refused.status.success(), "the commit went through");
    write_tree(d, &[("k.py", b"K = os.environ['K']\n")]);
    git(d, &["add", "k.py"]);
    let ok = std::process::Command::new("git")
        .args(["commit", "-q", "-m", "clean"])
        .current_dir(d)
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

#[test]
fn runs_no_program_the_repositorys_config_names() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("repo");
    std::fs::create_dir(&d).unwrap();
    new_repo(&d);
    commit(&d, &[("a.py", b"x = 1\n"), ("b.py", b"y = 1\n")], "init");
    write_tree(&d, &[("a.py", format!("x = '{GH_TOKEN}'\n").as_bytes())]);
    git(&d, &["add", "a.py"]);
    git(&d, &["mv", "b.py", "c.py"]);
    // Set after staging (git add would run the filters), with the attributes in the work tree only.
    write_tree(&d, &[(".gitattributes", b"* filter=evil diff=evil\n")]);
    let marker = dir.path().join("marker");
    let script = dir.path().join("ran.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$0 $*\" >> '{}'\ncat\n", marker.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let s = script.to_str().unwrap();
    for key in [
        "core.fsmonitor",
        "core.pager",
        "diff.external",
        "diff.evil.textconv",
        "diff.evil.command",
        "filter.evil.clean",
        "filter.evil.smudge",
    ] {
        git(&d, &["config", key, s]);
    }
    // The trap works: git's own listing of the staged changes runs it.
    git(&d, &["diff", "--cached", "--raw"]);
    assert!(marker.exists(), "the marker script never ran under git");
    std::fs::remove_file(&marker).unwrap();
    let (code, found, err) = staged(&d);
    assert_eq!(found, ["a.py:1:github-pat-classic"], "{err}");
    assert_eq!(code, 1);
    assert!(
        !marker.exists(),
        "hush staged ran a program from the repository's config: {}",
        std::fs::read_to_string(&marker).unwrap_or_default()
    );
}
