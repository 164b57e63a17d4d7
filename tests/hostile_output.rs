//! Hostile input, round two: what hush prints and where it writes. File names and lines that try to
//! drive the terminal, `--output` pointed at things a rename must not replace, absurd `-j`, the
//! wording of incomplete scans, and a panic with a secret in scope.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

// ---- terminal injection -----------------------------------------------------------------------------

/// A line with each kind of sequence a terminal obeys: CSI (clear the screen), OSC ended by BEL
/// (window title) and by ST (OSC 52: write the clipboard), a carriage return that would hide the
/// start of the line, an 8-bit CSI (U+009B), DEL and a right-to-left override.
fn hostile_line() -> String {
    format!(
        "t = \"{GH_TOKEN}\" # \x1b[2J\x1b]0;pwned\x07 \x1b]52;c;aGVsbG8=\x1b\\ \r\u{9b}31m \x7f \u{202e}gnp.exe\n"
    )
}

/// File names with a newline (forging a report line), an ESC sequence and a carriage return.
const FORGED_NAME: &str = "b\nno secrets found\n.py";
const ESC_NAME: &str = "c\x1b[8m.py";
const CR_NAME: &str = "d\r.py";

fn hostile_tree(d: &Path) {
    let secret = format!("x = \"{GH_TOKEN}\"\n");
    write_tree(
        d,
        &[
            ("a.py", hostile_line().as_bytes()),
            (FORGED_NAME, secret.as_bytes()),
            (ESC_NAME, secret.as_bytes()),
            (CR_NAME, secret.as_bytes()),
            // A file over the size limit with an OSC in its name, for the notes on stderr (-v).
            ("e\x1b]0;x\x07.txt", &[b'a'; 4096]),
        ],
    );
}

/// The raw bytes of a run's stdout and stderr.
fn run_raw(dir: &Path, args: &[&str]) -> (i32, Vec<u8>, Vec<u8>) {
    let out = hush().args(args).current_dir(dir).output().unwrap();
    (out.status.code().unwrap_or(-1), out.stdout, out.stderr)
}

/// Characters a terminal may act on, other than the newline that ends each line.
fn controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c < ' ' && c != '\n')
                || ('\x7f'..='\u{9f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn text_formats_escape_control_characters_in_names_and_lines() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    hostile_tree(d);
    for format in ["human", "github"] {
        let args = [
            "scan",
            ".",
            "--no-config",
            "-v",
            "--color",
            "never",
            "--format",
            format,
            "--max-file-size",
            "1000",
        ];
        let (code, out, err) = run_raw(d, &args);
        let (out, err) = (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        );
        assert_eq!(code, 1, "{format}: {err}");
        assert_eq!(controls(&out), [], "{format} stdout:\n{out}");
        assert_eq!(controls(&err), [], "{format} stderr:\n{err}");
        // Escaped where they were, visibly.
        for shown in [
            "\\x1b[2J\\x1b]0;pwned\\x07",
            "\\x1b]52;c;aGVsbG8=\\x1b\\",
            "\\r\\u{9b}31m \\x7f \\u{202e}gnp.exe",
            "b\\nno secrets found\\n.py",
            "c\\x1b[8m.py",
            "d\\r.py",
        ] {
            assert!(out.contains(shown), "{format}: lacks {shown:?}:\n{out}");
        }
        assert!(
            err.contains("hush: note: e\\x1b]0;x\\x07.txt: skipped"),
            "{format}: {err}"
        );
        // The forged line is nowhere a line of its own.
        assert!(
            out.lines()
                .chain(err.lines())
                .all(|l| !l.starts_with("no secrets found")),
            "{format}:\n{out}{err}"
        );
    }
    // In colour, hush's own sequences only: none of the file's.
    let (_, out, _) = run_raw(d, &["scan", ".", "--no-config", "--color", "always"]);
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("\x1b["), "coloured: {out}");
    for raw in [
        "\x1b[2J", "\x1b]", "\x07", "\r", "\u{9b}", "\u{202e}", "\x1b[8m", "\n.py",
    ] {
        assert!(!out.contains(raw), "coloured output holds {raw:?}: {out}");
    }
}

