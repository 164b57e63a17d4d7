//! Hostile and broken input, end to end: each case has one clear outcome (exit code and message).
//! Trees first (links, special files, permissions, odd names and sizes), then repositories, then
//! configuration. Cases covered elsewhere: a missing object, a shallow clone, submodules and a huge
//! blob in tests/git.rs; binary files and a 10 MB line in tests/scan.rs.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// `hush scan` with JSON output in `dir`: (exit code, document, stderr).
fn scan_json(dir: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "--no-config"]);
    let (code, out, err) = run_in(dir, &all);
    assert!(!out.is_empty(), "no report (exit {code}); stderr:\n{err}");
    (code, json(&out), err)
}

fn secret_line() -> String {
    format!("token = '{GH_TOKEN}'\n")
}

// ---- trees ------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("real/app.py", secret_line().as_bytes())]);
    symlink("b", d.join("a")).unwrap();
    symlink("a", d.join("b")).unwrap();
    symlink("..", d.join("real/up")).unwrap();
    symlink(d, d.join("real/root")).unwrap();
    let (code, doc, err) = scan_json(d, &["."]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&doc), ["real/app.py:1:github-pat-classic"]);
    // A loop named on the command line: an error naming it, not a hang and not "clean".
    let (code, _, err) = run_in(d, &["scan", "a", "--no-config"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("a:") || err.contains("a "), "{err}");
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    let root = dir.path().join("root");
    write_tree(&outside, &[("leak.py", secret_line().as_bytes())]);
    write_tree(&root, &[("clean.txt", b"nothing here\n")]);
    std::os::unix::fs::symlink(&outside, root.join("dir-link")).unwrap();
    std::os::unix::fs::symlink(outside.join("leak.py"), root.join("file-link.py")).unwrap();
    let (code, doc, err) = scan_json(&root, &["."]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(triples(&doc), Vec::<String>::new());
    assert_eq!(doc["stats"]["files"], 1);
    // Named explicitly, a link to a file is followed: the user asked for that file.
    let (code, doc, _) = scan_json(&root, &["file-link.py"]);
    assert_eq!(code, 1);
    assert_eq!(triples(&doc), ["file-link.py:1:github-pat-classic"]);
}

/// Makes a FIFO with `mkfifo` (coreutils); returns false if it could not.
#[cfg(unix)]
fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs hush with a deadline: a scan that blocks on a FIFO fails the test instead of hanging it.
fn run_with_deadline(dir: &Path, args: &[&str], secs: u64) -> (i32, String, String) {
    let mut child = hush()
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed().as_secs() > secs {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("hush {args:?} still running after {secs} s: blocked");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_skipped_never_blocked_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("app.py", secret_line().as_bytes())]);
    assert!(mkfifo(&d.join("pipe")), "mkfifo failed");
    assert!(mkfifo(&d.join("pipe.env")), "mkfifo failed");
    // A character device: /dev/null's twin, where mknod is allowed (root); skipped otherwise.
    let dev = Command::new("mknod")
        .args([d.join("null").to_str().unwrap(), "c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    let (code, out, err) = run_with_deadline(d, &["scan", ".", "--format", "json", "-v"], 60);
    assert_eq!(code, 1, "{err}");
    let doc = json(&out);
    assert_eq!(triples(&doc), ["app.py:1:github-pat-classic"]);
    assert_eq!(doc["stats"]["files"], 1);
    assert_eq!(
        doc["stats"]["skipped_other"],
        if dev { 3 } else { 2 },
        "{err}"
    );
    // Named on the command line, they are read (the user asked for them), bounded, and never
    // waited on forever: a FIFO no one writes to is an error after a bounded wait, not a hang and
    // not a silent skip (issue 17.3).
    let (code, _, err) = run_with_deadline(d, &["scan", "pipe", "--no-config"], 60);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no process is writing"), "{err}");
    let args = ["scan", "/dev/zero", "--no-config", "--max-file-size", "1M"];
    let (code, out, err) = run_with_deadline(d, &args, 60);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("over the size limit"), "{out}");
    let (code, out, err) = run_with_deadline(d, &["scan", "/dev/null", "--no-config"], 60);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("scanned 1 file"), "{out}");
}

