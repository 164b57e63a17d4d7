//! `hush git`: full-history audit and revision ranges, including the hard cases.

mod common;

use common::*;

fn findings(dir: &std::path::Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let mut all = vec!["git"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let (code, out, err) = run_in(dir, &all);
    (code, json(&out), err)
}

#[test]
fn history_attributes_each_secret_to_the_commit_that_introduced_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    let first = commit(
        d,
        &[(
            "app/settings.py",
            format!("TOKEN = '{GH_TOKEN}'\n").as_bytes(),
        )],
        "add token",
    );
    commit(
        d,
        &[(
            "app/settings.py",
            format!("TOKEN = '{GH_TOKEN}'\nDEBUG = 1\n").as_bytes(),
        )],
        "edit",
    );
    git(d, &["rm", "-q", "app/settings.py"]);
    commit(d, &[], "remove token");
    let fourth = commit(
        d,
        &[("b.py", format!("k = '{GH_TOKEN_2}'\n").as_bytes())],
        "add another",
    );
    let (code, doc, err) = findings(d, &["."]);
    assert_eq!(code, 1, "{err}");
    let f = doc["findings"].as_array().unwrap();
    assert_eq!(
        f.len(),
        2,
        "one finding per (path, secret), however many blobs hold it: {f:#?}"
    );
    assert_eq!(f[0]["path"], "app/settings.py");
    assert_eq!(f[0]["commit"], first.as_str());
    assert_eq!(f[0]["author"], "Alice Example");
    assert_eq!(f[0]["email"], "alice@example.org");
    assert_eq!(f[0]["date"], "2024-01-02T03:04:05+00:00");
    assert_eq!(f[0]["in_head"], false);
    assert_eq!(f[1]["path"], "b.py");
    assert_eq!(f[1]["commit"], fourth.as_str());
    assert_eq!(f[1]["in_head"], true);
    // Human output ends with the summary: still in HEAD versus only in history.
    let (_, out, _) = run_in(d, &["git", ".", "--color", "never"]);
    assert!(
        out.contains("1 distinct secret still in HEAD (1 finding): rotate it")
            && out.contains("1 distinct secret only in history (1 finding not in HEAD)"),
        "{out}"
    );
}

#[test]
fn each_distinct_blob_is_scanned_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    let content = format!("k = '{GH_TOKEN}'\n");
    commit(
        d,
        &[
            ("a/x.py", content.as_bytes()),
            ("b/y.py", content.as_bytes()),
        ],
        "same blob twice",
    );
    git(d, &["checkout", "-q", "-b", "other"]);
    commit(d, &[("c/z.py", content.as_bytes())], "and a third path");
    let (code, doc, _) = findings(d, &["."]);
    assert_eq!(code, 1);
    assert_eq!(doc["stats"]["blobs"], 1, "{doc}");
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a/x.py", "b/y.py", "c/z.py"]);
}

#[test]
fn every_ref_is_scanned_tags_stash_and_detached_head() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(d, &[("readme.txt", b"hello\n")], "init");
    // A branch that is merged nowhere, a tag on an orphan commit, a stash, and a detached HEAD.
    git(d, &["checkout", "-q", "-b", "feature"]);
    commit(
        d,
        &[("f.py", format!("t = '{GH_TOKEN}'\n").as_bytes())],
        "feature",
    );
    git(d, &["checkout", "-q", "main"]);
    git(d, &["checkout", "-q", "--orphan", "orphan"]);
    git(d, &["rm", "-rfq", "."]);
    commit(
        d,
        &[("o.py", format!("s = '{SLACK_TOKEN}'\n").as_bytes())],
        "orphan",
    );
    git(d, &["tag", "v1"]);
    git(d, &["checkout", "-q", "main"]);
    git(d, &["branch", "-D", "-q", "orphan"]);
    write_tree(d, &[("readme.txt", format!("{GH_TOKEN_2}\n").as_bytes())]);
    git(d, &["stash", "-q"]);
    let head = git(d, &["rev-parse", "HEAD"]);
    git(d, &["checkout", "-q", &head]);
    let (code, doc, err) = findings(d, &["."]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        triples(&doc),
        [
            "f.py:1:github-pat-classic",
            "o.py:1:slack-bot-token",
            "readme.txt:1:github-pat-classic"
        ]
    );
}