#[cfg(unix)]
#[test]
fn machine_formats_carry_no_raw_control_bytes_and_keep_names_exact() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    hostile_tree(d);
    for format in ["json", "jsonl", "sarif", "gitlab"] {
        let (code, out, err) = run_raw(d, &["scan", ".", "--no-config", "--format", format]);
        assert_eq!(code, 1, "{format}: {}", String::from_utf8_lossy(&err));
        let text = String::from_utf8(out).unwrap();
        assert_eq!(controls(&text), [], "{format}:\n{text}");
        if format == "jsonl" {
            assert_eq!(text.lines().count(), 4, "one line per finding:\n{text}");
        }
    }
    // JSON escapes rather than alters: the names and the line come back exactly.
    let (_, out, _) = run_raw(d, &["scan", ".", "--no-config", "--format", "json"]);
    let doc = json(&String::from_utf8(out).unwrap());
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.py", FORGED_NAME, ESC_NAME, CR_NAME]);
}

// ---- --output ---------------------------------------------------------------------------------------

fn one_secret_tree(d: &Path) {
    write_tree(d, &[("src/a.py", format!("T = '{GH_TOKEN}'\n").as_bytes())]);
}

/// `-o` a character device leaves it a device. As root this is a null device made for the test (a
/// rename over the system's /dev/null would break the machine if the test ever failed); otherwise
/// /dev/null itself, which only root could replace.
#[cfg(unix)]
#[test]
fn output_to_a_device_writes_into_it_and_leaves_it_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    one_secret_tree(d);
    let own = d.join("null");
    let made = is_root()
        && Command::new("mknod")
            .arg(&own)
            .args(["c", "1", "3"])
            .status()
            .is_ok_and(|s| s.success());
    let device = if made { own } else { "/dev/null".into() };
    let (code, out, err) = run_in(d, &["scan", "src", "-o", device.to_str().unwrap()]);
    assert_eq!((code, out.as_str(), err.as_str()), (1, "", ""));
    let kind = std::fs::symlink_metadata(&device).unwrap().file_type();
    assert!(
        kind.is_char_device(),
        "{} became {kind:?}",
        device.display()
    );
    let leftovers: Vec<_> = std::fs::read_dir(device.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".hush-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_updates_the_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    one_secret_tree(d);
    std::fs::create_dir(d.join("reports")).unwrap();
    std::fs::write(d.join("reports/latest.json"), "old").unwrap();
    std::os::unix::fs::symlink("reports/latest.json", d.join("report.json")).unwrap();
    let (code, _, err) = run_in(d, &["scan", "src", "--format", "json", "-o", "report.json"]);
    assert_eq!(code, 1, "{err}");
    let link = std::fs::symlink_metadata(d.join("report.json")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let written = std::fs::read_to_string(d.join("reports/latest.json")).unwrap();
    assert_eq!(triples(&json(&written)), ["a.py:1:github-pat-classic"]);
}

#[cfg(unix)]
#[test]
fn output_to_a_fifo_reaches_its_reader() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    one_secret_tree(d);
    let fifo = d.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // The reader: blocks until a writer opens the FIFO, then reads to its end.
    let mut reader = Command::new("cat")
        .arg(&fifo)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let (code, _, err) = run_in(d, &["scan", "src", "--format", "jsonl", "-o", "pipe"]);
    assert_eq!(code, 1, "{err}");
    // A rename would leave the reader waiting on the old FIFO forever: give up after a while.
    let deadline = Instant::now() + Duration::from_secs(20);
    while reader.try_wait().unwrap().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    if reader.try_wait().unwrap().is_none() {
        let _ = reader.kill();
        let _ = reader.wait();
        panic!("the FIFO's reader never got the report");
    }
    let out = reader.wait_with_output().unwrap();
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("\"rule_id\":\"github-pat-classic\""),
        "{report}"
    );
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO became {kind:?}");
}