#[cfg(unix)]
#[test]
fn unreadable_directory_is_an_error_not_clean() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(
        d,
        &[
            ("open/readme.txt", b"nothing\n"),
            ("locked/app.py", secret_line().as_bytes()),
        ],
    );
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    mode(d, 0o755).unwrap();
    mode(&d.join("open"), 0o755).unwrap();
    mode(&d.join("open/readme.txt"), 0o644).unwrap();
    mode(&d.join("locked"), 0o000).unwrap();
    let args = ["scan", ".", "--no-config", "--format", "json"];
    let (code, out, err) = match run_as_nobody(d, &args) {
        Some(r) => r,
        None => {
            // Not root: permissions apply to this user already.
            run_in(d, &args)
        }
    };
    mode(&d.join("locked"), 0o755).unwrap();
    assert_eq!(code, 2, "an unreadable directory is never clean: {err}");
    assert!(err.contains("locked"), "{err}");
    assert_eq!(json(&out)["stats"]["files"], 1, "the rest was scanned");
}

#[cfg(unix)]
#[test]
fn files_that_vanish_or_change_mid_scan_are_handled() {
    // Best effort: a writer thread deletes, truncates and rewrites files while hush scans them. Every
    // run must end with a report and exit 0, 1 or 2 (never a crash, never a signal).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    let big = {
        let mut v = vec![b'a'; 8 << 20];
        v.extend_from_slice(secret_line().as_bytes());
        v
    };
    for round in 0..3 {
        for i in 0..200 {
            write_tree(&d, &[(&format!("f{i}.txt"), secret_line().as_bytes())]);
        }
        std::fs::write(d.join("big.txt"), &big).unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writer = {
            let (d, stop, big) = (d.clone(), stop.clone(), big.clone());
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let _ = std::fs::remove_file(d.join(format!("f{}.txt", i % 200)));
                    let f = std::fs::OpenOptions::new()
                        .write(true)
                        .open(d.join("big.txt"));
                    if let Ok(f) = f {
                        let _ = f.set_len(if i % 2 == 0 { 0 } else { big.len() as u64 });
                    }
                    i += 1;
                }
            })
        };
        let out = hush()
            .args(["scan", ".", "--format", "json", "--no-config"])
            .current_dir(&d)
            .output()
            .unwrap();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        writer.join().unwrap();
        let code = out.status.code();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(code, Some(0..=2)),
            "round {round}: exit {code:?} (a signal?): {err}"
        );
        json(&String::from_utf8_lossy(&out.stdout));
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_hundred_thousand_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("many");
    std::fs::create_dir(&d).unwrap();
    for i in 0..100_000 {
        std::fs::File::create(d.join(format!("{i:06}.txt"))).unwrap();
    }
    std::fs::write(d.join("050000.txt"), secret_line()).unwrap();
    let (code, doc, err) = scan_json(dir.path(), &["many"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(doc["stats"]["files"], 100_000);
    assert_eq!(triples(&doc), ["050000.txt:1:github-pat-classic"]);
}

#[cfg(unix)]
#[test]
fn invalid_utf8_paths_are_reported_escaped_and_distinct() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    for raw in [&b"bad\xffname.py"[..], b"bad\xfename.py"] {
        std::fs::write(
            dir.path().join(std::ffi::OsStr::from_bytes(raw)),
            secret_line(),
        )
        .unwrap();
    }
    let (code, doc, err) = scan_json(dir.path(), &["."]);
    assert_eq!(code, 1, "{err}");
    // Two files, two findings: a lossy U+FFFD made them one path.
    assert_eq!(
        triples(&doc),
        [
            "bad\\xfename.py:1:github-pat-classic",
            "bad\\xffname.py:1:github-pat-classic"
        ]
    );
    // The human report too.
    let (code, out, _) = run_in(dir.path(), &["scan", ".", "--color", "never"]);
    assert_eq!(code, 1);
    assert!(out.contains("bad\\xffname.py"), "{out}");
}

