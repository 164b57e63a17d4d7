//! Blobs dense with keyword hits: what the detector holds stays bounded by the blob's size (not by
//! its hits), and the hits still find what they should.

mod common;

use std::path::Path;
use std::process::Stdio;

use common::tokens::{Rng, aws_key_id};
use common::*;

/// `n` bytes of `AKIA` repeated (every 4 bytes a keyword of two rules), with `middle` at a word
/// boundary near the middle.
fn dense_akia(n: usize, middle: &str) -> Vec<u8> {
    let half = n / 2 / 4 * 4;
    let mut out = b"AKIA".repeat(half / 4);
    out.extend_from_slice(format!(" {middle} ").as_bytes());
    out.extend_from_slice(&b"AKIA".repeat((n - half) / 4));
    out
}

fn key_id() -> String {
    aws_key_id(&mut Rng::new(41), "AKIA", 123_456_789_012)
}

#[test]
fn a_key_id_among_millions_of_keyword_hits_is_found() {
    let key = key_id();
    let dir = tempfile::tempdir().unwrap();
    // 6 MB: many keyword-walk segments, with hits on both sides of the key's.
    write_tree(dir.path(), &[("dump.txt", &dense_akia(6 << 20, &key))]);
    let (code, out, err) = run_in(
        dir.path(),
        &["scan", ".", "--format", "json", "--show-secrets"],
    );
    assert_eq!(code, 1, "{err}");
    let doc = json(&out);
    let f = doc["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0]["rule_id"], "aws-access-key-id");
    assert_eq!(f[0]["secret"], key.as_str());
    assert_eq!(f[0]["column"], (6 << 20) / 2 + 2);
}

/// Runs hush to completion and returns (exit code, stdout, peak RSS in KiB) of that process alone.
// wait4 is the one call that gives this child's own peak RSS (getrusage's RUSAGE_CHILDREN mixes in
// every other test's children): it has no safe wrapper in the crate's dependencies.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
#[allow(clippy::zombie_processes)] // reaped by the wait4 below, which `Child` cannot see
fn run_measured(dir: &Path, args: &[&str]) -> (i32, String, u64) {
    let out_path = dir.join("out.json");
    let child = hush()
        .args(args)
        .current_dir(dir)
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("hush runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain integers, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are to live locals of the right types; `pid` is our unwaited child
    // (`Child` does not wait on drop), reaped here once.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let out = std::fs::read_to_string(&out_path).unwrap();
    // On Linux ru_maxrss is in KiB.
    (code, out, usage.ru_maxrss as u64)
}

#[cfg(target_os = "linux")]
#[test]
fn memory_is_bounded_by_the_blob_not_by_its_keyword_hits() {
    // 32 MB of `AKIA`: 16 million keyword hits. Before the hits were walked a segment at a time
    // they were all held (24 bytes each, and a sorted copy's growth): about 13 bytes per input
    // byte, 420 MB here. The bound is generous (the blob itself, twice, plus 100 MB for rules,
    // regexes and buffers): a memory bound, not a timing test.
    const N: usize = 32 << 20;
    let key = key_id();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tree")).unwrap();
    std::fs::write(dir.path().join("tree/dump.txt"), dense_akia(N, &key)).unwrap();
    let (code, out, kib) = run_measured(
        dir.path(),
        &["scan", "tree", "-j1", "--format", "json", "--no-config"],
    );
    assert_eq!(code, 1, "{out}");
    let doc = json(&out);
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1, "{doc:#}");
    let bound = (2 * N as u64 + (100 << 20)) >> 10;
    assert!(
        kib < bound,
        "peak RSS {} MB for a {} MB blob (bound {} MB)",
        kib >> 10,
        N >> 20,
        bound >> 10
    );
}