/// `-o` naming standard output: the report arrives on it, whatever it is (a pipe, a file).
#[cfg(target_os = "linux")]
#[test]
fn output_to_stdout_by_name_reaches_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    one_secret_tree(d);
    // A link of our own to this process's stdout, and the system's names for it.
    std::os::unix::fs::symlink("/proc/self/fd/1", d.join("me")).unwrap();
    for name in ["me", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"] {
        let (code, out, err) = run_in(d, &["scan", "src", "--format", "jsonl", "-o", name]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(
            out.contains("github-pat-classic"),
            "{name}: stdout {out:?}, stderr {err}"
        );
        // Standard output redirected to a file, as `hush -o /dev/stdout > file` does.
        let file = d.join("redirected.txt");
        let status = hush()
            .args(["scan", "src", "--format", "jsonl", "-o", name])
            .current_dir(d)
            .stdout(std::fs::File::create(&file).unwrap())
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(1), "{name}");
        let written = std::fs::read_to_string(&file).unwrap();
        assert!(
            written.contains("github-pat-classic"),
            "{name}: {written:?}"
        );
    }
    assert!(
        std::fs::symlink_metadata(d.join("me"))
            .unwrap()
            .is_symlink()
    );
}

// ---- -j ---------------------------------------------------------------------------------------------

#[test]
fn absurd_thread_counts_are_capped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    one_secret_tree(d);
    let (code, out, err) = run_in(d, &["scan", "src", "--no-config", "-j", "5000"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("a.py:1:"), "{out}");
    assert!(err.contains("hush: note: -j 5000 capped at "), "{err}");
    // Within the cap: no note.
    let (code, _, err) = run_in(d, &["scan", "src", "--no-config", "-j", "2"]);
    assert_eq!((code, err.as_str()), (1, ""));
}

// ---- messages ---------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn an_incomplete_scan_leads_with_it_and_names_each_path_once_relative() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(
        d,
        &[
            ("tree/open/readme.txt", b"nothing\n"),
            ("tree/open/shut.txt", b"nothing\n"),
            ("tree/locked/app.py", b"nothing\n"),
        ],
    );
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    for (p, m) in [
        ("", 0o755),
        ("tree", 0o755),
        ("tree/open", 0o755),
        ("tree/open/readme.txt", 0o644),
        ("tree/open/shut.txt", 0o000),
        ("tree/locked", 0o000),
    ] {
        mode(&d.join(p), m).unwrap();
    }
    let absolute = d.join("tree").to_string_lossy().into_owned();
    // Each path once, relative to the current directory (issue 17.5): paste-able from the shell.
    let runs = [
        (
            "tree/",
            run_unprivileged(d, &["scan", "tree", "--no-config"]),
        ),
        (
            "tree/",
            run_unprivileged(d, &["scan", &absolute, "--no-config"]),
        ),
        (
            "",
            run_unprivileged(&d.join("tree"), &["scan", ".", "--no-config"]),
        ),
    ];
    let github = run_unprivileged(d, &["scan", "tree", "--no-config", "--format", "github"]);
    mode(&d.join("tree/locked"), 0o755).unwrap();
    for (at, (code, out, err)) in runs {
        assert_eq!(code, 2, "{out}{err}");
        let first = out.lines().next().unwrap_or_default();
        assert_eq!(
            first, "scan incomplete: 2 errors (see stderr); no secrets found in what was read",
            "{out}"
        );
        assert!(!out.contains("\nno secrets found"), "{out}");
        let errors: Vec<&str> = err.lines().collect();
        assert_eq!(
            errors,
            [
                format!("hush: error: {at}locked: cannot read: Permission denied (os error 13)"),
                format!(
                    "hush: error: {at}open/shut.txt: cannot read: Permission denied (os error 13)"
                ),
            ],
            "{err}"
        );
    }
    let (code, out, _) = github;
    assert_eq!(code, 2);
    assert!(
        out.starts_with(
            "::notice title=hush summary::scan incomplete: 2 errors (see the log); no secrets \
             found in what was read; scanned 1 file\n"
        ),
        "{out}"
    );
}

