//! The CI integrations, checked offline: the GitHub Action (`action.yml`), its example workflow
//! (`ci/github-workflow.yml`) and the GitLab CI template (`ci/hush.gitlab-ci.yml`) pass the schemas
//! `check-jsonschema` ships (GitHub's action and workflow schemas, GitLab CI's), and their scripts,
//! run as the CI systems run them against a small repository, scan what a pull request adds and
//! write the report.
//!
//! GitLab's own `secret-detection-report-format.json` is not in any registry this project reaches
//! (PyPI, npm, crates.io, Debian): hush's `--format gitlab` output is checked against GitLab's
//! documented requirements in tests/reports.rs instead.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn checkout() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `check-jsonschema` if installed; in CI (`CI` set) its absence is a failure (`.ci/run` installs it).
fn check_jsonschema() -> Option<Command> {
    let ok = Command::new("check-jsonschema")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(Command::new("check-jsonschema"));
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "check-jsonschema is required in CI (.ci/run installs it)"
    );
    eprintln!("SKIPPED: check-jsonschema is not installed (pip install check-jsonschema)");
    None
}

fn validate(schema: &str, file: &Path) -> (bool, String) {
    let out = check_jsonschema()
        .unwrap()
        .args(["--builtin-schema", schema])
        .arg(file)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn the_action_and_the_templates_pass_their_schemas() {
    if check_jsonschema().is_none() {
        return;
    }
    let root = checkout();
    for (schema, file) in [
        ("vendor.github-actions", "action.yml"),
        ("vendor.github-workflows", "ci/github-workflow.yml"),
        ("vendor.gitlab-ci", "ci/hush.gitlab-ci.yml"),
    ] {
        let (ok, out) = validate(schema, &root.join(file));
        assert!(ok, "{file} against {schema}:\n{out}");
    }
    // The validator is live: an action whose step lacks its shell, and a job with an unknown
    // report type, are refused.
    let dir = tempfile::tempdir().unwrap();
    let action = std::fs::read_to_string(root.join("action.yml"))
        .unwrap()
        .replacen("      shell: bash\n", "", 1);
    std::fs::write(dir.path().join("action.yml"), action).unwrap();
    assert!(!validate("vendor.github-actions", &dir.path().join("action.yml")).0);
    let gitlab = std::fs::read_to_string(root.join("ci/hush.gitlab-ci.yml"))
        .unwrap()
        .replace("secret_detection:", "secret_detektion:");
    std::fs::write(dir.path().join("gitlab.yml"), gitlab).unwrap();
    assert!(!validate("vendor.gitlab-ci", &dir.path().join("gitlab.yml")).0);
}

/// The YAML value at `path` (keys and list indices) of `file` (`None` if there is none), read with PyYAML (which pre-commit,
/// installed by `.ci/run`, brings).
fn yaml_text(file: &Path, path: &[&str]) -> Option<String> {
    // Exit 3: no such key (`None`, quietly).
    let script = "import sys, yaml\n\
v = yaml.safe_load(open(sys.argv[1]))\n\
try:\n    for k in sys.argv[2:]:\n        v = v[int(k)] if isinstance(v, list) else v[k]\n\
except (KeyError, IndexError):\n    sys.exit(3)\n\
sys.stdout.write(v)\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .args(path)
        .output()
        .ok()?;
    if out.status.code() == Some(3) {
        return None;
    }
    if !out.status.success() {
        assert!(
            std::env::var_os("CI").is_none(),
            "cannot read {}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!("SKIPPED: python3 with PyYAML is needed to read the CI files");
        return None;
    }
    Some(String::from_utf8(out.stdout).unwrap())
}

/// A repository whose base commit holds one secret and whose branch adds another; returns the base.
fn pull_request_repo(d: &Path) -> String {
    new_repo(d);
    commit(
        d,
        &[("old.py", format!("T = \"{GH_TOKEN}\"\n").as_bytes())],
        "base",
    );
    let base = git(d, &["rev-parse", "HEAD"]).trim().to_string();
    commit(
        d,
        &[("new.py", format!("T = \"{GH_TOKEN_2}\"\n").as_bytes())],
        "the pull request",
    );
    base
}

/// A PATH whose first entry holds the hush under test.
fn path_with_hush() -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_hush")).parent().unwrap();
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn bash(dir: &Path, script: &str, env: &[(&str, &str)]) -> (i32, String, String) {
    let out = Command::new("bash")
        .args(["-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env("PATH", path_with_hush())
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The index of the action's step with `id`.
fn action_step(action: &Path, id: &str) -> Option<String> {
    (0..10)
        .map(|i| i.to_string())
        .find(|i| yaml_text(action, &["runs", "steps", i, "id"]).is_some_and(|s| s == id))
}

#[test]
fn the_action_scans_what_the_pull_request_adds_and_fails_on_it() {
    let action = checkout().join("action.yml");
    let Some(scan) = yaml_text(&action, &["runs", "steps", "1", "run"]) else {
        return;
    };
    assert_eq!(action_step(&action, "scan").as_deref(), Some("1"));
    let fail = yaml_text(&action, &["runs", "steps", "3", "run"]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = pull_request_repo(d);
    let outputs = d.join("github-output");
    let outputs_s = outputs.to_str().unwrap().to_string();
    let run = |format: &str, baseline: &str, args: &str| {
        std::fs::write(&outputs, "").unwrap();
        let r = bash(
            d,
            &scan,
            &[
                ("INPUT_SINCE", ""),
                ("INPUT_FORMAT", format),
                ("INPUT_OUTPUT", "hush-results.sarif"),
                ("INPUT_BASELINE", baseline),
                ("INPUT_ARGS", args),
                ("PR_BASE", &base),
                ("PUSH_BEFORE", ""),
                ("GITHUB_OUTPUT", &outputs_s),
            ],
        );
        (r, std::fs::read_to_string(&outputs).unwrap())
    };

    // The step itself succeeds (so that the SARIF is uploaded), and says what hush said.
    let ((code, out, err), outs) = run("sarif", "", "");
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        outs.contains("exit-code=1\n") && outs.contains("report=hush-results.sarif\n"),
        "{outs}"
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("hush-results.sarif")).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let files: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    // Only what the pull request adds: the base's secret is not its author's.
    assert_eq!(files, ["new.py"], "{sarif}");

    // Extra arguments are passed on, split on spaces; a baseline that accepts the finding passes.
    let ((code, _, _), outs) = run("json", "", "--min-confidence high --ignore-pragmas");
    assert_eq!(code, 0);
    assert!(outs.contains("exit-code=1\n"), "{outs}");
    assert_eq!(run_in(d, &["baseline", "create"]).0, 0);
    let ((_, _, _), outs) = run("sarif", "", "");
    assert!(outs.contains("exit-code=0\n"), "{outs}");
    let ((_, _, _), outs) = run("sarif", "none", "");
    assert!(outs.contains("exit-code=1\n"), "{outs}");
    // A missing baseline named explicitly is an error, not a clean result.
    let ((_, _, _), outs) = run("sarif", "missing.json", "");
    assert!(outs.contains("exit-code=2\n"), "{outs}");

    // The last step turns the exit code into the job's result.
    for (code, fail_on, want) in [
        ("0", "true", 0),
        ("1", "true", 1),
        ("1", "false", 0),
        ("2", "false", 2),
        ("", "true", 2),
    ] {
        let (got, _, _) = bash(d, &fail, &[("CODE", code), ("FAIL_ON_FINDINGS", fail_on)]);
        assert_eq!(got, want, "exit code {code:?}, fail-on-findings {fail_on}");
    }
}

#[test]
fn the_gitlab_template_writes_the_secret_detection_report() {
    let template = checkout().join("ci/hush.gitlab-ci.yml");
    let Some(script) = yaml_text(&template, &["hush-secret-detection", "script", "0"]) else {
        return;
    };
    let report = yaml_text(
        &template,
        &[
            "hush-secret-detection",
            "artifacts",
            "reports",
            "secret_detection",
        ],
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = pull_request_repo(d);
    let head = git(d, &["rev-parse", "HEAD"]).trim().to_string();
    let run = |fail_on: &str, extra: &[(&str, &str)]| {
        let mut env = vec![
            ("HUSH_GIT_URL", ""),
            ("HUSH_GIT_REF", ""),
            ("HUSH_SINCE", ""),
            ("HUSH_BASELINE", ""),
            ("HUSH_ARGS", ""),
            ("HUSH_FAIL_ON_FINDINGS", fail_on),
            ("CI_COMMIT_SHA", head.as_str()),
        ];
        env.extend_from_slice(extra);
        bash(d, &script, &env)
    };

    // A merge request: the commits since the merge base; the job fails on the new secret.
    let (code, out, err) = run(
        "true",
        &[
            ("CI_PIPELINE_SOURCE", "merge_request_event"),
            ("CI_MERGE_REQUEST_DIFF_BASE_SHA", &base),
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join(&report)).unwrap()).unwrap();
    let vulns = doc["vulnerabilities"].as_array().unwrap();
    assert_eq!(vulns.len(), 1, "{doc}");
    assert_eq!(vulns[0]["location"]["file"], "new.py");
    assert_eq!(vulns[0]["location"]["commit"]["sha"], head.as_str());
    assert_eq!(doc["scan"]["type"], "secret_detection");

    // A push whose previous commit is known: the same range; with findings allowed, the job passes.
    let (code, out, err) = run("false", &[("CI_COMMIT_BEFORE_SHA", &base)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("new secrets found"), "{out}");
    // A branch's first push (no commit before it): every commit, both secrets.
    let zeros = "0".repeat(40);
    let (code, _, _) = run("false", &[("CI_COMMIT_BEFORE_SHA", &zeros)]);
    assert_eq!(code, 0);
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join(&report)).unwrap()).unwrap();
    assert_eq!(doc["vulnerabilities"].as_array().unwrap().len(), 2, "{doc}");
    // An error (an unknown base) fails the job whatever HUSH_FAIL_ON_FINDINGS says.
    let (code, _, _) = run("false", &[("HUSH_SINCE", "no-such-revision")]);
    assert_eq!(code, 2);
}
