//! `.secrets.baseline` end to end: create, update without churn, labels, audit from piped input, bad
//! files, and compatibility with the real detect-secrets 1.5 in both directions.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

const PASSWORD: &str = "Sup3rS3cretValue!9";
const AWS_KEY: &str = "AKIAZ5XQ7PLMR4TVB2NW";
const BASELINE: &str = ".secrets.baseline";

fn app_py() -> String {
    format!("import os\n\nTOKEN = \"{GH_TOKEN}\"\npassword = \"{PASSWORD}\"\n")
}

fn read(dir: &Path, p: &str) -> Vec<u8> {
    std::fs::read(dir.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn baseline_json(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&read(dir, BASELINE)).unwrap()
}

/// Runs hush in `dir` with `input` on standard input.
fn run_with_input(dir: &Path, args: &[&str], input: &str) -> (i32, String, String) {
    let mut child = hush()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // hush may exit (an error) before it reads anything: a closed pipe is not a test failure.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// An entry's hush rule (`hush_rule`), or its type when it has none (a detect-secrets entry).
fn rule_of(e: &serde_json::Value) -> &str {
    e.get("hush_rule").unwrap_or(&e["type"]).as_str().unwrap()
}

/// (filename, rule or type, is_secret) of every entry.
fn labels(doc: &serde_json::Value) -> Vec<(String, String, Option<bool>)> {
    let mut v = Vec::new();
    for (file, list) in doc["results"].as_object().unwrap() {
        for e in list.as_array().unwrap() {
            v.push((
                file.clone(),
                rule_of(e).to_string(),
                e["is_secret"].as_bool(),
            ));
        }
    }
    v
}

fn set_label(dir: &Path, file: &str, rule: &str, is_secret: bool) {
    let mut doc = baseline_json(dir);
    let list = doc["results"][file].as_array_mut().unwrap();
    let e = list.iter_mut().find(|e| rule_of(e) == rule).unwrap();
    e["is_secret"] = serde_json::Value::Bool(is_secret);
    let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    std::fs::write(dir.join(BASELINE), text).unwrap();
}

fn no_temp_files(dir: &Path) {
    let leftovers: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".hush-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn create_then_scan_reports_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("src/app.py", app_py().as_bytes())]);
    let (code, out, err) = run_in(d, &["baseline", "create"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2 entries in 1 file"), "{out}");

    // Only hashes: no secret in the file.
    let text = String::from_utf8(read(d, BASELINE)).unwrap();
    assert!(
        !text.contains(GH_TOKEN) && !text.contains(PASSWORD),
        "{text}"
    );
    let doc = baseline_json(d);
    assert_eq!(doc["version"], "1.5.0");
    let gh = &doc["results"]["src/app.py"][0];
    // detect-secrets' type (its Base64 plugin finds the token again), hush's rule beside it.
    assert_eq!(gh["type"], "Base64 High Entropy String");
    assert_eq!(gh["hush_rule"], "github-pat-classic");
    assert_eq!(gh["filename"], "src/app.py");
    assert_eq!(
        gh["hashed_secret"].as_str().unwrap(),
        sha1_smol::Sha1::from(GH_TOKEN).digest().to_string()
    );
    assert_eq!(gh["is_verified"], false);
    assert_eq!(gh["line_number"], 3);
    assert!(gh.get("is_secret").is_none());

    let (code, out, err) = run_in(d, &["scan", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(triples(&json(&out)), Vec::<String>::new());
    assert!(
        err.contains("2 known findings not shown: they are in"),
        "{err}"
    );
    // The baseline itself is not scanned.
    assert_eq!(json(&out)["stats"]["files"], 1);

    let (code, out, _) = run_in(d, &["scan", "--format", "json", "--no-baseline"]);
    assert_eq!(code, 1);
    assert_eq!(triples(&json(&out)).len(), 2);

    // A new secret in another file fails the scan, and only it is reported.
    write_tree(
        d,
        &[("lib/new.py", format!("T = \"{GH_TOKEN_2}\"\n").as_bytes())],
    );
    let (code, out, _) = run_in(d, &["scan", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(
        triples(&json(&out)),
        ["lib/new.py:1:github-pat-classic".to_string()]
    );

    // create refuses to overwrite, and leaves the file alone.
    let before = read(d, BASELINE);
    let (code, _, err) = run_in(d, &["baseline", "create"]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(read(d, BASELINE), before);
    let (code, _, _) = run_in(d, &["baseline", "create", "--force"]);
    assert_eq!(code, 0);
    assert_eq!(labels(&baseline_json(d)).len(), 3);
}

#[test]
fn moving_and_reformatting_code_churns_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(
        d,
        &[
            ("src/app.py", app_py().as_bytes()),
            ("src/other.py", b"x = 1\n"),
        ],
    );
    assert_eq!(run_in(d, &["baseline", "create"]).0, 0);
    let before = read(d, BASELINE);

    // Lines inserted above, the secrets re-indented, re-quoted and swapped; another file edited.
    write_tree(
        d,
        &[
            (
                "src/app.py",
                format!(
                    "\"\"\"Settings.\"\"\"\nimport os\nimport sys\n\n\ndef load():\n    password = '{PASSWORD}'\n    TOKEN   =   '{GH_TOKEN}'\n    return TOKEN, password\n"
                )
                .as_bytes(),
            ),
            ("src/other.py", b"x = 2\ny = 3\n"),
        ],
    );
    let (code, out, err) = run_in(d, &["scan", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(triples(&json(&out)), Vec::<String>::new());

    let (code, out, _) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0);
    assert!(out.contains("up to date (2 entries)"), "{out}");
    let (code, _, _) = run_in(d, &["baseline", "update", "--check"]);
    assert_eq!(code, 0);
    assert_eq!(read(d, BASELINE), before, "the baseline changed");
    no_temp_files(d);

    // When the file is rewritten for a new entry, the moved entries stay exactly as they were.
    write_tree(
        d,
        &[("lib/new.py", format!("T = \"{GH_TOKEN_2}\"\n").as_bytes())],
    );
    let (code, out, _) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0);
    assert!(out.contains("1 added, 0 dropped, 2 kept"), "{out}");
    let old: serde_json::Value = serde_json::from_slice(&before).unwrap();
    assert_eq!(
        baseline_json(d)["results"]["src/app.py"],
        old["results"]["src/app.py"]
    );
    assert_eq!(baseline_json(d)["generated_at"], old["generated_at"]);
}

#[test]
fn a_different_secret_on_a_known_line_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("src/app.py", app_py().as_bytes())]);
    assert_eq!(run_in(d, &["baseline", "create"]).0, 0);
    write_tree(
        d,
        &[(
            "src/app.py",
            app_py().replace(GH_TOKEN, GH_TOKEN_2).as_bytes(),
        )],
    );
    let (code, out, _) = run_in(d, &["scan", "--format", "json"]);
    assert_eq!(code, 1);
    let doc = json(&out);
    assert_eq!(
        triples(&doc),
        ["src/app.py:3:github-pat-classic".to_string()]
    );
    assert_eq!(
        doc["findings"][0]["secret_sha1"].as_str().unwrap(),
        sha1_smol::Sha1::from(GH_TOKEN_2).digest().to_string()
    );

    let before = read(d, BASELINE);
    let (code, out, _) = run_in(d, &["baseline", "update", "--check"]);
    assert_eq!(code, 1);
    assert!(out.contains("out of date: 1 to add, 1 to drop"), "{out}");
    assert_eq!(read(d, BASELINE), before, "--check wrote");
    no_temp_files(d);

    let (code, out, _) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0);
    assert!(out.contains("1 added, 1 dropped, 1 kept"), "{out}");
    let after = read(d, BASELINE);
    // Update twice: byte-identical, and generated_at (the creation time) is kept.
    let (code, out, _) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0);
    assert!(out.contains("up to date"), "{out}");
    assert_eq!(read(d, BASELINE), after);
    assert_eq!(
        baseline_json(d)["generated_at"],
        serde_json::from_slice::<serde_json::Value>(&before).unwrap()["generated_at"]
    );
    assert_eq!(run_in(d, &["scan"]).0, 0);
}

#[test]
fn labels_survive_update_and_decide_what_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("src/app.py", app_py().as_bytes())]);
    assert_eq!(run_in(d, &["baseline", "create"]).0, 0);
    set_label(d, "src/app.py", "github-pat-classic", true);
    set_label(d, "src/app.py", "generic-secret-assignment", false);

    // Real: still reported, marked known, but the run passes. False positive: hidden.
    let (code, out, err) = run_in(d, &["scan", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let doc = json(&out);
    assert_eq!(
        triples(&doc),
        ["src/app.py:3:github-pat-classic".to_string()]
    );
    assert_eq!(doc["findings"][0]["baseline"], "real");
    let (code, out, _) = run_in(d, &["scan", "--color", "never"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("known: labelled real in the baseline, rotate it"),
        "{out}"
    );

    // A new secret elsewhere, a line moved: update adds one entry and keeps both labels.
    write_tree(
        d,
        &[
            ("src/app.py", format!("\n\n{}", app_py()).as_bytes()),
            ("lib/new.py", format!("T = \"{GH_TOKEN_2}\"\n").as_bytes()),
        ],
    );
    let (code, out, _) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0);
    assert!(out.contains("1 added, 0 dropped, 2 kept"), "{out}");
    let mut got = labels(&baseline_json(d));
    got.sort();
    assert_eq!(
        got,
        [
            ("lib/new.py".into(), "github-pat-classic".into(), None),
            (
                "src/app.py".into(),
                "generic-secret-assignment".into(),
                Some(false)
            ),
            ("src/app.py".into(), "github-pat-classic".into(), Some(true)),
        ]
    );
    // The stored line numbers did not move with the code.
    assert_eq!(
        baseline_json(d)["results"]["src/app.py"][0]["line_number"],
        3
    );
}

#[test]
fn blocked_file_names_are_baselined_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(
        d,
        &[("certs/client.p12", b"\x30\x82\x01\x00binary\x00\x01")],
    );
    assert_eq!(run_in(d, &["scan"]).0, 1);
    assert_eq!(run_in(d, &["baseline", "create"]).0, 0);
    let doc = baseline_json(d);
    let e = &doc["results"]["certs/client.p12"][0];
    assert!(e.get("line_number").is_none(), "{e}");
    assert_eq!(
        e["hashed_secret"].as_str().unwrap(),
        sha1_smol::Sha1::from("certs/client.p12")
            .digest()
            .to_string()
    );
    // Its content changes: still the same accepted file.
    write_tree(d, &[("certs/client.p12", b"\x30\x82\x02\x00other\x00\x02")]);
    assert_eq!(run_in(d, &["scan"]).0, 0);
    // Another such file is new.
    write_tree(
        d,
        &[("certs/server.p12", b"\x30\x82\x01\x00binary\x00\x01")],
    );
    let (code, out, _) = run_in(d, &["scan", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(triples(&json(&out)).len(), 1);
    assert!(triples(&json(&out))[0].starts_with("certs/server.p12:-:"));
}

#[test]
fn scanning_a_subdirectory_uses_the_repository_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    write_tree(
        d,
        &[
            ("src/app.py", app_py().as_bytes()),
            ("lib/x.py", format!("T = \"{GH_TOKEN_2}\"\n").as_bytes()),
        ],
    );
    assert_eq!(run_in(d, &["baseline", "create"]).0, 0);
    let before = read(d, BASELINE);
    // From the repository root and from inside src: the same entries apply.
    assert_eq!(run_in(d, &["scan", "src"]).0, 0);
    assert_eq!(run_in(&d.join("src"), &["scan"]).0, 0);
    assert_eq!(run_in(&d.join("src"), &["scan", "app.py"]).0, 0);
    // Updating only src keeps the entries of other directories, even for a file now gone from lib.
    std::fs::remove_file(d.join("lib/x.py")).unwrap();
    let (code, out, _) = run_in(d, &["baseline", "update", "src"]);
    assert_eq!(code, 0);
    assert!(out.contains("up to date (3 entries)"), "{out}");
    assert_eq!(read(d, BASELINE), before);
    // Updating everything drops it.
    let (code, out, _) = run_in(&d.join("src"), &["baseline", "update", ".."]);
    assert_eq!(code, 0);
    assert!(out.contains("0 added, 1 dropped, 2 kept"), "{out}");
}

#[test]
fn explicit_baseline_file_and_no_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("src/app.py", app_py().as_bytes())]);
    let (code, _, _) = run_in(d, &["baseline", "create", "--baseline", "known.json"]);
    assert_eq!(code, 0);
    assert!(!d.join(BASELINE).exists());
    assert_eq!(run_in(d, &["scan"]).0, 1);
    assert_eq!(run_in(d, &["scan", "--baseline", "known.json"]).0, 0);
    let (code, _, err) = run_in(d, &["scan", "--baseline", "missing.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.json does not exist"), "{err}");
    std::fs::rename(d.join("known.json"), d.join(BASELINE)).unwrap();
    assert_eq!(run_in(d, &["scan"]).0, 0);
    assert_eq!(run_in(d, &["scan", "--no-baseline"]).0, 1);
}

