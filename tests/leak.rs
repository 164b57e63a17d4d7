//! Never the leak: hush must not become the place a secret escapes. Every command in every output
//! format, over the planted fixtures, prints no full secret on stdout or stderr, nor in an `--output`
//! file, unless `--show-secrets` is given; `Debug` of the types that hold a secret redacts; a panic
//! prints no message that could quote scanned content; and hush opens no network socket, ever.

mod common;

use std::path::Path;
use std::process::Command;

use clap::ValueEnum;
use common::*;

/// Every output format hush knows (new formats join the test by themselves).
fn formats() -> Vec<String> {
    hush::report::Format::value_variants()
        .iter()
        .map(|f| f.to_possible_value().unwrap().get_name().to_string())
        .collect()
}

/// The planted fixtures, copied into `dir` as a git repository: everything committed on `main`,
/// then staged again with a change to every file (so `hush staged` sees every secret as added).
fn planted_repo(dir: &Path) {
    let src = fixtures().join("planted");
    let status = Command::new("cp")
        .args(["-r", &format!("{}/.", src.display()), dir.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    // A secret whose second copy on the line is not a match (no `user:` before it): a context line
    // once printed that copy in clear (found by fuzzing).
    write_tree(
        dir,
        &[(
            "dup/copies.env",
            b"DB=https://replicator:PBYOGUTf9k3DhOI4AHFo@couchdb-cluster.acme.io/orders again PBYOGUTf9k3DhOI4AHFo\n",
        )],
    );
    new_repo(dir);
    git(dir, &["add", "-A"]);
}

/// The full secrets in the fixtures, as `--show-secrets` reports them (at least 8 characters).
fn secrets(dir: &Path) -> Vec<String> {
    let (code, out, err) = run_in(dir, &["scan", ".", "--format", "json", "--show-secrets"]);
    assert_eq!(code, 1, "{err}");
    let doc = json(&out);
    let mut v: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["line"].is_null())
        .map(|f| {
            f["secret"]
                .as_str()
                .expect("--show-secrets shows")
                .to_string()
        })
        .filter(|s| s.chars().count() >= 8)
        .collect();
    v.sort();
    v.dedup();
    assert!(
        v.len() >= 15,
        "the fixtures plant at least 15 secrets: {v:?}"
    );
    v
}

/// The places a secret could leak in one run's output, raw and JSON-escaped.
fn leaks<'a>(text: &str, secrets: &'a [String]) -> Vec<&'a str> {
    secrets
        .iter()
        .filter(|s| {
            let escaped = serde_json::to_string(s).unwrap();
            text.contains(s.as_str()) || text.contains(&escaped[1..escaped.len() - 1])
        })
        .map(String::as_str)
        .collect()
}

#[test]
fn no_command_or_format_prints_a_secret_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    planted_repo(d);
    let secrets = secrets(d);
    // Scan the working tree; the index (nothing committed yet: every staged line is added); then
    // commit and scan the history.
    let mut runs: Vec<Vec<String>> = Vec::new();
    for format in formats() {
        for verb in [&["scan", "."][..], &["staged"][..]] {
            for extra in [&[][..], &["-v"][..], &["--min-confidence", "high"][..]] {
                let mut args: Vec<String> = verb.iter().map(|s| s.to_string()).collect();
                args.extend([
                    "--format".into(),
                    format.clone(),
                    "--color".into(),
                    "always".into(),
                ]);
                args.extend(extra.iter().map(|s| s.to_string()));
                runs.push(args);
            }
        }
    }
    // --show-secrets is honoured by these formats only; the others never print a secret.
    let shows = |args: &[String]| {
        args.iter().any(|a| a == "--show-secrets")
            && args
                .windows(2)
                .any(|w| w[0] == "--format" && ["human", "json", "jsonl"].contains(&w[1].as_str()))
    };
    let check = |args: &[String]| {
        let shown = shows(args);
        let out_file = d.join(".hush-out");
        let _ = std::fs::remove_file(&out_file);
        let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = run_in(d, &all);
        assert!(code == 1, "{all:?}: exit {code}: {err}");
        let text = format!("{out}\n{err}");
        let leaked = leaks(&text, &secrets);
        if shown {
            assert!(!leaked.is_empty(), "{all:?} --show-secrets shows nothing");
        } else {
            assert!(
                leaked.is_empty(),
                "{all:?} prints {} secret(s)",
                leaked.len()
            );
        }
        // The same run written to a file with --output.
        all.extend(["--output", ".hush-out"]);
        let (code, out, err) = run_in(d, &all);
        assert_eq!(code, 1, "{all:?}: {err}");
        let written = std::fs::read_to_string(&out_file).unwrap();
        assert!(!written.is_empty() || !shown);
        let leaked = leaks(&format!("{written}{out}{err}"), &secrets);
        assert_eq!(leaked.is_empty(), !shown, "{all:?} with --output");
    };
    for args in &runs {
        check(args);
    }
    git(d, &["commit", "-qm", "planted"]);
    for format in formats() {
        let args: Vec<String> = ["git", ".", "--format", &format, "--color", "always"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        check(&args);
        let mut shown = args.clone();
        shown.push("--show-secrets".into());
        // Positive control: the check sees a secret when one is printed (JSON formats carry the
        // whole secret; human output shows it in place of the redacted form).
        check(&shown);
    }
    for args in &runs {
        if args[0] == "scan" {
            let mut shown = args.clone();
            shown.push("--show-secrets".into());
            check(&shown);
        }
    }
    // The baseline commands: what they print and the file they write hold hashes, never secrets.
    let baseline_runs: &[&[&str]] = &[
        &["baseline", "create", "."],
        &["baseline", "update", "."],
        &["baseline", "update", ".", "--check"],
        &["baseline", "audit", "--report"],
        &["baseline", "audit", "--report", "--json"],
        &["scan", ".", "--format", "json", "-v"],
    ];
    for args in baseline_runs {
        let (code, out, err) = run_in(d, args);
        assert!(code == 0 || code == 1, "{args:?}: exit {code}: {err}");
        let leaked = leaks(&format!("{out}{err}"), &secrets);
        assert!(
            leaked.is_empty(),
            "{args:?} prints {} secret(s)",
            leaked.len()
        );
    }
    let file = std::fs::read_to_string(d.join(".secrets.baseline")).unwrap();
    assert!(file.contains("hashed_secret"), "{file}");
    assert!(
        leaks(&file, &secrets).is_empty(),
        "the baseline holds a secret"
    );
}

