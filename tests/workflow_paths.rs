//! Issue 17, items 3-5: piped input, renames of baselined files, and paths relative to where the user
//! stands (config globs anchored at the config file, printed paths paste-able from the shell).

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

fn line(token: &str) -> String {
    format!("token = '{token}'\n")
}

/// Runs hush in `dir` with `input` on its standard input: (exit code, stdout, stderr).
fn run_piped(dir: &Path, args: &[&str], input: &[u8]) -> (i32, String, String) {
    let mut child = hush()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hush runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        // hush may stop reading early (over the size limit): a broken pipe is not a failure here.
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// ---- 17.3: piped input -------------------------------------------------------------------------

#[test]
fn scan_dash_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = line(GH_TOKEN);
    let (code, out, err) = run_piped(
        dir.path(),
        &["scan", "-", "--format", "json"],
        input.as_bytes(),
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&json(&out)), ["<stdin>:1:github-pat-classic"]);
    let args = [
        "scan",
        "-",
        "--stdin-name",
        "conf/app.py",
        "--format",
        "json",
    ];
    let (code, out, err) = run_piped(dir.path(), &args, input.as_bytes());
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&json(&out)), ["conf/app.py:1:github-pat-classic"]);
    // Standard input together with files.
    write_tree(dir.path(), &[("a.py", line(GH_TOKEN_2).as_bytes())]);
    let args = ["scan", "-", "a.py", "--format", "json"];
    let (code, out, err) = run_piped(dir.path(), &args, input.as_bytes());
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        triples(&json(&out)),
        ["<stdin>:1:github-pat-classic", "a.py:1:github-pat-classic"]
    );
}

#[test]
fn dev_stdin_named_is_read_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let input = line(GH_TOKEN);
    let args = ["scan", "/dev/stdin", "--format", "json"];
    let (code, out, err) = run_piped(dir.path(), &args, input.as_bytes());
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&json(&out)), ["/dev/stdin:1:github-pat-classic"]);
}

#[test]
fn stdin_goes_through_filters_and_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A pragma on the line.
    let allowed = format!("token = '{GH_TOKEN}' # hush:allow\n");
    let (code, _, err) = run_piped(d, &["scan", "-"], allowed.as_bytes());
    assert_eq!(code, 0, "{err}");
    // The config's path allowlist, by the stdin name.
    write_tree(
        d,
        &[(".hush.toml", b"[allowlist]\npaths = [\"fixtures/**\"]\n")],
    );
    let args = ["scan", "-", "--stdin-name", "fixtures/x.py"];
    let (code, _, err) = run_piped(d, &args, line(GH_TOKEN).as_bytes());
    assert_eq!(code, 0, "{err}");
    let args = ["scan", "-", "--stdin-name", "src/x.py"];
    let (code, _, err) = run_piped(d, &args, line(GH_TOKEN).as_bytes());
    assert_eq!(code, 1, "{err}");
    // The baseline keys stdin's findings by its name: accepted as the file it names.
    write_tree(d, &[("src/x.py", line(GH_TOKEN).as_bytes())]);
    let (code, _, err) = run_in(d, &["baseline", "create"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run_piped(d, &args, line(GH_TOKEN).as_bytes());
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run_piped(d, &["scan", "-"], line(GH_TOKEN).as_bytes());
    assert_eq!(code, 1, "{err}");
}

#[test]
fn stdin_over_the_size_limit_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("{}{}", "x".repeat(4096), line(GH_TOKEN));
    let args = ["scan", "-", "--max-file-size", "1k", "-v"];
    let (code, out, err) = run_piped(dir.path(), &args, big.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("over the size limit"), "{out}");
}

#[test]
fn stdin_name_needs_dash() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run_in(dir.path(), &["scan", ".", "--stdin-name", "x.py"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--stdin-name"), "{err}");
}

#[cfg(unix)]
#[test]
fn named_fifo_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fifo = d.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let input = line(GH_TOKEN);
    // The writer blocks in open until hush opens the FIFO for reading.
    let writer = std::thread::spawn(move || std::fs::write(&fifo, input).unwrap());
    let (code, out, err) = run_in(d, &["scan", "pipe", "--format", "json"]);
    // Had hush not opened it, the writer would wait forever: a reader and writer of our own (which
    // never blocks on Linux) lets it finish, and the test fail instead of hang.
    let _unblock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(d.join("pipe"))
        .unwrap();
    writer.join().unwrap();
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&json(&out)), ["pipe:1:github-pat-classic"]);
}

#[cfg(unix)]
#[test]
fn fifo_inside_a_tree_stays_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("src/a.txt", b"nothing\n")]);
    let made = Command::new("mkfifo")
        .arg(d.join("src/pipe"))
        .status()
        .unwrap();
    assert!(made.success());
    let (code, out, err) = run_in(d, &["scan", "src", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["stats"]["skipped_other"], 1);
}