#[test]
fn audit_from_piped_input_saves_labels_as_it_goes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(
        d,
        &[
            ("src/app.py", app_py().as_bytes()),
            (
                "src/more.py",
                format!("x = 1\nAWS = \"{AWS_KEY}\"\n").as_bytes(),
            ),
        ],
    );
    assert_eq!(run_in(d, &["baseline", "create"]).0, 0);

    // Entries in order: app.py:3 github, app.py:4 password, more.py:2 aws.
    // A nonsense answer is asked again; then real, skip, and quit before the third.
    let (code, out, err) = run_with_input(d, &["baseline", "audit"], "maybe\nr\ns\nq\n");
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("[1/3] src/app.py:3  GitHub personal access token"),
        "{out}"
    );
    assert!(out.contains("Please answer r, f, s or q."), "{out}");
    assert!(out.contains(">     3 | TOKEN = \"ghp_Xf…fO\""), "{out}");
    assert!(out.contains("      4 | password = \"Sup…\""), "{out}");
    assert!(!out.contains(GH_TOKEN) && !out.contains(PASSWORD), "{out}");
    assert!(
        out.contains("Labelled 1 real and 0 false positive, skipped 1; 2 unlabelled left"),
        "{out}"
    );
    let mut got = labels(&baseline_json(d));
    got.sort();
    assert_eq!(
        got,
        [
            (
                "src/app.py".into(),
                "generic-secret-assignment".into(),
                None
            ),
            ("src/app.py".into(), "github-pat-classic".into(), Some(true)),
            ("src/more.py".into(), "aws-access-key-id".into(), None),
        ]
    );

    // Again: only the unlabelled ones are asked; end of input stops like quit.
    let (code, out, _) = run_with_input(d, &["baseline", "audit"], "f\n");
    assert_eq!(code, 0);
    assert!(out.contains("[1/2] src/app.py:4"), "{out}");
    assert!(
        out.contains("[2/2] src/more.py:2  AWS access key ID"),
        "{out}"
    );
    assert!(!out.contains(AWS_KEY), "{out}");
    let (code, out, _) = run_in(d, &["baseline", "audit", "--report"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("3 entries: 1 real, 1 false positive, 1 unlabelled"),
        "{out}"
    );
    assert!(
        out.contains("real            src/app.py:3  github-pat-classic"),
        "{out}"
    );
    let (code, out, _) = run_in(d, &["baseline", "audit", "--report", "--json"]);
    assert_eq!(code, 0);
    let doc = json(&out);
    assert_eq!(doc["counts"]["entries"], 3);
    assert_eq!(doc["counts"]["real"], 1);
    assert_eq!(doc["counts"]["false_positive"], 1);
    assert_eq!(doc["counts"]["unlabelled"], 1);
    assert_eq!(doc["entries"][2]["label"], "unlabelled");
    assert_eq!(doc["entries"][2]["filename"], "src/more.py");

    // The labels survive a rescan.
    let (code, out, _) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0);
    assert!(out.contains("up to date"), "{out}");
    no_temp_files(d);
}