#[cfg(unix)]
#[test]
fn very_long_paths() {
    // 24 directories of 250 characters: a path of ~6,000 bytes, past PATH_MAX (4096). Built with
    // relative steps (mkdir + cd in bash; dash's cd refuses), since no absolute path that long can be
    // opened.
    let dir = tempfile::tempdir().unwrap();
    let seg = "d".repeat(250);
    let script = format!(
        "set -e; for i in $(seq 1 24); do mkdir {seg}; cd {seg}; done; printf \"%s\" \"$1\" > deep.py"
    );
    let ok = Command::new("bash")
        .args(["-c", &script, "bash", &secret_line()])
        .current_dir(dir.path())
        .status()
        .unwrap()
        .success();
    assert!(ok);
    write_tree(dir.path(), &[("shallow.py", secret_line().as_bytes())]);
    let (code, out, err) = run_with_deadline(
        dir.path(),
        &["scan", ".", "--format", "json", "--no-config"],
        120,
    );
    let doc = json(&out);
    let found = triples(&doc);
    assert!(found.contains(&"shallow.py:1:github-pat-classic".to_string()));
    // The deep file is either scanned, or reported as unreadable (and then the exit code says so).
    if found.len() == 2 {
        assert_eq!(code, 1, "{err}");
    } else {
        assert_eq!(
            code, 2,
            "a file that could not be read is never clean: {err}"
        );
        assert!(err.contains("dddd"), "{err}");
    }
}

#[test]
fn sparse_file_over_1_gb_is_skipped_by_the_size_limit_not_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(dir.path().join("huge.log")).unwrap();
    f.set_len((1 << 30) + 12345).unwrap(); // sparse: no disk blocks, no time
    drop(f);
    write_tree(dir.path(), &[("app.py", secret_line().as_bytes())]);
    let (code, doc, err) = scan_json(dir.path(), &[".", "-v"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(doc["stats"]["skipped_large"], 1);
    assert!(
        err.contains("huge.log") && err.contains("size limit"),
        "{err}"
    );
    assert_eq!(triples(&doc), ["app.py:1:github-pat-classic"]);
}

#[test]
fn utf16_files_with_a_bom_are_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("first line\r\n{}", secret_line());
    let utf16 = |le: bool| -> Vec<u8> {
        let mut out = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in text.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    };
    write_tree(
        dir.path(),
        &[("le.ps1", &utf16(true)), ("be.ps1", &utf16(false))],
    );
    let (code, doc, err) = scan_json(dir.path(), &["."]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        triples(&doc),
        ["be.ps1:2:github-pat-classic", "le.ps1:2:github-pat-classic"]
    );
    assert_eq!(doc["findings"][0]["column"], 10);
}

// ---- repositories -----------------------------------------------------------------------------------

/// Feeds a `git fast-import` stream to a new repository in `dir` (much faster than `git commit` for
/// large histories).
fn fast_import(dir: &Path, stream: &[u8]) {
    use std::io::Write;
    new_repo(dir);
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stream).unwrap();
    assert!(child.wait().unwrap().success(), "fast-import failed");
}

fn fi_data(out: &mut Vec<u8>, data: &[u8]) {
    out.extend_from_slice(format!("data {}\n", data.len()).as_bytes());
    out.extend_from_slice(data);
    out.push(b'\n');
}

fn fi_commit(
    out: &mut Vec<u8>,
    branch: &str,
    mark: usize,
    parents: &[usize],
    files: &[(&str, &[u8])],
) {
    out.extend_from_slice(format!("commit refs/heads/{branch}\nmark :{mark}\n").as_bytes());
    out.extend_from_slice(
        format!(
            "committer A <a@example.org> {} +0000\n",
            1_700_000_000 + mark
        )
        .as_bytes(),
    );
    fi_data(out, format!("commit {mark}").as_bytes());
    for (i, p) in parents.iter().enumerate() {
        let kw = if i == 0 { "from" } else { "merge" };
        out.extend_from_slice(format!("{kw} :{p}\n").as_bytes());
    }
    for (path, content) in files {
        out.extend_from_slice(format!("M 644 inline {path}\n").as_bytes());
        fi_data(out, content);
    }
    out.push(b'\n');
}

fn git_scan(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let mut args = vec!["git", ".", "--format", "json", "--no-config"];
    args.extend_from_slice(extra);
    let (code, out, err) = run_in(dir, &args);
    assert!(!out.is_empty(), "no report (exit {code}): {err}");
    (code, json(&out), err)
}