#[test]
fn debug_of_secret_holding_types_redacts() {
    use hush::finding::{Confidence, Finding, Secret};
    let secret = GH_TOKEN;
    let s = Secret::new(secret.as_bytes());
    let f = Finding {
        rule_id: "github-pat-classic".into(),
        rule_name: "GitHub".into(),
        path: "a.py".into(),
        inner: None,
        line: Some(1),
        column: Some(1),
        end_line: Some(1),
        end_column: Some(41),
        secret: s.clone(),
        confidence: Confidence::High,
        validated: None,
        note: None,
        context: Some(format!("t = '{}'", s.redacted())),
        decoded: None,
        commit: None,
        known_real: false,
    };
    for text in [
        format!("{s:?}"),
        format!("{s}"),
        format!("{f:?}"),
        format!("{f:#?}"),
        format!("{:?}", vec![f.clone()]),
        format!("{:?}", Some(&f)),
    ] {
        assert!(!text.contains(secret), "{text}");
        assert!(text.contains("ghp_Xf"), "redacted, not dropped: {text}");
    }
    // The detector's matches hold offsets only.
    let rules = std::sync::Arc::new(
        hush::rule::load::load(&hush::rule::load::Selection::default()).unwrap(),
    );
    let mut d = hush::detect::Detector::new(rules);
    let text = format!("t = '{secret}'\n");
    let m = d.scan(text.as_bytes(), Default::default());
    assert_eq!(m.len(), 1);
    assert!(!format!("{m:?}").contains(secret));
}

/// When `HUSH_LEAK_PANIC_CHILD` is set, this test is the child: it panics with a secret in the
/// message under hush's panic hook. Otherwise it runs itself as that child and reads its stderr.
#[test]
fn a_panic_never_prints_its_message() {
    if std::env::var_os("HUSH_LEAK_PANIC_CHILD").is_some() {
        hush::cmd::panic::install_hook();
        let code = hush::cmd::panic::guard(|| {
            // The kind of panic Rust's standard library itself words with the data it was given.
            let s = format!("token={GH_TOKEN}é");
            let cut = s.len() - 1;
            let _ = &s[..cut];
            unreachable!()
        });
        assert_eq!(code, hush::exit::Exit::Error);
        std::process::exit(code as i32);
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "a_panic_never_prints_its_message", "--nocapture"])
        .env("HUSH_LEAK_PANIC_CHILD", "1")
        .env_remove(hush::cmd::panic::DETAILS_VAR)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("internal error"), "the hook ran: {err}");
    assert!(!err.contains(GH_TOKEN), "{err}");
}

// ---- no network -------------------------------------------------------------------------------------

/// `strace` to trace with, or `None` (then the test is skipped, except in CI, where it fails:
/// `.ci/run` installs strace).
fn strace() -> Option<&'static str> {
    let ok = Command::new("strace")
        .args(["-o", "/dev/null", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return Some("strace");
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "strace is missing or cannot trace in CI (.ci/run installs it)"
    );
    eprintln!("skipped: strace is not available or cannot trace here");
    None
}

/// The network syscalls of `program args` (run in `dir`) that open an internet socket.
fn inet_sockets(strace: &str, dir: &Path, program: &str, args: &[&str]) -> (i32, Vec<String>) {
    let log = dir.join(".strace.log");
    let status = Command::new(strace)
        .args(["-f", "-e", "trace=network", "-o"])
        .arg(&log)
        .arg(program)
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    std::fs::remove_file(&log).unwrap();
    let calls = text
        .lines()
        .filter(|l| l.contains("AF_INET") || l.contains("connect("))
        .map(str::to_string)
        .collect();
    (status.code().unwrap_or(-1), calls)
}

#[test]
fn hush_opens_no_network_socket() {
    let Some(strace) = strace() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    planted_repo(d);
    // Positive control: the trace sees a socket when one is opened.
    let (_, calls) = inet_sockets(
        strace,
        d,
        "python3",
        &["-c", "import socket; socket.socket(socket.AF_INET6)"],
    );
    assert!(!calls.is_empty(), "the strace check does not see sockets");
    let hush = env!("CARGO_BIN_EXE_hush");
    let (code, calls) = inet_sockets(strace, d, hush, &["staged"]);
    assert_eq!((code, calls), (1, vec![]), "staged");
    git(d, &["commit", "-qm", "planted"]);
    for args in [
        &["scan", "."][..],
        &["git", "."][..],
        &["rules", "list"][..],
        &["baseline", "create", "."][..],
    ] {
        let (code, calls) = inet_sockets(strace, d, hush, args);
        assert!(code == 0 || code == 1, "{args:?}: exit {code}");
        assert_eq!(calls, Vec::<String>::new(), "{args:?}");
    }
}