#[test]
fn audit_redacts_secrets_the_config_allowlists() {
    // The second token is accepted by `[allowlist] values`, the AWS key's rule is disabled: neither
    // is a finding nor an entry, but both are secrets, on lines the audit shows as context.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let config =
        "disabled_rules = [\"aws-access-key-id\"]\n\n[allowlist]\nvalues = [\"^ghp_ttrL\"]\n";
    let app = format!("TOKEN = \"{GH_TOKEN}\"\nOTHER = \"{GH_TOKEN_2}\"\nAWS = \"{AWS_KEY}\"\n");
    write_tree(
        d,
        &[
            (".hush.toml", config.as_bytes()),
            ("src/app.py", app.as_bytes()),
        ],
    );
    let (code, out, err) = run_in(d, &["baseline", "create"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(": 1 entry in 1 file"), "{out}");
    let (code, out, err) = run_with_input(d, &["baseline", "audit"], "s\n");
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(">     1 | TOKEN = \"ghp_Xf…fO\""), "{out}");
    assert!(out.contains("      2 | OTHER = \"ghp_tt…XC\""), "{out}");
    assert!(out.contains("      3 | AWS = \"AKIA…NW\""), "{out}");
    assert!(!out.contains(GH_TOKEN_2) && !out.contains(AWS_KEY), "{out}");
}

