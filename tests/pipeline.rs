//! One pipeline: `hush scan`, `hush git` and `hush staged` make the same decisions about the same
//! blobs (size, LFS pointers, binary content, blocked file names, detection, filters) and count
//! them the same way, because only the source differs.

mod common;

use common::*;
use std::path::Path;

/// The same files, as a tree on disk, as staged changes, and as one commit.
fn files(limit_breaker: usize) -> Vec<(String, Vec<u8>)> {
    let oid = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
    vec![
        (
            "app.py".into(),
            format!("TOKEN = '{GH_TOKEN}'\n").into_bytes(),
        ),
        // A blocked file name over the size limit: reported whatever its size.
        (".env".into(), "A=1\n".repeat(limit_breaker).into_bytes()),
        // A real LFS pointer (skipped alike) ...
        (
            "model.bin".into(),
            format!("version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize 42\n")
                .into_bytes(),
        ),
        // ... and a file that only starts like one: scanned.
        (
            "notes.txt".into(),
            format!("version https://git-lfs.github.com/spec/v1\ntoken = {SLACK_TOKEN}\n")
                .into_bytes(),
        ),
        ("img.png".into(), vec![0x89, b'P', b'N', b'G', 0, 0, 1, 2]),
        ("README.md".into(), b"nothing here\n".to_vec()),
    ]
}

fn write(dir: &Path, files: &[(String, Vec<u8>)]) {
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_slice()))
        .collect();
    write_tree(dir, &refs);
}

fn report(dir: &Path, args: &[&str]) -> (i32, Vec<String>, serde_json::Value) {
    let mut all = args.to_vec();
    all.extend([
        "--format",
        "json",
        "--max-file-size",
        "300",
        "--no-baseline",
    ]);
    let (code, out, err) = run_in(dir, &all);
    let doc = json(&out);
    assert!(code != 2, "{args:?}: {err}");
    (code, triples(&doc), doc["stats"].clone())
}

#[test]
fn scan_git_and_staged_decide_and_count_alike() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    write(d, &files(100));
    git(d, &["add", "-A"]);
    let staged = report(d, &["staged"]);
    let tree = report(d, &["scan", "."]);
    git(d, &["commit", "-q", "-m", "all"]);
    let history = report(d, &["git", "."]);

    let expected = [
        ".env:-:file-dotenv",
        "app.py:1:github-pat-classic",
        "notes.txt:2:slack-bot-token",
    ];
    for (name, (code, found, stats)) in [("scan", &tree), ("git", &history), ("staged", &staged)] {
        assert_eq!(*code, 1, "{name}");
        assert_eq!(found, &expected, "{name}");
        for (key, want) in [
            ("files", 6),
            ("blobs", 6),
            ("skipped_large", 1),
            ("skipped_lfs", 1),
            ("skipped_binary", 1),
            ("errors", 0),
        ] {
            assert_eq!(stats[key], want, "{name}: stats.{key} in {stats}");
        }
    }
    assert_eq!(tree.2["bytes"], history.2["bytes"]);
    assert_eq!(tree.2["bytes"], staged.2["bytes"]);
}

#[test]
fn every_command_takes_max_file_size_with_units() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    let big = format!("TOKEN = '{GH_TOKEN}'\n{}", "x".repeat(3000));
    commit(d, &[("big.py", big.as_bytes())], "big");
    for cmd in [
        &["scan", "."][..],
        &["git", "."],
        &["baseline", "create", "--force"],
    ] {
        let mut args = cmd.to_vec();
        args.extend(["--max-file-size", "2k"]);
        let (code, out, err) = run_in(d, &args);
        assert_eq!(code, 0, "{cmd:?} {out} {err}");
        let mut args = cmd.to_vec();
        args.extend(["--max-file-size", "1M"]);
        let (code, _, err) = run_in(d, &args);
        assert_ne!(code, 2, "{cmd:?} {err}");
    }
    write_tree(d, &[("big2.py", big.replace("x", "y").as_bytes())]);
    git(d, &["add", "big2.py"]);
    let (code, _, err) = run_in(d, &["staged", "--max-file-size", "2k"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = run_in(d, &["staged", "--max-file-size", "2M", "--no-baseline"]);
    assert_eq!(code, 1);
    let (code, _, err) = run_in(d, &["scan", ".", "--max-file-size", "2 parsecs"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown unit"), "{err}");
}

/// A staged blob over the size limit is sized by its object header, never read: the check costs
/// little memory however big the blob is.
#[cfg(target_os = "linux")]
#[test]
fn a_huge_staged_blob_is_never_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    let f = std::fs::File::create(d.join("huge.dat")).unwrap();
    f.set_len(300 << 20).unwrap();
    drop(f);
    git(d, &["add", "huge.dat"]);
    let (code, max_rss_kb) = peak_rss(d, &["staged", "--format", "json"]);
    assert_eq!(code, 0);
    assert!(
        max_rss_kb < 50 * 1024,
        "hush staged peaked at {max_rss_kb} KiB for a 300 MiB staged blob"
    );
}

/// Runs hush in `dir` and returns its exit code and peak resident set (KiB). A small Python parent
/// starts it: a child's peak counts the memory of the process it was spawned from (spawning shares
/// the parent's address space until exec), and the test process itself is large.
#[cfg(target_os = "linux")]
fn peak_rss(dir: &Path, args: &[&str]) -> (i32, i64) {
    let script = "import os, subprocess, sys\n\
        p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n\
        _, status, usage = os.wait4(p.pid, 0)\n\
        print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_hush"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace().map(|p| p.parse::<i64>().unwrap());
    (parts.next().unwrap() as i32, parts.next().unwrap())
}

#[cfg(unix)]
#[test]
fn non_utf8_paths_stay_distinct_through_the_baseline() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    let line = format!("TOKEN = '{GH_TOKEN}'\n");
    std::fs::write(d.join(std::ffi::OsStr::from_bytes(b"bad\xff.py")), &line).unwrap();
    let (code, _, err) = run_in(d, &["baseline", "create"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run_in(d, &["scan", "."]);
    assert_eq!(code, 0, "{err}");
    // The same secret in a file whose name differs in one invalid byte is a new finding.
    std::fs::write(d.join(std::ffi::OsStr::from_bytes(b"bad\xfe.py")), &line).unwrap();
    let (code, out, _) = run_in(d, &["scan", ".", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(triples(&json(&out)), ["bad\\xfe.py:1:github-pat-classic"]);
    // And in history, and staged.
    git(d, &["add", "-A"]);
    let (code, out, _) = run_in(d, &["staged", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(triples(&json(&out)), ["bad\\xfe.py:1:github-pat-classic"]);
    git(d, &["commit", "-q", "-m", "both"]);
    let (code, out, _) = run_in(d, &["git", ".", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(triples(&json(&out)), ["bad\\xfe.py:1:github-pat-classic"]);
}