/// A repository whose history plants GH_TOKEN in `a.py` and SLACK_TOKEN in `b.py`, then packs it.
fn packed_repo(d: &Path) {
    new_repo(d);
    commit(d, &[("a.py", secret_line().as_bytes())], "one");
    for i in 0..20 {
        let filler = format!("filler {i}\n").repeat(200);
        commit(d, &[(&format!("f{i}.txt"), filler.as_bytes())], "filler");
    }
    commit(
        d,
        &[("b.py", format!("s = '{SLACK_TOKEN}'\n").as_bytes())],
        "two",
    );
    git(d, &["repack", "-adq"]);
    git(d, &["prune-packed"]);
}

#[test]
fn corrupt_pack_is_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    packed_repo(d);
    let pack = std::fs::read_dir(d.join(".git/objects/pack"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pack"))
        .expect("a pack");
    let mut bytes = std::fs::read(&pack).unwrap();
    // Keep the header; scramble the middle of the object data.
    let n = bytes.len();
    for b in &mut bytes[n / 4..n * 3 / 4] {
        *b ^= 0x5A;
    }
    std::fs::write(&pack, &bytes).unwrap();
    let (code, out, err) = run_in(d, &["git", ".", "--format", "json", "--no-config"]);
    assert_eq!(code, 2, "a corrupt pack is never clean: {out}{err}");
    assert!(err.contains("hush: error"), "{err}");
    assert!(!err.contains(GH_TOKEN) && !out.contains(GH_TOKEN));
}

#[test]
fn truncated_index_fails_staged_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(d, &[("a.txt", b"hello\n")], "one");
    write_tree(d, &[("b.py", secret_line().as_bytes())]);
    git(d, &["add", "b.py"]);
    let index = d.join(".git/index");
    let bytes = std::fs::read(&index).unwrap();
    std::fs::write(&index, &bytes[..bytes.len() / 2]).unwrap();
    let (code, out, err) = run_in(d, &["staged"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("index"), "the message names the index: {err}");
    // An empty index file: the same.
    std::fs::write(&index, b"").unwrap();
    let (code, _, err) = run_in(d, &["staged"]);
    assert!(code == 2 || code == 0, "{err}");
    // Garbage: the same.
    std::fs::write(&index, b"DIRC\0\0\0\x02garbage").unwrap();
    let (code, _, err) = run_in(d, &["staged"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("index"), "{err}");
}

#[test]
fn a_git_file_worktree_and_submodule_checkout() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main");
    std::fs::create_dir(&main).unwrap();
    new_repo(&main);
    commit(&main, &[("a.txt", b"hello\n")], "one");
    let wt = dir.path().join("wt");
    git(
        &main,
        &["worktree", "add", "-q", wt.to_str().unwrap(), "-b", "other"],
    );
    assert!(wt.join(".git").is_file(), "a worktree's .git is a file");
    write_tree(&wt, &[("leak.py", secret_line().as_bytes())]);
    git(&wt, &["add", "leak.py"]);
    let (code, out, err) = run_in(&wt, &["staged", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&json(&out)), ["leak.py:1:github-pat-classic"]);
    git(&wt, &["commit", "-qm", "leak"]);
    let (code, doc, err) = git_scan(&wt, &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&doc), ["leak.py:1:github-pat-classic"]);

    // A submodule checkout: its .git is a file pointing into the superproject's .git/modules.
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    new_repo(&sub);
    commit(&sub, &[("s.txt", b"sub\n")], "sub");
    add_submodule(&main, &sub, "vendor/sub");
    let checkout = main.join("vendor/sub");
    assert!(checkout.join(".git").is_file());
    write_tree(
        &checkout,
        &[("k.py", format!("s = '{SLACK_TOKEN}'\n").as_bytes())],
    );
    git(&checkout, &["add", "k.py"]);
    let (code, out, err) = run_in(&checkout, &["staged", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&json(&out)), ["k.py:1:slack-bot-token"]);
}