#[test]
fn malformed_baselines_stop_with_the_position_and_stay_untouched() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "{\"version\": \"1.5.0\",\n  \"results\": {,}}\n",
            ":2:15: ",
            "key must be a string",
        ),
        (
            "{\n  \"version\": \"1.5.0\",\n  \"results\": {\n    \"a.py\": [\n      {\"type\": \"X\", \"hashed_secret\": \"1111111111111111111111111111111111111111\", \"is_secret\": \"yes\"}\n    ]\n  }\n}\n",
            ":5:99: ",
            "expected a boolean",
        ),
        (
            "{\n  \"version\": \"1.5.0\",\n  \"results\": []\n}\n",
            ":3:13: ",
            "invalid type: sequence",
        ),
        (
            "{\n  \"version\": \"2.0.0\",\n  \"results\": {}\n}\n",
            ":2:20: ",
            "unsupported version \"2.0.0\"",
        ),
        ("", ":1:0: ", "EOF while parsing"),
    ];
    for (text, position, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write_tree(
            d,
            &[
                ("src/app.py", app_py().as_bytes()),
                (BASELINE, text.as_bytes()),
            ],
        );
        for args in [
            &["scan"][..],
            &["baseline", "update"],
            &["baseline", "update", "--check"],
            &["baseline", "audit"],
            &["baseline", "audit", "--report"],
        ] {
            let (code, out, err) = run_with_input(d, args, "r\nr\n");
            assert_eq!(code, 2, "{args:?} on {text:?}: {out}{err}");
            assert!(
                err.contains(&format!("invalid baseline {BASELINE}{position}"))
                    && err.contains(message),
                "{args:?} on {text:?}: {err}"
            );
            assert_eq!(read(d, BASELINE), text.as_bytes(), "{args:?} changed it");
            no_temp_files(d);
        }
    }
}

/// With no finding, a scan reads no entry of the baseline in force (a big baseline doubled the time
/// of a clean pre-commit check), but a file that is not well-formed JSON still stops it: a CI gate
/// never passes on a broken baseline. Entries of the wrong shape are found when a finding needs them
/// (the test above).
#[test]
fn with_no_finding_the_baseline_is_only_checked_for_syntax() {
    let clean: &[(&str, &[u8])] = &[("src/app.py", b"import os\nprint(os.getcwd())\n")];
    let broken = [
        ("{\"version\": \"1.5.0\",\n  \"results\": {,}}\n", ":2:15: "),
        ("", ":1:0: "),
        ("[]", ":1:0: "),
        ("<<<<<<< HEAD\n{}\n", ":1:1: "),
    ];
    for (text, position) in broken {
        let dir = tempfile::tempdir().unwrap();
        write_tree(dir.path(), clean);
        std::fs::write(dir.path().join(BASELINE), text).unwrap();
        let (code, out, err) = run_with_input(dir.path(), &["scan"], "");
        assert_eq!(code, 2, "{text:?}: {out}{err}");
        assert!(
            err.contains(&format!("invalid baseline {BASELINE}{position}")),
            "{text:?}: {err}"
        );
    }
    // Well-formed, but an entry of the wrong shape: not read, since no finding needs it.
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), clean);
    let text = "{\"version\": \"1.5.0\", \"results\": {\"a.py\": [{\"is_secret\": \"yes\"}]}}\n";
    std::fs::write(dir.path().join(BASELINE), text).unwrap();
    let (code, out, err) = run_with_input(dir.path(), &["scan"], "");
    assert_eq!(code, 0, "{out}{err}");
    // The same file with a finding to hold against it: read, and refused.
    std::fs::write(dir.path().join("src/app.py"), app_py()).unwrap();
    let (code, out, err) = run_with_input(dir.path(), &["scan"], "");
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("invalid baseline"), "{err}");
}

// ---- detect-secrets, the real one ------------------------------------------------------------------

