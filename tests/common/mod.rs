//! Helpers for tests that drive the real `hush` binary in temporary directories.
#![allow(dead_code)]

pub mod tokens;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn hush() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hush"))
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs hush with `args` in `dir`; returns (exit code, stdout, stderr).
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out: Output = hush()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("hush runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes `files` (path, content) under `dir`, creating directories.
pub fn write_tree(dir: &Path, files: &[(&str, &[u8])]) {
    for (p, c) in files {
        let full = dir.join(p);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, c).unwrap();
    }
}

/// Parses `--format json` output.
pub fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

/// (path, line or "-", rule_id) of each finding.
pub fn triples(doc: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let line = f["line"]
                .as_u64()
                .map_or("-".to_string(), |l| l.to_string());
            format!(
                "{}:{}:{}",
                f["path"].as_str().unwrap(),
                line,
                f["rule_id"].as_str().unwrap()
            )
        })
        .collect();
    v.sort();
    v
}

pub const GH_TOKEN: &str = "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";
pub const GH_TOKEN_2: &str = "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";

/// Runs git in `dir`, panicking with its output on failure.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Alice Example")
        .env("GIT_AUTHOR_EMAIL", "alice@example.org")
        .env("GIT_COMMITTER_NAME", "Alice Example")
        .env("GIT_COMMITTER_EMAIL", "alice@example.org")
        .env("GIT_AUTHOR_DATE", "2024-01-02T03:04:05+00:00")
        .env("GIT_COMMITTER_DATE", "2024-01-02T03:04:05+00:00")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A new repository with an initial branch `main`.
pub fn new_repo(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "Alice Example"]);
    git(dir, &["config", "user.email", "alice@example.org"]);
    git(dir, &["config", "commit.gpgsign", "false"]);
}

/// Writes files, stages everything and commits; returns the commit id.
pub fn commit(dir: &Path, files: &[(&str, &[u8])], msg: &str) -> String {
    write_tree(dir, files);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "--allow-empty", "-m", msg]);
    git(dir, &["rev-parse", "HEAD"])
}

pub const SLACK_TOKEN: &str = "xoxb-111524493909-3668587840057-7u6yB54HkJlpobluliGGxGRJ";

/// Adds the local repository `sub` as a submodule of `main` at `at` (local file transport allowed).
pub fn add_submodule(main: &Path, sub: &Path, at: &str) {
    git(
        main,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            sub.to_str().unwrap(),
            at,
        ],
    );
}

/// Whether the tests run as root (then they can run hush as another user).
#[cfg(unix)]
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// Runs hush as the unprivileged user `nobody` (uid 65534), so that file permissions apply even when
/// the tests run as root. `None` when this process cannot switch users (it is not root).
#[cfg(unix)]
pub fn run_as_nobody(dir: &Path, args: &[&str]) -> Option<(i32, String, String)> {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    if !is_root() {
        return None;
    }
    // A copy of the binary in a directory anyone may enter: the build directory may sit under a
    // path that `nobody` cannot reach (a checkout in /root).
    let bin_dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(bin_dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = bin_dir.path().join("hush");
    std::fs::copy(env!("CARGO_BIN_EXE_hush"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    // The copy was just written: a process another test forks meanwhile can hold its write
    // descriptor for a moment, and exec then fails with "text file busy" (ETXTBSY). Retry.
    let mut tries = 0;
    let out = loop {
        match Command::new(&bin)
            .args(args)
            .current_dir(dir)
            .uid(65534)
            .gid(65534)
            .output()
        {
            Err(e) if e.raw_os_error() == Some(26) && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => break other.expect("hush runs as nobody"),
        }
    };
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// As [`run_as_nobody`] when the tests run as root; as this user otherwise.
#[cfg(unix)]
pub fn run_unprivileged(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run_as_nobody(dir, args).unwrap_or_else(|| run_in(dir, args))
}