#[test]
fn replace_refs_and_grafts_never_hide_history() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(d, &[("old.py", secret_line().as_bytes())], "old secret");
    git(d, &["rm", "-q", "old.py"]);
    let b = commit(d, &[("b.txt", b"b\n")], "b");
    commit(d, &[("c.txt", b"c\n")], "c");
    // Replace B by a parentless copy: `git log` no longer shows the old secret's commit.
    git(d, &["replace", "--graft", &b]);
    let log = git(d, &["log", "--format=%s"]);
    assert!(!log.contains("old secret"), "{log}");
    let (code, doc, err) = git_scan(d, &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&doc), ["old.py:1:github-pat-classic"]);
    // The same with the older grafts file.
    git(d, &["replace", "-d", &b]);
    std::fs::write(d.join(".git/info/grafts"), format!("{b}\n")).unwrap();
    let (code, doc, err) = git_scan(d, &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(triples(&doc), ["old.py:1:github-pat-classic"]);
}

#[test]
fn a_hundred_thousand_commit_linear_history() {
    // Peak memory and time are measured in benches/hostile-repos.sh; here: it completes and finds
    // the planted secrets.
    const N: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let mut s = Vec::new();
    for i in 1..=N {
        let counter = format!("{i}\n");
        let mut files: Vec<(&str, &[u8])> = vec![("counter.txt", counter.as_bytes())];
        let first = secret_line();
        let middle = format!("s = '{SLACK_TOKEN}'\n");
        if i == 1 {
            files.push(("first.py", first.as_bytes()));
        }
        if i == N / 2 {
            files.push(("middle.py", middle.as_bytes()));
        }
        let parents: Vec<usize> = if i == 1 { vec![] } else { vec![i - 1] };
        fi_commit(&mut s, "main", i, &parents, &files);
    }
    fast_import(dir.path(), &s);
    let (code, doc, err) = git_scan(dir.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        triples(&doc),
        [
            "first.py:1:github-pat-classic",
            "middle.py:1:slack-bot-token"
        ]
    );
    assert_eq!(doc["stats"]["blobs"], N as u64 + 2);
}

#[test]
fn a_wide_merge_history() {
    // 2,000 branches off one root, merged one by one into main, and a 40-parent octopus merge.
    const BRANCHES: usize = 2_000;
    let dir = tempfile::tempdir().unwrap();
    let mut s = Vec::new();
    fi_commit(&mut s, "main", 1, &[], &[("root.txt", b"root\n")]);
    for b in 0..BRANCHES {
        let name = format!("b{b}/file.txt");
        let body = if b == 777 {
            secret_line()
        } else {
            format!("branch {b}\n")
        };
        fi_commit(
            &mut s,
            &format!("br{b}"),
            10 + b,
            &[1],
            &[(&name, body.as_bytes())],
        );
    }
    let mut prev = 1;
    for b in 0..BRANCHES {
        let mark = 10 + BRANCHES + b;
        let name = format!("b{b}/file.txt");
        let body = if b == 777 {
            secret_line()
        } else {
            format!("branch {b}\n")
        };
        fi_commit(
            &mut s,
            "main",
            mark,
            &[prev, 10 + b],
            &[(&name, body.as_bytes())],
        );
        prev = mark;
    }
    let octo: Vec<usize> = std::iter::once(prev)
        .chain((0..39).map(|b| 10 + b))
        .collect();
    let slack = format!("s = '{SLACK_TOKEN}'\n");
    fi_commit(
        &mut s,
        "main",
        10 + 2 * BRANCHES,
        &octo,
        &[("octo.py", slack.as_bytes())],
    );
    fast_import(dir.path(), &s);
    let (code, doc, err) = git_scan(dir.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        triples(&doc),
        [
            "b777/file.txt:1:github-pat-classic",
            "octo.py:1:slack-bot-token"
        ]
    );
}

// ---- configuration ----------------------------------------------------------------------------------

/// `hush scan .` in a directory holding `.hush.toml` = `config`: (exit code, stderr).
fn with_config(config: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(".hush.toml", config.as_bytes()), ("a.txt", b"x\n")],
    );
    let (code, _, err) = run_in(dir.path(), &["scan", "."]);
    (code, err)
}