#[cfg(unix)]
#[test]
fn named_socket_is_an_error_not_a_skip() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let _listener = std::os::unix::net::UnixListener::bind(d.join("sock")).unwrap();
    let (code, out, err) = run_in(d, &["scan", "sock"]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("sock: cannot read"), "{err}");
}

/// A guard (this already held): a named symbolic link to a directory is walked, not skipped.
#[cfg(unix)]
#[test]
fn named_link_to_a_directory_is_walked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("real/a.py", line(GH_TOKEN).as_bytes())]);
    std::os::unix::fs::symlink("real", d.join("link")).unwrap();
    let (code, out, err) = run_in(d, &["scan", "link", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&json(&out)), ["a.py:1:github-pat-classic"]);
}

// ---- 17.4: a pure rename of a baselined file ----------------------------------------------------

/// A repository with a baselined secret in `src/old.py` (labelled a false positive) and a committed
/// baseline; returns the commit before the rename.
fn repo_with_baselined_file(d: &Path) -> String {
    new_repo(d);
    write_tree(d, &[("src/old.py", line(GH_TOKEN).as_bytes())]);
    let (code, _, err) = run_in(d, &["baseline", "create"]);
    assert_eq!(code, 0, "{err}");
    let path = d.join(".secrets.baseline");
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    doc["results"]["src/old.py"][0]["is_secret"] = serde_json::json!(false);
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    commit(d, &[], "init")
}

fn baseline_doc(d: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(d.join(".secrets.baseline")).unwrap()).unwrap()
}

#[test]
fn git_mv_of_a_baselined_file_passes_hook_and_ci_alike() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let before = repo_with_baselined_file(d);
    git(d, &["mv", "src/old.py", "src/new.py"]);
    let (code, _, err) = run_in(d, &["staged"]);
    assert_eq!(code, 0, "hook: {err}");
    git(d, &["commit", "-q", "-m", "rename"]);
    let (code, out, err) = run_in(d, &["scan", "."]);
    assert_eq!(code, 0, "scan: {out}{err}");
    let (code, out, err) = run_in(d, &["git", ".", "--since", &before]);
    assert_eq!(code, 0, "git --since: {out}{err}");
    let (code, out, err) = run_in(d, &["git", "."]);
    assert_eq!(code, 0, "git: {out}{err}");
    let (code, out, err) = run_in(d, &["baseline", "update", "--check"]);
    assert_eq!(code, 0, "update --check: {out}{err}");
    // `update` writes the new path with the old label (the old entry stays: the history holds it).
    let (code, out, err) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0, "update: {out}{err}");
    assert!(out.contains("1 moved to renamed files"), "{out}");
    let doc = baseline_doc(d);
    assert_eq!(doc["results"]["src/new.py"][0]["is_secret"], false, "{doc}");
    assert_eq!(doc["results"]["src/old.py"][0]["is_secret"], false, "{doc}");
    // And everything still agrees afterwards.
    for args in [
        &["scan", "."][..],
        &["git", "."],
        &["baseline", "update", "--check"],
    ] {
        let (code, out, err) = run_in(d, args);
        assert_eq!(code, 0, "{args:?}: {out}{err}");
    }
}

#[test]
fn outside_a_repository_update_moves_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("src/old.py", line(GH_TOKEN).as_bytes())]);
    let (code, _, err) = run_in(d, &["baseline", "create"]);
    assert_eq!(code, 0, "{err}");
    let mut doc = baseline_doc(d);
    doc["results"]["src/old.py"][0]["is_secret"] = serde_json::json!(true);
    std::fs::write(
        d.join(".secrets.baseline"),
        serde_json::to_vec_pretty(&doc).unwrap(),
    )
    .unwrap();
    std::fs::rename(d.join("src/old.py"), d.join("src/new.py")).unwrap();
    // Labelled real: reported (it must be rotated), but known: the run does not fail.
    let (code, out, err) = run_in(d, &["scan", ".", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(json(&out)["findings"][0]["baseline"], "real");
    let (code, out, err) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0, "{out}{err}");
    let doc = baseline_doc(d);
    let files: Vec<&String> = doc["results"].as_object().unwrap().keys().collect();
    assert_eq!(files, ["src/new.py"], "{doc}");
    assert_eq!(doc["results"]["src/new.py"][0]["is_secret"], true);
}

#[test]
fn a_copy_while_the_baselined_file_remains_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    repo_with_baselined_file(d);
    write_tree(d, &[("src/copy.py", line(GH_TOKEN).as_bytes())]);
    let (code, out, err) = run_in(d, &["scan", ".", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&json(&out)), ["src/copy.py:1:github-pat-classic"]);
    git(d, &["add", "src/copy.py"]);
    let (code, _, err) = run_in(d, &["staged"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, _) = run_in(d, &["baseline", "update", "--check"]);
    assert_eq!(code, 1);
}

