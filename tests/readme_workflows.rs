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

/// A one-layer `docker save` tarball holding `files`, for the README's `hush image app.tar`.
fn docker_save(files: &[(&str, &[u8])]) -> Vec<u8> {
    let tar = |members: &[(String, Vec<u8>)]| {
        let mut b = tar::Builder::new(Vec::new());
        for (name, data) in members {
            let mut h = tar::Header::new_gnu();
            h.set_mode(0o644);
            h.set_size(data.len() as u64);
            b.append_data(&mut h, name, data.as_slice()).unwrap();
        }
        b.into_inner().unwrap()
    };
    let layer = tar(&files
        .iter()
        .map(|(n, d)| (n.to_string(), d.to_vec()))
        .collect::<Vec<_>>());
    // hush checks no digest of a `docker save` file: a stand-in id is enough.
    let id = "0".repeat(64);
    let config = format!(
        r#"{{"config":{{"Env":["PATH=/usr/bin"]}},"rootfs":{{"type":"layers","diff_ids":["sha256:{id}"]}}}}"#
    );
    let manifest =
        format!(r#"[{{"Config":"config.json","RepoTags":["app:1"],"Layers":["{id}/layer.tar"]}}]"#);
    tar(&[
        ("manifest.json".into(), manifest.into_bytes()),
        ("config.json".into(), config.into_bytes()),
        (format!("{id}/layer.tar"), layer),
    ])
}

#[test]
fn every_command_example_in_the_use_section_runs() {
    let (_dir, work) = project();
    // The image the README's `hush image app.tar` names, as `docker save app:1 -o app.tar` writes it.
    std::fs::write(
        work.join("app.tar"),
        docker_save(&[("srv/app.py", b"print('hello')\n")]),
    )
    .unwrap();
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

/// The commands between backticks on the first line of `text` that contains `marker`.
fn backticked_after(text: &str, marker: &str) -> Vec<String> {
    let line = text
        .lines()
        .find(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("no line with {marker:?} in:\n{text}"));
    let line = &line[line.find(marker).unwrap()..];
    line.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn the_plain_hook_workflow_blocks_a_secret_and_its_printed_ways_out_work() {
    let (_dir, work) = project();
    assert!(readme().contains("`hush hook install`"));
    let out = sh(&work, "hush hook install", &[]);
    assert!(out.status.success(), "{}", text(&out));

    // A clean commit: the hook says nothing.
    write_tree(&work, &[("src/util.py", b"def f():\n    return 1\n")]);
    sh(&work, "git add src/util.py", &[]);
    let out = sh(&work, "git commit -q -m util", &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(text(&out), "", "a passing hook printed something");

    // A secret: refused, with the ways out; the baseline one, run as printed, lets it through.
    write_tree(
        &work,
        &[("src/client.py", format!("T = '{GH_TOKEN_2}'\n").as_bytes())],
    );
    sh(&work, "git add src/client.py", &[]);
    let out = sh(&work, "git commit -q -m client", &[]);
    let said = text(&out);
    assert!(!out.status.success(), "the commit went through:\n{said}");
    assert!(said.contains("src/client.py:1:"), "{said}");
    assert!(!said.contains(GH_TOKEN_2), "{said}");
    let accept = backticked_after(&said, "accept it as known");
    assert_eq!(
        accept,
        ["hush baseline update --staged", "git add .secrets.baseline"],
        "{said}"
    );
    for cmd in &accept {
        let out = sh(&work, cmd, &[]);
        assert!(out.status.success(), "`{cmd}`:\n{}", text(&out));
    }
    let out = sh(&work, "git commit -q -m client", &[]);
    assert!(out.status.success(), "{}", text(&out));

    // The inline way: a `hush:allow` comment on the secret's line.
    write_tree(
        &work,
        &[(
            "src/fixture.py",
            format!("T = '{GH_TOKEN_2}x'  # hush:allow test data\n").as_bytes(),
        )],
    );
    sh(&work, "git add src/fixture.py", &[]);
    let out = sh(&work, "git commit -q -m fixture", &[]);
    assert!(out.status.success(), "{}", text(&out));

    // `hush hook uninstall` removes the hook it wrote, and only that one.
    let out = sh(&work, "hush hook uninstall", &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!work.join(".git/hooks/pre-commit").exists());
    std::fs::write(work.join(".git/hooks/pre-commit"), "#!/bin/sh\nexit 0\n").unwrap();
    let out = sh(&work, "hush hook uninstall", &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(work.join(".git/hooks/pre-commit").exists());
}

/// The shell lines of the README's CI snippets (GitHub `run:` steps, GitLab `script:` items), with
/// GitHub's expression for the base branch read from the environment as the runner provides it.
/// The `cargo install` lines are left out: the hush under test is already on PATH.
fn ci_scripts() -> Vec<(String, String)> {
    let readme = readme();
    let mut out = Vec::new();
    for (lang, heading, body) in blocks(&readme) {
        if lang != "yaml" || !heading.starts_with("2. CI gate") {
            continue;
        }
        let mut lines = Vec::new();
        let mut in_script = false;
        for l in body.lines() {
            let t = l.trim_start();
            let step = t.strip_prefix("- ").unwrap_or(t);
            let cmd = if let Some(c) = step.strip_prefix("run: ") {
                Some(c)
            } else if t == "script:" {
                in_script = true;
                None
            } else if in_script {
                t.strip_prefix("- ")
            } else {
                None
            };
            if let Some(c) = cmd {
                if !c.contains("cargo install") {
                    lines.push(c.replace("${{ github.base_ref }}", "$GITHUB_BASE_REF"));
                }
            }
        }
        out.push((
            body.lines().next().unwrap_or("").to_string(),
            lines.join("\n"),
        ));
    }
    assert_eq!(out.len(), 2, "the README's GitHub and GitLab snippets");
    out
}

#[test]
fn the_readme_ci_gates_fail_a_branch_that_adds_a_secret_and_pass_one_that_merges_its_base() {
    let env = [
        ("GITHUB_BASE_REF", "main"),
        ("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main"),
    ];
    for (name, script) in ci_scripts() {
        assert!(script.contains("hush git"), "{name}: {script}");
        // A branch that adds a secret fails, and only the new secret is reported (main's is not
        // the branch's doing).
        let (_dir, work) = project();
        commit(
            &work,
            &[("src/client.py", format!("T = '{GH_TOKEN_2}'\n").as_bytes())],
            "client",
        );
        let out = sh(&work, &script, &env);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(1), "{name}:\n{script}\n{said}");
        assert!(said.contains("src/client.py"), "{name}: {said}");
        assert!(!said.contains("config/app.yml"), "{name}: {said}");

        // A clean branch that merges its base after the base gained a secret passes.
        let (_dir, work) = project();
        commit(&work, &[("src/util.py", b"X = 1\n")], "util");
        git(&work, &["checkout", "-q", "main"]);
        commit(
            &work,
            &[("deploy.sh", format!("export T={GH_TOKEN_2}\n").as_bytes())],
            "on main",
        );
        git(&work, &["push", "-q", "origin", "main"]);
        git(&work, &["checkout", "-q", "feature"]);
        git(&work, &["merge", "-q", "--no-edit", "main"]);
        let out = sh(&work, &script, &env);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}:\n{script}\n{}",
            text(&out)
        );
    }
}

#[test]
fn the_history_audit_accepts_a_rotated_secret_the_way_it_says() {
    let (_dir, work) = project();
    commit(
        &work,
        &[("config/app.yml", b"github:\n  token: ${GITHUB_TOKEN}\n")],
        "rotate",
    );
    let out = sh(&work, "hush git", &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("only in history"), "{said}");
    assert!(!said.contains("hush:allow"), "{said}");
    let ways = backticked_after(&said, "To accept one");
    assert_eq!(ways, ["hush baseline update --history"], "{said}");
    let out = sh(&work, &ways[0], &[]);
    assert!(out.status.success(), "{}", text(&out));
    let out = sh(&work, "hush git", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// A JWT (HS256) whose signature is random text: the `json-web-token` rule's kind of finding.
const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSJ9.Qk3vXgT9s2LrN8pYwZ4hJ6mC1aE5uD7fB0iK";

#[test]
fn the_readme_config_does_what_its_comments_say() {
    let readme = readme();
    let toml = blocks(&readme)
        .into_iter()
        .find(|(lang, _, body)| lang == "toml" && body.contains("[[rules]]"))
        .map(|(_, _, body)| body)
        .expect("the README's full config example");
    let (_dir, work) = project();
    write_tree(
        &work,
        &[
            ("src/token.py", format!("auth = '{JWT}'\n").as_bytes()),
            (
                "src/acme.py",
                b"k = acmekey_q1w2e3r4t5y6u7i8o9p0a1s2\n" as &[u8],
            ),
            (
                "tests/fixtures/gh.py",
                format!("T = '{GH_TOKEN_2}'\n").as_bytes(),
            ),
        ],
    );
    // Without the config: the JWT and the fixture are found, the custom key is not.
    let out = sh(
        &work,
        "hush scan src tests --format json --no-baseline",
        &[],
    );
    let found = triples(&json(&String::from_utf8_lossy(&out.stdout)));
    assert!(
        found.iter().any(|t| t.ends_with(":json-web-token")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|t| t.starts_with("tests/fixtures/")),
        "{found:?}"
    );
    assert!(!found.iter().any(|t| t.contains("acme")), "{found:?}");

    std::fs::write(work.join(".hush.toml"), &toml).unwrap();
    let out = sh(
        &work,
        "hush scan src tests --format json --no-baseline",
        &[],
    );
    let found = triples(&json(&String::from_utf8_lossy(&out.stdout)));
    assert_eq!(found, ["src/acme.py:1:acme-internal-key"], "{}", text(&out));
}