#[test]
fn config_errors_are_exit_2_and_name_the_culprit() {
    let rule = |extra: &str| {
        format!("[[rules]]\nid = \"acme-key\"\nname = \"Acme\"\nkeywords = [\"acme_\"]\n{extra}\n")
    };
    let cases: Vec<(String, Vec<&str>)> = vec![
        // Wrong types.
        ("max_file_size = \"big\"\n".into(), vec!["max_file_size"]),
        ("disabled_rules = \"jwt\"\n".into(), vec!["disabled_rules"]),
        ("[allowlist]\npaths = [1, 2]\n".into(), vec!["paths"]),
        ("min_confidence = 3\n".into(), vec!["min_confidence"]),
        ("min_confidence = \"extreme\"\n".into(), vec!["min_confidence", "extreme"]),
        // Unknown keys, top level and nested.
        ("disabled_rule = [\"jwt\"]\n".into(), vec!["disabled_rule"]),
        ("[allowlist]\nvalue = [\"x\"]\n".into(), vec!["value"]),
        (rule("regex = 'acme_(x)'\nmultiline_ = true"), vec!["multiline_"]),
        // Not TOML at all.
        ("this is [not toml\n".into(), vec![".hush.toml"]),
        // Duplicate ids: twice in the config, and a built-in's id.
        (
            format!("{}{}", rule("regex = 'acme_(x)'"), rule("regex = 'acme_(y)'")),
            vec!["duplicate", "acme-key"],
        ),
        (
            "[[rules]]\nid = \"github-pat-classic\"\nname = \"x\"\nkeywords = [\"x\"]\nregex = 'x(y)'\n".into(),
            vec!["duplicate", "github-pat-classic"],
        ),
        // A regex that does not compile: the rule's id and the regex error.
        (rule("regex = 'acme_([a-z'"), vec!["acme-key", "regex", "unclosed"]),
        (rule("regex = 'acme_(x)'\nnear = { regex = '(' }"), vec!["acme-key", "near"]),
        // A rule with no capture for the secret.
        (rule("regex = 'acme_[a-z]{20}'"), vec!["acme-key", "capture"]),
        // Other rule mistakes.
        (rule("regex = 'acme_(x)'\nconfidence = \"sure\""), vec!["acme-key", "confidence"]),
        (rule("regex = 'acme_(x)'\nvalidator = \"magic\""), vec!["acme-key", "validator"]),
        (rule("regex = 'acme_(x)'\nid = \"Bad Id\""), vec!["id"]),
        ("[[rules]]\nid = \"x-y\"\nname = \"x\"\nregex = 'k(v)'\n".into(), vec!["x-y", "keyword"]),
        (rule("regex = '(a{1000}){1000}'"), vec!["acme-key", "regex"]),
        // Unknown rule ids, and a bad allowlist glob and regex.
        ("disabled_rules = [\"no-such-rule\"]\n".into(), vec!["no-such-rule"]),
        ("[allowlist]\npaths = [\"a/**b/[\"]\n".into(), vec!["allowlist"]),
        ("[allowlist]\nvalues = [\"(\"]\n".into(), vec!["allowlist"]),
    ];
    for (config, words) in cases {
        let (code, err) = with_config(&config);
        assert_eq!(code, 2, "config:\n{config}\nstderr: {err}");
        for w in words {
            assert!(
                err.contains(w),
                "config:\n{config}\nstderr lacks {w:?}: {err}"
            );
        }
        assert!(err.starts_with("hush: error"), "{err}");
    }
}

// ---- an error is never reported as clean --------------------------------------------------------------