#[test]
fn ranges_and_since_scan_only_what_they_introduce() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    let base = commit(
        d,
        &[("old.py", format!("t = '{GH_TOKEN}'\n").as_bytes())],
        "old secret",
    );
    commit(
        d,
        &[("new.py", format!("s = '{SLACK_TOKEN}'\n").as_bytes())],
        "new secret",
    );
    let (code, doc, _) = findings(d, &[".", "--since", &base]);
    assert_eq!(code, 1);
    assert_eq!(triples(&doc), ["new.py:1:slack-bot-token"]);
    let (_, doc, _) = findings(d, &[".", &format!("{base}..HEAD")]);
    assert_eq!(triples(&doc), ["new.py:1:slack-bot-token"]);
    let (code, doc, _) = findings(d, &[".", "HEAD..HEAD"]);
    assert_eq!((code, triples(&doc).len()), (0, 0));
    let (code, _, err) = run_in(d, &["git", ".", "--since", "no-such-rev"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-rev"), "{err}");
}

#[test]
fn bare_repository_and_blocked_names_in_history() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("work");
    std::fs::create_dir(&d).unwrap();
    new_repo(&d);
    commit(
        &d,
        &[(".env", b"API_HOST=x\nDB_URL=postgres://u@h/db\n")],
        "oops",
    );
    git(&d, &["rm", "-q", ".env"]);
    commit(&d, &[], "remove");
    git(dir.path(), &["clone", "-q", "--bare", "work", "bare.git"]);
    let (code, doc, err) = findings(dir.path(), &["bare.git"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&doc), [".env:-:file-dotenv"]);
    assert_eq!(doc["findings"][0]["in_head"], false);
}

#[test]
fn empty_repository_is_clean_and_non_repository_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    new_repo(dir.path());
    let (code, doc, _) = findings(dir.path(), &["."]);
    assert_eq!(code, 0);
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0);
    let plain = tempfile::tempdir().unwrap();
    let (code, _, err) = run_in(plain.path(), &["git", "."]);
    assert_eq!(code, 2);
    assert!(err.contains("not a git repository"), "{err}");
    let (code, _, _) = run_in(plain.path(), &["git", "missing-dir"]);
    assert_eq!(code, 2);
}

#[test]
fn shallow_clone_scans_what_it_holds_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    new_repo(&src);
    commit(
        &src,
        &[("old.py", format!("t = '{GH_TOKEN}'\n").as_bytes())],
        "old",
    );
    git(&src, &["rm", "-q", "old.py"]);
    commit(
        &src,
        &[("new.py", format!("s = '{SLACK_TOKEN}'\n").as_bytes())],
        "new",
    );
    let url = format!("file://{}", src.display());
    git(
        dir.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = dir.path().join("shallow");
    let (code, out, err) = run_in(&shallow, &["git", ".", "--color", "never"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("shallow"), "{err}");
    assert!(out.contains("new.py") && !out.contains("old.py"), "{out}");
}

#[test]
fn submodules_are_not_followed_and_lfs_pointers_are_not_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    new_repo(&sub);
    commit(
        &sub,
        &[("s.py", format!("t = '{GH_TOKEN}'\n").as_bytes())],
        "sub secret",
    );
    let main = dir.path().join("main");
    std::fs::create_dir(&main).unwrap();
    new_repo(&main);
    add_submodule(&main, &sub, "vendor/sub");
    let lfs = b"version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";
    commit(&main, &[("assets/big.bin", lfs)], "submodule and lfs");
    let (code, out, err) = run_in(&main, &["git", ".", "--color", "never"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("submodule"), "{err}");
}

#[test]
fn missing_object_is_reported_the_scan_goes_on_and_exit_is_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(
        d,
        &[
            ("a.py", format!("t = '{GH_TOKEN}'\n").as_bytes()),
            ("b.txt", b"lost content\n"),
        ],
        "two files",
    );
    let lost = git(d, &["rev-parse", "HEAD:b.txt"]);
    std::fs::remove_file(d.join(".git/objects").join(&lost[..2]).join(&lost[2..])).unwrap();
    let (code, doc, err) = findings(d, &["."]);
    assert_eq!(
        code, 2,
        "an unreadable object is never a clean result: {err}"
    );
    assert!(err.contains(&lost), "{err}");
    assert_eq!(
        triples(&doc),
        ["a.py:1:github-pat-classic"],
        "the scan went on"
    );
}

#[test]
fn huge_blob_is_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    let mut big = vec![b'a'; 4096];
    big.extend_from_slice(format!("\n{GH_TOKEN}\n").as_bytes());
    commit(
        d,
        &[("big.txt", &big), (".hush.toml", b"max_file_size = 1024\n")],
        "big",
    );
    let (code, doc, err) = findings(d, &[".", "-v"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc["stats"]["skipped_large"], 1);
    assert!(
        err.contains("big.txt") && err.contains("size limit"),
        "{err}"
    );
}