#[test]
fn counts_of_one_are_singular() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("a.txt", b"hello\n"), ("b.txt", &[b'b'; 2000])]);
    let limit = ["--max-file-size", "1000"];
    let (code, out, err) = run_in(d, &[&["scan", ".", "--no-config"][..], &limit].concat());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\nscanned 1 file (6 B) in "), "{out}");
    assert!(
        out.contains("; skipped 1: 1 over the size limit\n"),
        "{out}"
    );
    let args = [
        &["scan", ".", "--no-config", "--format", "json"][..],
        &limit,
    ]
    .concat();
    let (_, _, err) = run_in(d, &args);
    assert_eq!(
        err,
        "hush: note: 1 file skipped (run with -v to list them)\n"
    );
}

#[test]
fn github_format_begins_with_one_summary_notice() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(
        d,
        &[
            (
                "a.py",
                format!("T = '{GH_TOKEN}'\nU = '{GH_TOKEN_2}'\n").as_bytes(),
            ),
            ("b.txt", b"clean\n"),
        ],
    );
    let (code, out, err) = run_in(d, &["scan", ".", "--no-config", "--format", "github"]);
    assert_eq!(code, 1, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "::notice title=hush summary::2 secrets found in 1 file (2 high, 0 medium, 0 low \
         confidence); scanned 2 files"
    );
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.starts_with("::error file=a.py,")),
        "{out}"
    );
    // Clean: the notice still says what was scanned; -q drops it.
    std::fs::remove_file(d.join("a.py")).unwrap();
    let (code, out, _) = run_in(d, &["scan", ".", "--no-config", "--format", "github"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "::notice title=hush summary::no secrets found; scanned 1 file\n"
    );
    let (_, out, _) = run_in(d, &["scan", ".", "--no-config", "--format", "github", "-q"]);
    assert_eq!(out, "");
}

#[test]
fn in_colour_the_commit_of_a_history_finding_is_not_dimmed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(
        d,
        &[("a.py", format!("T = '{GH_TOKEN}'\n").as_bytes())],
        "add",
    );
    commit(d, &[("a.py", b"T = ''\n")], "remove");
    let (code, out, err) = run_in(d, &["git", ".", "--no-config", "--color", "always"]);
    assert_eq!(code, 1, "{err}");
    let line = out
        .lines()
        .find(|l| l.contains("by Alice Example <alice@example.org>"))
        .unwrap_or_else(|| panic!("no commit line:\n{out}"));
    assert!(line.contains("(only in history)"), "{line:?}");
    assert!(!line.contains('\x1b'), "styled: {line:?}");
}

// ---- panics -----------------------------------------------------------------------------------------

/// A debug build panics on purpose under HUSH_TEST_PANIC=1, with a secret in the panic message: the
/// hook withholds the message, and the run exits 2 with no report.
#[test]
fn a_panic_with_a_secret_in_scope_withholds_it_and_exits_2() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the test panic exists in debug builds only");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    one_secret_tree(d);
    let run = |details: &str| {
        let out = hush()
            .args(["scan", "src", "--no-config"])
            .current_dir(d)
            .env("HUSH_TEST_PANIC", "1")
            .env("HUSH_PANIC_DETAILS", details)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, err) = run("");
    assert_eq!(code, Some(2), "{out}{err}");
    assert_eq!(out, "", "no report after a panic");
    assert!(err.contains("hush: internal error (a bug) at "), "{err}");
    assert!(!err.contains(GH_TOKEN), "the secret leaked: {err}");
    assert!(!err.contains("panicked"), "the default hook ran: {err}");
    // The panic really quoted the secret: asking for details (on one's own machine) shows it.
    let (code, _, err) = run("1");
    assert_eq!(code, Some(2));
    assert!(err.contains(GH_TOKEN), "{err}");
}
