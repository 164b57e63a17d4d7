//! The README, followed as written (issue 17, "Done when"): every config example loads, every
//! `hush` command example runs, and the workflows it describes (the pre-commit hook, the CI range
//! gate, the history audit, the baseline and the config) work end to end in temporary repositories,
//! with the commands taken from README.md itself rather than retyped here.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::*;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// Every fenced block of the README: (language, heading above it, text).
fn blocks(text: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut heading = String::new();
    let mut open: Option<(String, String)> = None;
    for line in text.lines() {
        match &mut open {
            None => {
                if let Some(lang) = line.trim_start().strip_prefix("```") {
                    open = Some((lang.trim().to_string(), String::new()));
                } else if line.starts_with('#') {
                    heading = line.trim_start_matches('#').trim().to_string();
                }
            }
            Some((lang, body)) => {
                if line.trim_start().starts_with("```") {
                    out.push((lang.clone(), heading.clone(), std::mem::take(body)));
                    open = None;
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    out
}

/// A shell line without its trailing comment (`cmd   # what it does`).
fn strip_comment(line: &str) -> &str {
    match line.find(" #") {
        Some(i) => line[..i].trim_end(),
        None => line.trim_end(),
    }
}

/// The command lines of the README's `sh` blocks under `heading` (those that run hush or git).
fn sh_commands(text: &str, heading: &str) -> Vec<String> {
    let found: Vec<String> = blocks(text)
        .into_iter()
        .filter(|(lang, h, _)| lang == "sh" && h == heading)
        .flat_map(|(_, _, body)| {
            body.lines()
                .map(|l| strip_comment(l).to_string())
                .filter(|l| l.starts_with("hush ") || l.starts_with("git "))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(!found.is_empty(), "no sh commands under {heading:?}");
    found
}

/// The directory of the hush under test, first on PATH: the README's commands say `hush`.
fn path_env() -> std::ffi::OsString {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_hush"));
    let mut dirs = vec![bin.parent().unwrap().to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap()
}

/// Runs one README line through `sh`, as a user would paste it.
fn sh(dir: &Path, line: &str, envs: &[(&str, &str)]) -> Output {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(line)
        .current_dir(dir)
        .env("PATH", path_env())
        .env("GIT_AUTHOR_NAME", "Alice Example")
        .env("GIT_AUTHOR_EMAIL", "alice@example.org")
        .env("GIT_COMMITTER_NAME", "Alice Example")
        .env("GIT_COMMITTER_EMAIL", "alice@example.org")
        .env_remove("CI")
        .stdin(Stdio::null());
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().expect("sh runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A repository the README's commands can run in: a clone of `origin` (so `origin/main` exists)
/// whose `main` holds a committed secret in `config/app.yml` and a clean `src/`, and a branch
/// `feature` checked out.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed");
    std::fs::create_dir(&seed).unwrap();
    new_repo(&seed);
    commit(
        &seed,
        &[
            ("src/app.py", b"import os\nTOKEN = os.environ['TOKEN']\n"),
            (
                "config/app.yml",
                format!("github:\n  token: {GH_TOKEN}\n").as_bytes(),
            ),
        ],
        "first",
    );
    let origin = dir.path().join("origin.git");
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            "--bare",
            seed.to_str().unwrap(),
            origin.to_str().unwrap(),
        ],
    );
    let work = dir.path().join("work");
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            origin.to_str().unwrap(),
            work.to_str().unwrap(),
        ],
    );
    git(&work, &["config", "user.name", "Alice Example"]);
    git(&work, &["config", "user.email", "alice@example.org"]);
    git(&work, &["config", "commit.gpgsign", "false"]);
    git(&work, &["checkout", "-q", "-b", "feature"]);
    (dir, work)
}

#[test]
fn every_config_example_in_the_readme_loads_and_its_rules_pass_their_examples() {
    let readme = readme();
    let tomls: Vec<String> = blocks(&readme)
        .into_iter()
        .filter(|(lang, _, _)| lang == "toml")
        .map(|(_, _, body)| body)
        .collect();
    assert!(
        tomls.len() >= 2,
        "the README's config examples were not found"
    );
    for toml in tomls {
        let (_dir, work) = project();
        std::fs::write(work.join(".hush.toml"), &toml).unwrap();
        let scan = sh(&work, "hush scan src --format json", &[]);
        assert_eq!(
            scan.status.code(),
            Some(0),
            "this README config does not work as written:\n{toml}\n{}",
            text(&scan)
        );
        let check = sh(&work, "hush rules check --config .hush.toml", &[]);
        assert_eq!(
            check.status.code(),
            Some(0),
            "`hush rules check` fails on this README config:\n{toml}\n{}",
            text(&check)
        );
    }
}

#[test]
fn every_command_example_in_the_use_section_runs() {
    let (_dir, work) = project();
    for line in sh_commands(&readme(), "Use") {
        let out = sh(&work, &line, &[]);
        let code = out.status.code();
        // A finding is exit 1 (the project holds a committed secret); 2 would be the example
        // failing.
        assert!(
            code == Some(0) || code == Some(1),
            "README example `{line}` exits {code:?}:\n{}",
            text(&out)
        );
    }
}

#[test]
fn the_baseline_section_runs_top_to_bottom() {
    let (_dir, work) = project();
    let lines = sh_commands(
        &readme(),
        "Baseline: adopting hush on a repository that already has findings",
    );
    for line in &lines {
        let out = sh(&work, line, &[]);
        let code = out.status.code();
        assert!(
            code == Some(0),
            "README baseline step `{line}` exits {code:?} (every step should pass once the \
             baseline exists):\n{}",
            text(&out)
        );
    }
    // The workflow did what it says: the known secret passes, a new one fails.
    assert!(work.join(".secrets.baseline").is_file());
    write_tree(
        &work,
        &[("src/new.py", format!("T = '{GH_TOKEN_2}'\n").as_bytes())],
    );
    let out = sh(&work, "hush scan", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("src/new.py"), "{}", text(&out));
    assert!(!text(&out).contains("config/app.yml"), "{}", text(&out));
}