/// `python3 -m detect_secrets` if detect-secrets 1.5 is installed. In CI (`CI` set) its absence is a
/// failure: `.ci/run` installs it. Locally the test is skipped, and says so.
fn detect_secrets() -> Option<Command> {
    let python = std::env::var("HUSH_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let version = Command::new(&python)
        .args(["-m", "detect_secrets", "--version"])
        .output();
    match version {
        Ok(o) if o.status.success() && String::from_utf8_lossy(&o.stdout).starts_with("1.5") => {
            let mut c = Command::new(python);
            c.args(["-m", "detect_secrets"]);
            Some(c)
        }
        other => {
            let why = match other {
                Ok(o) => format!(
                    "{}{}",
                    String::from_utf8_lossy(&o.stdout),
                    String::from_utf8_lossy(&o.stderr)
                ),
                Err(e) => e.to_string(),
            };
            if std::env::var_os("CI").is_some() {
                panic!("detect-secrets 1.5 is required in CI (.ci/run installs it): {why}");
            }
            eprintln!(
                "SKIPPED: detect-secrets 1.5 is not installed ({}); `pip install 'detect-secrets==1.5.*'` to run this test",
                why.trim()
            );
            None
        }
    }
}

fn ds(dir: &Path, args: &[&str], input: &str) -> (i32, String, String) {
    let Some(mut cmd) = detect_secrets() else {
        unreachable!()
    };
    let mut child = cmd
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // hush may exit (an error) before it reads anything: a closed pipe is not a test failure.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Loads a baseline with detect-secrets' own loader and lists (file, type, hash, line, is_secret).
fn ds_load(dir: &Path, file: &str) -> Vec<serde_json::Value> {
    let script = "import json, sys\n\
from detect_secrets.core import baseline\n\
s = baseline.load(baseline.load_from_file(sys.argv[1]), sys.argv[1])\n\
print(json.dumps([[f, x.type, x.secret_hash, x.line_number, x.is_secret] for f, x in s]))\n";
    let python = std::env::var("HUSH_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(python)
        .args(["-c", script, file])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "detect-secrets could not load {file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn reads_a_baseline_written_and_audited_by_detect_secrets() {
    if detect_secrets().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(
        d,
        &[(
            "app.py",
            format!("TOKEN = \"{GH_TOKEN}\"\npassword = \"{PASSWORD}\"\nAWS = \"{AWS_KEY}\"\n")
                .as_bytes(),
        )],
    );
    let (code, out, err) = ds(d, &["scan", "--all-files"], "");
    assert_eq!(code, 0, "{err}");
    std::fs::write(d.join(BASELINE), out).unwrap();
    // Label with detect-secrets' own audit. Its order is (line, hash, type): the token as a Base64
    // high-entropy string, the token's prefix as a "GitHub Token" (detect-secrets hashes only the
    // `ghp` it captures), the password, the AWS key. "n" = must not be committed (a real secret),
    // "y" = may be committed (a false positive).
    let (code, out, err) = ds(d, &["audit", BASELINE], "n\ns\ny\ns\n");
    assert_eq!(code, 0, "{out}{err}");
    let sha = |s: &str| sha1_smol::Sha1::from(s).digest().to_string();
    let doc = baseline_json(d);
    let entries = doc["results"]["app.py"].as_array().unwrap();
    let find = |kind: &str| entries.iter().find(|e| e["type"] == kind).unwrap();
    assert_eq!(
        find("Base64 High Entropy String")["hashed_secret"],
        sha(GH_TOKEN)
    );
    assert_eq!(find("Base64 High Entropy String")["is_secret"], true);
    assert_eq!(find("GitHub Token")["hashed_secret"], sha("ghp"));
    assert_eq!(find("Secret Keyword")["hashed_secret"], sha(PASSWORD));
    assert_eq!(find("Secret Keyword")["is_secret"], false);
    assert_eq!(find("AWS Access Key")["hashed_secret"], sha(AWS_KEY));
    assert!(find("AWS Access Key").get("is_secret").is_none());

    // hush matches detect-secrets' entries by file and hash: the token it labels real is still
    // reported (known, not failing), the false positive and the unlabelled key are hidden.
    let (code, out, err) = run_in(d, &["scan", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let found = json(&out);
    assert_eq!(triples(&found), ["app.py:1:github-pat-classic".to_string()]);
    assert_eq!(found["findings"][0]["baseline"], "real");
    let (_, out, _) = run_in(d, &["baseline", "audit", "--report", "--json"]);
    let report = json(&out);
    assert_eq!(report["counts"]["real"], 1);
    assert_eq!(report["counts"]["false_positive"], 1);
    assert_eq!(report["counts"]["unlabelled"], 2);

    // update keeps detect-secrets' entries that still cover a finding, with their labels and
    // detect-secrets' configuration; it drops the one hush never finds (the `ghp` prefix).
    let plugins = doc["plugins_used"].clone();
    let (code, out, _) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0);
    assert!(out.contains("0 added, 1 dropped, 3 kept"), "{out}");
    let updated = baseline_json(d);
    assert_eq!(updated["plugins_used"], plugins);
    assert_eq!(updated["version"], doc["version"]);
    // Their types and labels stay; each gets the rule that finds its secret (`hush_rule`).
    assert!(out.contains("3 entries given their hush rule id"), "{out}");
    assert_eq!(
        typed(&updated),
        [
            t("app.py", "AWS Access Key", Some("aws-access-key-id"), None),
            t(
                "app.py",
                "Base64 High Entropy String",
                Some("github-pat-classic"),
                Some(true)
            ),
            t(
                "app.py",
                "Secret Keyword",
                Some("generic-secret-assignment"),
                Some(false)
            ),
        ]
    );
    // And detect-secrets still audits the file hush rewrote.
    let (code, out, err) = ds(d, &["audit", "--report", BASELINE], "");
    assert_eq!(code, 0, "{err}");
    let ds_report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(ds_report["results"].as_array().unwrap().len(), 3, "{out}");
}

#[test]
fn detect_secrets_loads_a_baseline_written_by_hush() {
    if detect_secrets().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(
        d,
        &[
            ("src/app.py", app_py().as_bytes()),
            ("certs/client.p12", b"\x30\x82\x01\x00binary\x00\x01"),
        ],
    );
    assert_eq!(run_in(d, &["baseline", "create"]).0, 0);
    let (code, _, _) = run_with_input(d, &["baseline", "audit"], "f\nr\n");
    assert_eq!(code, 0);
    let hush_doc = baseline_json(d);

    // detect-secrets' loader reads every entry: file, type, hash, line and label.
    let mut expected: Vec<serde_json::Value> = Vec::new();
    for (file, list) in hush_doc["results"].as_object().unwrap() {
        for e in list.as_array().unwrap() {
            expected.push(serde_json::json!([
                file,
                e["type"],
                e["hashed_secret"],
                e.get("line_number")
                    .cloned()
                    .unwrap_or(serde_json::json!(0)),
                e.get("is_secret")
                    .cloned()
                    .unwrap_or(serde_json::Value::Null),
            ]));
        }
    }
    let mut loaded = ds_load(d, BASELINE);
    let key = |v: &serde_json::Value| v.to_string();
    expected.sort_by_key(key);
    loaded.sort_by_key(key);
    assert_eq!(loaded, expected);
    assert_eq!(loaded.len(), 3);
    assert!(loaded.iter().any(|v| v[4] == true) && loaded.iter().any(|v| v[4] == false));

    // `detect-secrets scan --baseline FILE` accepts it and re-scans with the plugins it lists
    // (--all-files: the directory is not a git repository).
    let (code, out, err) = ds(d, &["scan", "--all-files", "--baseline", BASELINE], "");
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        !err.contains("Error") && !err.contains("Traceback"),
        "{err}"
    );
    let rescanned = baseline_json(d);
    let types: Vec<String> = labels(&rescanned).into_iter().map(|(_, t, _)| t).collect();
    assert!(types.iter().any(|t| t == "Secret Keyword"), "{rescanned}");
}

/// src/app.py (a GitHub token, a password) and src/more.py (an AWS key id): one entry of each
/// detect-secrets type hush writes for them.
fn three_kinds(d: &Path) {
    write_tree(
        d,
        &[
            ("src/app.py", app_py().as_bytes()),
            (
                "src/more.py",
                format!("x = 1\nAWS = \"{AWS_KEY}\"\n").as_bytes(),
            ),
        ],
    );
}

/// (file, type, hush_rule, is_secret) of every entry, sorted.
fn typed(doc: &serde_json::Value) -> Vec<(String, String, Option<String>, Option<bool>)> {
    let mut v = Vec::new();
    for (file, list) in doc["results"].as_object().unwrap() {
        for e in list.as_array().unwrap() {
            v.push((
                file.clone(),
                e["type"].as_str().unwrap().to_string(),
                e.get("hush_rule").map(|r| r.as_str().unwrap().to_string()),
                e["is_secret"].as_bool(),
            ));
        }
    }
    v.sort();
    v
}

fn t(
    file: &str,
    kind: &str,
    rule: Option<&str>,
    label: Option<bool>,
) -> (String, String, Option<String>, Option<bool>) {
    (file.into(), kind.into(), rule.map(str::to_string), label)
}

#[test]
fn detect_secrets_audits_a_hush_baseline_and_hush_gets_its_rules_back() {
    if detect_secrets().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    three_kinds(d);
    assert_eq!(run_in(d, &["baseline", "create"]).0, 0);
    let created = typed(&baseline_json(d));
    assert_eq!(
        created,
        [
            t(
                "src/app.py",
                "Base64 High Entropy String",
                Some("github-pat-classic"),
                None
            ),
            t(
                "src/app.py",
                "Secret Keyword",
                Some("generic-secret-assignment"),
                None
            ),
            t(
                "src/more.py",
                "AWS Access Key",
                Some("aws-access-key-id"),
                None
            ),
        ]
    );

    // `audit --report`: every entry found again on its line by detect-secrets' own plugin.
    let (code, out, err) = ds(d, &["audit", "--report", BASELINE], "");
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("Traceback"), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut found: Vec<(String, String)> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["filename"].as_str().unwrap().to_string(),
                r["types"][0].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("src/app.py".into(), "Base64 High Entropy String".into()),
            ("src/app.py".into(), "Secret Keyword".into()),
            ("src/more.py".into(), "AWS Access Key".into()),
        ],
        "{out}"
    );

    // The interactive audit, answered on stdin: the token must not be committed ("n": real), the
    // password may ("y": false positive), the AWS key skipped. detect-secrets rewrites the file
    // without `hush_rule`.
    let (code, out, err) = ds(d, &["audit", BASELINE], "n\ny\ns\n");
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        !err.contains("Traceback") && !out.contains("not found"),
        "{out}{err}"
    );
    assert_eq!(
        typed(&baseline_json(d)),
        [
            t("src/app.py", "Base64 High Entropy String", None, Some(true)),
            t("src/app.py", "Secret Keyword", None, Some(false)),
            t("src/more.py", "AWS Access Key", None, None),
        ]
    );

    // hush applies the labels (by file and hash) ...
    let (code, out, err) = run_in(d, &["scan", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let doc = json(&out);
    assert_eq!(
        triples(&doc),
        ["src/app.py:3:github-pat-classic".to_string()]
    );
    assert_eq!(doc["findings"][0]["baseline"], "real");
    // ... `update --check` has nothing to add or drop ...
    assert_eq!(run_in(d, &["baseline", "update", "--check"]).0, 0);
    // ... and `update` puts each rule back, labels kept.
    let (code, out, _) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0);
    assert!(out.contains("3 entries given their hush rule id"), "{out}");
    assert_eq!(
        typed(&baseline_json(d)),
        [
            t(
                "src/app.py",
                "Base64 High Entropy String",
                Some("github-pat-classic"),
                Some(true)
            ),
            t(
                "src/app.py",
                "Secret Keyword",
                Some("generic-secret-assignment"),
                Some(false)
            ),
            t(
                "src/more.py",
                "AWS Access Key",
                Some("aws-access-key-id"),
                None
            ),
        ]
    );
    let (_, out, _) = run_in(d, &["baseline", "update"]);
    assert!(out.contains("up to date"), "{out}");
}

#[test]
fn detect_secrets_updates_a_hush_baseline_keeping_its_labels() {
    if detect_secrets().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    three_kinds(d);
    assert_eq!(run_in(d, &["baseline", "create"]).0, 0);
    // Labelled with hush: the token real, the password a false positive, the key left.
    let (code, _, _) = run_with_input(d, &["baseline", "audit"], "r\nf\ns\n");
    assert_eq!(code, 0);

    // detect-secrets' update path: it re-scans with its plugins and keeps the labels of the entries
    // it finds again, which is all of hush's (it also adds a `GitHub Token` entry of its own, the
    // hash of the `ghp` prefix).
    let (code, out, err) = ds(d, &["scan", "--all-files", "--baseline", BASELINE], "");
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("Traceback"), "{err}");
    let after = typed(&baseline_json(d));
    for want in [
        t("src/app.py", "Base64 High Entropy String", None, Some(true)),
        t("src/app.py", "Secret Keyword", None, Some(false)),
        t("src/more.py", "AWS Access Key", None, None),
    ] {
        assert!(after.contains(&want), "{want:?} missing: {after:#?}");
    }

    // hush reads the file detect-secrets wrote: same findings hidden, same one known real.
    let (code, out, err) = run_in(d, &["scan", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        triples(&json(&out)),
        ["src/app.py:3:github-pat-classic".to_string()]
    );
    let (_, out, _) = run_in(d, &["baseline", "audit", "--report", "--json"]);
    let report = json(&out);
    assert_eq!(report["counts"]["real"], 1);
    assert_eq!(report["counts"]["false_positive"], 1);
    // And hush's update gives the rules back, dropping only detect-secrets' own `ghp` entry.
    let (code, out, _) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0);
    assert!(out.contains("0 added, 1 dropped, 3 kept"), "{out}");
    let mut rules: Vec<String> = labels(&baseline_json(d))
        .into_iter()
        .map(|(_, r, _)| r)
        .collect();
    rules.sort();
    assert_eq!(
        rules,
        [
            "aws-access-key-id",
            "generic-secret-assignment",
            "github-pat-classic"
        ]
    );
}

