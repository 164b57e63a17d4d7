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