#[test]
fn staged_rename_is_judged_against_the_index() {
    // The old file is still on disk (untracked copy), but gone from the index: the hook follows the
    // rename, as the commit it checks will hold only the new path.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    repo_with_baselined_file(d);
    git(d, &["mv", "src/old.py", "src/new.py"]);
    write_tree(d, &[("src/old.py", line(GH_TOKEN).as_bytes())]);
    // A second secret line in the renamed file is added by this change: only it fails.
    let two = format!("{}{}", line(GH_TOKEN), line(GH_TOKEN_2));
    write_tree(d, &[("src/new.py", two.as_bytes())]);
    git(d, &["add", "src/new.py"]);
    let (code, out, err) = run_in(d, &["staged", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&json(&out)), ["src/new.py:2:github-pat-classic"]);
}

// ---- 17.5: paths relative to where the user stands ------------------------------------------------

fn repo_with_fixtures(d: &Path) {
    new_repo(d);
    write_tree(
        d,
        &[
            ("tests/fixtures/gh.py", line(GH_TOKEN).as_bytes()),
            ("tests/unit/real.py", line(GH_TOKEN_2).as_bytes()),
            (
                ".hush.toml",
                b"[allowlist]\npaths = [\"tests/fixtures/**\"]\n",
            ),
        ],
    );
}

#[test]
fn config_globs_are_anchored_at_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    repo_with_fixtures(d);
    let expect = ["unit/real.py:1:github-pat-classic"];
    let (code, out, err) = run_in(d, &["scan", "tests", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&json(&out)), expect);
    let (code, out, err) = run_in(&d.join("tests"), &["scan", ".", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&json(&out)), expect);
    let (code, _, err) = run_in(&d.join("tests"), &["scan", "fixtures/gh.py"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run_in(&d.join("tests/fixtures"), &["scan", "."]);
    assert_eq!(code, 0, "{err}");
    // From the root, as before.
    let (code, out, err) = run_in(d, &["scan", ".", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        triples(&json(&out)),
        ["tests/unit/real.py:1:github-pat-classic"]
    );
    // History and staged changes, from a subdirectory.
    git(d, &["add", "-A"]);
    let (code, out, err) = run_in(&d.join("tests"), &["staged", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        triples(&json(&out)),
        ["tests/unit/real.py:1:github-pat-classic"]
    );
    git(d, &["commit", "-q", "-m", "x"]);
    let (code, out, err) = run_in(&d.join("tests"), &["git", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        triples(&json(&out)),
        ["tests/unit/real.py:1:github-pat-classic"]
    );
}

#[test]
fn human_paths_are_relative_to_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    repo_with_fixtures(d);
    std::fs::remove_file(d.join(".hush.toml")).unwrap();
    let (code, out, _) = run_in(d, &["scan", "tests", "--color", "never"]);
    assert_eq!(code, 1);
    assert!(out.contains("tests/fixtures/gh.py:1:"), "{out}");
    assert!(out.contains("tests/unit/real.py:1:"), "{out}");
    // From a subdirectory, history paths climb out of it.
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "x"]);
    let (code, out, _) = run_in(&d.join("tests/unit"), &["git", "--color", "never"]);
    assert_eq!(code, 1);
    assert!(out.contains("\n  ../fixtures/gh.py:1:"), "{out}");
    assert!(out.contains("\n  real.py:1:"), "{out}");
    // `hush scan ..` from a subdirectory.
    let (code, out, _) = run_in(&d.join("tests/unit"), &["scan", "..", "--color", "never"]);
    assert_eq!(code, 1);
    assert!(out.contains("../fixtures/gh.py:1:"), "{out}");
}

#[test]
fn machine_paths_do_not_depend_on_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    repo_with_fixtures(d);
    std::fs::remove_file(d.join(".hush.toml")).unwrap();
    // JSON: relative to the scanned directory (the contract), wherever hush runs from.
    let (_, out, _) = run_in(d, &["scan", "tests", "--format", "json"]);
    let (_, out2, _) = run_in(&d.join("tests/unit"), &["scan", "..", "--format", "json"]);
    assert_eq!(triples(&json(&out)), triples(&json(&out2)));
    assert!(triples(&json(&out))[0].starts_with("fixtures/gh.py"));
    // SARIF, GitHub and GitLab: relative to the repository root, which is what they resolve.
    let (_, out, _) = run_in(&d.join("tests"), &["scan", ".", "--format", "sarif"]);
    let doc = json(&out);
    let uris: Vec<&str> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"tests/fixtures/gh.py"), "{uris:?}");
    let (_, out, _) = run_in(
        &d.join("tests"),
        &["scan", "fixtures", "--format", "github"],
    );
    assert!(out.contains("file=tests/fixtures/gh.py"), "{out}");
}