/// A baseline as hush wrote it before entries carried detect-secrets types: the rule id in `type`.
#[test]
fn a_baseline_from_an_older_hush_still_works_and_is_retyped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("src/app.py", app_py().as_bytes())]);
    let sha = |s: &str| sha1_smol::Sha1::from(s).digest().to_string();
    let old = format!(
        r#"{{
  "version": "1.5.0",
  "plugins_used": [{{"name": "KeywordDetector"}}],
  "filters_used": [],
  "results": {{
    "src/app.py": [
      {{"type": "github-pat-classic", "filename": "src/app.py", "hashed_secret": "{}", "is_verified": false, "line_number": 3, "is_secret": true}},
      {{"type": "generic-secret-assignment", "filename": "src/app.py", "hashed_secret": "{}", "is_verified": false, "line_number": 4, "is_secret": false}}
    ]
  }},
  "generated_at": "2026-01-01T00:00:00Z"
}}
"#,
        sha(GH_TOKEN),
        sha(PASSWORD)
    );
    std::fs::write(d.join(BASELINE), &old).unwrap();
    // Read as it is: the real token reported (known), the false positive hidden, exit 0.
    let (code, out, err) = run_in(d, &["scan", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let doc = json(&out);
    assert_eq!(
        triples(&doc),
        ["src/app.py:3:github-pat-classic".to_string()]
    );
    assert_eq!(doc["findings"][0]["baseline"], "real");
    // An old entry matches its own rule only, as before.
    let (_, out, _) = run_in(d, &["baseline", "audit", "--report"]);
    assert!(out.contains("github-pat-classic"), "{out}");
    // `update --check` does not fail on the format; it writes nothing.
    assert_eq!(run_in(d, &["baseline", "update", "--check"]).0, 0);
    assert_eq!(read(d, BASELINE), old.as_bytes());
    // `update` retypes the entries, keeping labels, lines and the header.
    let (code, out, _) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0);
    assert!(out.contains("2 entries given their hush rule id"), "{out}");
    let doc = baseline_json(d);
    assert_eq!(
        typed(&doc),
        [
            t(
                "src/app.py",
                "Base64 High Entropy String",
                Some("github-pat-classic"),
                Some(true)
            ),
            t(
                "src/app.py",
                "Secret Keyword",
                Some("generic-secret-assignment"),
                Some(false)
            ),
        ]
    );
    assert_eq!(doc["generated_at"], "2026-01-01T00:00:00Z");
    assert_eq!(doc["results"]["src/app.py"][0]["line_number"], 3);
    assert_eq!(run_in(d, &["scan"]).0, 0);
    if detect_secrets().is_some() {
        let (code, out, err) = ds(d, &["audit", "--report", BASELINE], "");
        assert_eq!(code, 0, "{out}{err}");
    }
}