#[test]
fn works_from_a_subdirectory_with_paths_from_the_work_tree_root() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    let base = commit(d, &[("app/readme.txt", b"hello\n")], "init");
    commit(
        d,
        &[(
            "app/deep/settings.py",
            format!("t = '{GH_TOKEN}'\n").as_bytes(),
        )],
        "secret",
    );
    // The configuration at the root applies too.
    commit(
        d,
        &[
            (
                ".hush.toml",
                b"[allowlist]\npaths = [\"app/deep/ignored.py\"]\n",
            ),
            (
                "app/deep/ignored.py",
                format!("s = '{SLACK_TOKEN}'\n").as_bytes(),
            ),
        ],
        "allowed",
    );
    let sub = d.join("app/deep");
    for args in [&[][..], &["."], &["--since", base.as_str()]] {
        let (code, doc, err) = findings(&sub, args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert_eq!(triples(&doc), ["app/deep/settings.py:1:github-pat-classic"]);
    }
    let (code, doc, err) = findings(d, &["app"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&doc), ["app/deep/settings.py:1:github-pat-classic"]);
}

/// A script that appends its name to `marker` when run.
fn marker_script(dir: &std::path::Path, marker: &std::path::Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("ran.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$0 $*\" >> '{}'\ncat\n", marker.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

#[test]
fn runs_nothing_the_audited_repositorys_config_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("repo");
    std::fs::create_dir(&d).unwrap();
    new_repo(&d);
    commit(
        &d,
        &[
            ("a.py", format!("t = '{GH_TOKEN}'\n").as_bytes()),
            (".gitattributes", b"* filter=evil diff=evil\n"),
        ],
        "init",
    );
    let marker = dir.path().join("marker");
    let script = marker_script(dir.path(), &marker);
    let s = script.to_str().unwrap();
    for (key, value) in [
        ("core.fsmonitor", s.to_string()),
        ("core.pager", s.to_string()),
        ("diff.external", s.to_string()),
        ("diff.evil.textconv", s.to_string()),
        ("diff.evil.command", s.to_string()),
        ("filter.evil.clean", s.to_string()),
        ("filter.evil.smudge", s.to_string()),
        ("filter.evil.process", s.to_string()),
        ("core.alternateRefsCommand", s.to_string()),
        ("uploadpack.packObjectsHook", s.to_string()),
    ] {
        git(&d, &["config", key, &value]);
    }
    // The trap works: git itself runs it.
    git(&d, &["status", "--short"]);
    assert!(marker.exists(), "the marker script never ran under git");
    std::fs::remove_file(&marker).unwrap();
    let (code, doc, err) = findings(&d, &["."]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&doc), ["a.py:1:github-pat-classic"]);
    assert!(
        !marker.exists(),
        "hush git ran a program from the repository's config: {}",
        std::fs::read_to_string(&marker).unwrap_or_default()
    );
}

#[test]
fn a_history_report_offers_the_way_out_that_works_there() {
    // A commit cannot take a `hush:allow` comment: the report offers the history baseline, and
    // following it lets the audit pass without the secret being written anywhere.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(
        d,
        &[("old.py", format!("k = '{GH_TOKEN}'\n").as_bytes())],
        "add",
    );
    git(d, &["rm", "-q", "old.py"]);
    commit(d, &[], "rotate");
    let (code, out, err) = run_in(d, &["git", ".", "--color", "never"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("hush baseline update --history"), "{out}");
    assert!(!out.contains("hush:allow"), "{out}");
    let (code, _, err) = run_in(d, &["baseline", "update", "--history"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run_in(d, &["git", ".", "--color", "never"]);
    assert_eq!(code, 0, "{out}{err}");
    let baseline = std::fs::read_to_string(d.join(".secrets.baseline")).unwrap();
    assert!(
        !baseline.contains(GH_TOKEN),
        "the baseline holds hashes only"
    );
}

#[test]
fn a_ref_to_a_missing_object_is_an_error_not_an_empty_history() {
    // A broken clone must not pass an audit as "no commits to scan", exit 0.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(d, &[("a.py", b"x = 1\n")], "first");
    std::fs::write(
        d.join(".git/refs/heads/ghost"),
        "0123456789abcdef0123456789abcdef01234567\n",
    )
    .unwrap();
    let (code, out, err) = run_in(d, &["git", "."]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("refs/heads/ghost points to an object the repository does not hold"),
        "{err}"
    );
    // Only the dangling ref: still an error, not an empty repository.
    git(d, &["symbolic-ref", "HEAD", "refs/heads/ghost"]);
    git(d, &["update-ref", "-d", "refs/heads/main"]);
    let (code, _, err) = run_in(d, &["git", "."]);
    assert_eq!(code, 2, "{err}");
}