#[test]
fn every_error_class_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let repo = d.join("repo");
    std::fs::create_dir(&repo).unwrap();
    new_repo(&repo);
    commit(&repo, &[("a.txt", b"clean\n")], "one");
    write_tree(
        d,
        &[
            ("bad.toml", b"nope = 1\n"),
            ("plain/a.txt", b"clean\n"),
            ("plain/b.py", secret_line().as_bytes()),
        ],
    );
    let cases: &[(&str, &[&str], &str)] = &[
        ("a path that does not exist", &["scan", "nope"], "nope"),
        (
            "one of several paths missing",
            &["scan", "plain", "nope"],
            "nope",
        ),
        (
            "a config file that does not exist",
            &["scan", "plain", "--config", "missing.toml"],
            "missing.toml",
        ),
        (
            "an invalid config file",
            &["scan", "plain", "--config", "bad.toml"],
            "nope",
        ),
        (
            "git outside a repository",
            &["git", "plain"],
            "not a git repository",
        ),
        ("git on a missing directory", &["git", "nope"], "nope"),
        (
            "an unknown revision",
            &["git", "repo", "--since", "no-such-rev"],
            "no-such-rev",
        ),
        ("an invalid range", &["git", "repo", "zz..yy"], "zz..yy"),
        (
            "--output into a missing directory",
            &["scan", "plain", "--output", "no/such/dir/out.json"],
            "no/such/dir",
        ),
        (
            "an unknown option",
            &["scan", "--no-such-flag"],
            "no-such-flag",
        ),
        (
            "an unknown format",
            &["scan", "plain", "--format", "yaml"],
            "yaml",
        ),
        (
            "an unknown rule to explain",
            &["rules", "explain", "no-such-rule"],
            "no-such-rule",
        ),
    ];
    for (what, args, word) in cases {
        let (code, out, err) = run_in(d, args);
        assert_eq!(code, 2, "{what}: {args:?}\nstdout: {out}\nstderr: {err}");
        assert!(err.contains(word), "{what}: stderr lacks {word:?}: {err}");
    }
    // `hush staged` outside a repository.
    let (code, _, err) = run_in(&d.join("plain"), &["staged"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not in a git repository"), "{err}");
    // Findings and an error together: still 2, and the findings are still reported.
    #[cfg(unix)]
    if is_root() {
        use std::os::unix::fs::PermissionsExt;
        write_tree(
            d,
            &[
                ("mixed/b.py", secret_line().as_bytes()),
                ("mixed/c.txt", b"x\n"),
            ],
        );
        for (p, m) in [
            (d, 0o755),
            (&d.join("mixed"), 0o755),
            (&d.join("mixed/b.py"), 0o644),
            (&d.join("mixed/c.txt"), 0o000),
        ] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
        }
        let (code, out, err) =
            run_as_nobody(d, &["scan", "mixed", "--format", "json", "--no-config"]).unwrap();
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("c.txt"), "{err}");
        assert_eq!(triples(&json(&out)), ["b.py:1:github-pat-classic"]);
    }
}

// ---- concurrency ------------------------------------------------------------------------------------

#[test]
fn concurrent_baseline_updates_never_corrupt_the_file() {
    // Rounds of two `hush baseline update` runs at once, each round after a change to the tree (a
    // secret added or removed), so that the file is rewritten every time. After every round the file
    // must be a whole, valid baseline with the entries of the current tree, and no temporary file may
    // be left behind.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("a.py", secret_line().as_bytes())]);
    let (code, _, err) = run_in(d, &["baseline", "create", ".", "--no-config"]);
    assert_eq!(code, 0, "{err}");
    for round in 0..12 {
        let extra = d.join("b.py");
        if round % 2 == 0 {
            std::fs::write(&extra, format!("s = '{SLACK_TOKEN}'\n")).unwrap();
        } else {
            std::fs::remove_file(&extra).unwrap();
        }
        let spawn = || {
            hush()
                .args(["baseline", "update", ".", "--no-config"])
                .current_dir(d)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "round {round}: {err}");
        }
        let text = std::fs::read_to_string(d.join(".secrets.baseline")).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("round {round}: corrupt baseline ({e}):\n{text}"));
        let files: Vec<&String> = doc["results"].as_object().unwrap().keys().collect();
        let want: &[&str] = if round % 2 == 0 {
            &["a.py", "b.py"]
        } else {
            &["a.py"]
        };
        assert_eq!(files, want, "round {round}");
        let leftovers: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
}

#[cfg(unix)]
#[test]
fn verbose_names_every_path_it_did_not_follow_or_read() {
    // A link inside the tree to a secret file outside it is not followed: `-v` must name it, so
    // that what was skipped is never unseen.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(
        d,
        &[
            ("tree/a.txt", b"nothing\n"),
            ("outside.env", secret_line().as_bytes()),
        ],
    );
    std::os::unix::fs::symlink("../outside.env", d.join("tree/link.env")).unwrap();
    assert!(mkfifo(&d.join("tree/pipe")), "mkfifo failed");
    let (code, out, err) = run_with_deadline(d, &["scan", "tree", "--no-config", "-v"], 60);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("link.env: skipped: not a regular file (a symbolic link, not followed)"),
        "{err}"
    );
    assert!(
        err.contains("pipe: skipped: not a regular file (a FIFO)"),
        "{err}"
    );
    assert!(out.contains("skipped 2"), "{out}");
}