// ---- git and staged ------------------------------------------------------------------------------

#[test]
fn staged_and_git_apply_the_repository_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(d, &[("src/app.py", app_py().as_bytes())], "settings");
    let (code, out, err) = run_in(d, &["baseline", "create"]);
    assert_eq!(code, 0, "{out}{err}");
    git(d, &["add", BASELINE]);
    git(d, &["commit", "-q", "-m", "baseline"]);
    assert_eq!(run_in(d, &["git", "--format", "json"]).0, 0);
    assert_eq!(run_in(d, &["git", "--no-baseline"]).0, 1);

    // A staged change that moves and re-quotes the known secrets (so their lines are added lines)
    // passes; run from a subdirectory, the repository root's baseline still applies.
    write_tree(
        d,
        &[(
            "src/app.py",
            format!("# header\n\n{}", app_py().replace('"', "'")).as_bytes(),
        )],
    );
    git(d, &["add", "src/app.py"]);
    let (code, out, err) = run_in(&d.join("src"), &["staged", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(triples(&json(&out)), Vec::<String>::new());
    let (code, _, err) = run_in(d, &["staged"]);
    assert_eq!(code, 0);
    assert!(!err.contains("commit blocked"), "{err}");
    assert_eq!(run_in(d, &["staged", "--no-baseline"]).0, 1);

    // A new secret is refused, and only it is reported; once committed, history reports only it too.
    write_tree(
        d,
        &[("src/new.py", format!("T = \"{GH_TOKEN_2}\"\n").as_bytes())],
    );
    git(d, &["add", "-A"]);
    let (code, out, _) = run_in(d, &["staged", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(
        triples(&json(&out)),
        ["src/new.py:1:github-pat-classic".to_string()]
    );
    git(d, &["commit", "-q", "-m", "new"]);
    let (code, out, _) = run_in(d, &["git", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(
        triples(&json(&out)),
        ["src/new.py:1:github-pat-classic".to_string()]
    );
}

#[test]
fn a_secret_only_in_history_is_accepted_from_the_history() {
    // Two leaked tokens, then rotated: one replaced in place, the other's file deleted. Only the
    // history holds them now, so `hush git` fails, and a working-tree baseline cannot help.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    let leak = commit(
        d,
        &[
            ("src/app.py", format!("TOKEN = \"{GH_TOKEN}\"\n").as_bytes()),
            ("old/key.py", format!("KEY = \"{GH_TOKEN_2}\"\n").as_bytes()),
        ],
        "leak",
    );
    std::fs::remove_file(d.join("old/key.py")).unwrap();
    commit(
        d,
        &[("src/app.py", b"TOKEN = os.environ[\"TOKEN\"]\n")],
        "rotate",
    );
    assert_eq!(run_in(d, &["git"]).0, 1);
    let (code, out, err) = run_in(d, &["baseline", "create"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(": 0 entries"), "{out}");

    let (code, out, err) = run_in(d, &["baseline", "create", "--force", "--history"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(": 2 entries in 2 files"), "{out}");
    let text = String::from_utf8(read(d, BASELINE)).unwrap();
    assert!(
        !text.contains(GH_TOKEN) && !text.contains(GH_TOKEN_2),
        "{text}"
    );
    assert!(
        !text.contains(&leak),
        "keyed by path and hash, never by commit: {text}"
    );
    let (code, out, err) = run_in(d, &["git"]);
    assert_eq!(code, 0, "{out}{err}");

    // A plain update sees neither secret in the working tree, and keeps both entries: the history
    // still holds them. So does `--check`, and `hush git` stays clean.
    let (code, out, err) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("up to date (2 entries)"), "{out}");
    assert!(
        err.contains("2 entries not found in the working tree were kept"),
        "{err}"
    );
    assert_eq!(run_in(d, &["baseline", "update", "--check"]).0, 0);
    assert_eq!(run_in(d, &["git"]).0, 0);
    let (code, out, _) = run_in(d, &["baseline", "update", "--history", "--check"]);
    assert_eq!(code, 0, "{out}");

    // An entry neither the tree nor the history holds is dropped by `--history` only.
    let mut doc = baseline_json(d);
    let mut stale = doc["results"]["src/app.py"][0].clone();
    stale["hashed_secret"] = "3333333333333333333333333333333333333333".into();
    doc["results"]["src/app.py"]
        .as_array_mut()
        .unwrap()
        .push(stale);
    std::fs::write(d.join(BASELINE), serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let (code, out, _) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0);
    assert!(out.contains("up to date (3 entries)"), "{out}");
    let (code, out, err) = run_in(d, &["baseline", "update", "--history"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 added, 1 dropped, 2 kept"), "{out}");
    assert_eq!(run_in(d, &["git"]).0, 0);

    // `--prune` drops what the working tree does not hold, history or not.
    let (code, out, err) = run_in(d, &["baseline", "update", "--prune"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 added, 2 dropped, 0 kept"), "{out}");
    assert_eq!(run_in(d, &["git"]).0, 1);
}

#[test]
fn history_options_need_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("src/app.py", app_py().as_bytes())]);
    let (code, _, err) = run_in(d, &["baseline", "create", "--history"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not in a git repository"), "{err}");
    assert!(!d.join(BASELINE).exists());
}

#[test]
fn update_creates_a_missing_baseline_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("src/app.py", app_py().as_bytes())]);
    // `--check` writes nothing: a missing baseline is out of date.
    let (code, out, err) = run_in(d, &["baseline", "update", "--check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains(".secrets.baseline does not exist"), "{out}");
    assert!(!d.join(BASELINE).exists());

    let (code, out, err) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("no .secrets.baseline found in . or up to its repository root: creating it"),
        "{err}"
    );
    assert!(
        out.contains("Created .secrets.baseline: 2 entries in 1 file"),
        "{out}"
    );
    assert_eq!(run_in(d, &["scan"]).0, 0);
    let (code, out, _) = run_in(d, &["baseline", "update"]);
    assert_eq!(code, 0);
    assert!(out.contains("up to date (2 entries)"), "{out}");
}

#[test]
fn update_staged_accepts_exactly_what_the_staged_changes_add() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(d, &[("README.md", b"# app\n")], "init");
    // One secret staged, another only in the working tree.
    write_tree(
        d,
        &[
            ("src/new.py", format!("T = \"{GH_TOKEN_2}\"\n").as_bytes()),
            ("src/wip.py", format!("T = \"{GH_TOKEN}\"\n").as_bytes()),
        ],
    );
    git(d, &["add", "src/new.py"]);
    assert_eq!(run_in(d, &["staged"]).0, 1);

    let (code, out, err) = run_in(d, &["baseline", "update", "--staged"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("creating it"), "{err}");
    assert!(out.contains("1 added, 0 dropped, 0 kept"), "{out}");
    let got = labels(&baseline_json(d));
    assert_eq!(
        got,
        [("src/new.py".into(), "github-pat-classic".into(), None)]
    );
    git(d, &["add", BASELINE]);
    let (code, out, err) = run_in(d, &["staged"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = run_in(d, &["baseline", "update", "--staged", "--check"]);
    assert_eq!(code, 0, "{out}");
    // The unstaged secret was not accepted.
    let (code, out, _) = run_in(d, &["scan", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(
        triples(&json(&out)),
        ["src/wip.py:1:github-pat-classic".to_string()]
    );
    // Staging it makes `--check` fail until it is accepted; nothing else is dropped.
    git(d, &["add", "src/wip.py"]);
    let (code, out, _) = run_in(d, &["baseline", "update", "--staged", "--check"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("1 to add, 0 to drop"), "{out}");
    let (code, out, _) = run_in(d, &["baseline", "update", "--staged"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 added, 0 dropped, 1 kept"), "{out}");
}

#[test]
fn audit_merges_its_answer_into_a_baseline_changed_while_it_waited() {
    use std::io::{BufRead, BufReader, Write};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("src/app.py", app_py().as_bytes())]);
    assert_eq!(run_in(d, &["baseline", "create"]).0, 0);

    let mut child = hush()
        .args(["baseline", "audit"])
        .current_dir(d)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the first question, then change the file as another process would: a new entry
    // (another update) and a new header value (an editor).
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    while !seen.contains("[1/") {
        let mut line = String::new();
        assert!(out.read_line(&mut line).unwrap() > 0, "no question: {seen}");
        seen.push_str(&line);
    }
    let path = d.join(BASELINE);
    let mut other: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    other["generated_at"] = "2001-01-01T00:00:00Z".into();
    let mut added = other["results"]["src/app.py"][0].clone();
    added["filename"] = "src/other.py".into();
    other["results"]["src/other.py"] = serde_json::json!([added]);
    std::fs::write(&path, serde_json::to_vec_pretty(&other).unwrap()).unwrap();

    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"r
q
",
        )
        .unwrap();
    let status = child.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    let doc = baseline_json(d);
    assert_eq!(
        doc["generated_at"], "2001-01-01T00:00:00Z",
        "the other change is kept"
    );
    let got = labels(&doc);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        got.contains(&("src/other.py".into(), "github-pat-classic".into(), None)),
        "{got:?}"
    );
    assert!(
        got.contains(&("src/app.py".into(), "github-pat-classic".into(), Some(true))),
        "the answer is saved: {got:?}"
    );
}
