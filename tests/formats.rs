//! The formats CI systems and spreadsheets read: `--format junit`, checked with junitparser (the
//! JUnit reader from PyPI that CI tooling uses: https://pypi.org/project/junitparser/), and
//! `--format csv`, checked with Python's `csv` module (RFC 4180 dialect). Both are read by those
//! tools, not only by hush's own expectations, and compared with the JSON report of the same scan.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// Reads a JUnit XML file with junitparser and prints what a CI system would show, as JSON.
const JUNIT_READER: &str = r#"
import json, sys
from junitparser import JUnitXml, Failure, Error, Skipped
xml = JUnitXml.fromfile(sys.argv[1])
suites, cases = [], []
for suite in xml:
    suites.append(dict(name=suite.name, tests=suite.tests, failures=suite.failures,
                       errors=suite.errors, skipped=suite.skipped))
    for case in suite:
        results = []
        for r in case.result:
            kind = ("failure" if isinstance(r, Failure) else "error" if isinstance(r, Error)
                    else "skipped" if isinstance(r, Skipped) else type(r).__name__)
            results.append(dict(kind=kind, message=r.message, type=r.type, text=r.text))
        cases.append(dict(classname=case.classname, name=case.name, passed=case.is_passed,
                          file=case._elem.get("file"), line=case._elem.get("line"),
                          results=results))
print(json.dumps(dict(tests=xml.tests, failures=xml.failures, errors=xml.errors,
                      suites=suites, cases=cases)))
"#;

/// Python with junitparser, or `None` (the test is then skipped, except in CI, where `.ci/run`
/// installs it and its absence fails).
fn junitparser() -> Option<String> {
    let python = std::env::var("HUSH_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&python)
        .args(["-c", "import junitparser"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(python);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "junitparser is required in CI (.ci/run installs it)"
    );
    eprintln!("SKIPPED: junitparser is not installed (`pip install junitparser` to run this test)");
    None
}

/// What junitparser reads in `file`.
fn read_junit(python: &str, file: &Path) -> serde_json::Value {
    let out = Command::new(python)
        .args(["-c", JUNIT_READER])
        .arg(file)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "junitparser cannot read it: {err}");
    json(&String::from_utf8_lossy(&out.stdout))
}

/// The planted fixtures, scanned in `format` and in JSON: (report, JSON findings).
fn planted(format: &str) -> (String, Vec<serde_json::Value>) {
    let args = |f: &str| -> Vec<String> {
        [
            "scan",
            "planted",
            "--no-config",
            "--no-baseline",
            "--format",
            f,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let run = |f: &str| {
        let a = args(f);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        run_in(&fixtures(), &a)
    };
    let (code, report, err) = run(format);
    assert_eq!(code, 1, "{err}");
    let (_, doc, _) = run("json");
    let findings = json(&doc)["findings"].as_array().unwrap().clone();
    assert!(findings.len() >= 15, "the fixtures plant secrets");
    (report, findings)
}

#[test]
fn junit_report_is_one_failed_case_per_finding_as_junitparser_reads_it() {
    let Some(python) = junitparser() else { return };
    let (report, findings) = planted("junit");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hush.xml");
    std::fs::write(&file, &report).unwrap();
    let got = read_junit(&python, &file);
    let n = findings.len() as u64;
    assert_eq!(got["tests"], n, "{got}");
    assert_eq!(got["failures"], n, "{got}");
    assert_eq!(got["errors"], 0, "{got}");
    assert_eq!(got["suites"][0]["tests"], n, "{got}");
    assert_eq!(got["suites"][0]["failures"], n, "{got}");
    let cases = got["cases"].as_array().unwrap();
    assert_eq!(cases.len(), findings.len());
    // In the report's order, each case is its finding.
    for (case, f) in cases.iter().zip(&findings) {
        let rule = f["rule_id"].as_str().unwrap();
        let path = f["path"].as_str().unwrap();
        assert_eq!(case["classname"], format!("hush.{rule}"), "{case}");
        assert_eq!(case["passed"], false);
        assert_eq!(case["file"], path, "{case}");
        let name = case["name"].as_str().unwrap();
        match f["line"].as_u64() {
            Some(line) => {
                assert_eq!(name, format!("{path}:{line}:{}", f["column"]), "{case}");
                assert_eq!(case["line"], line.to_string(), "{case}");
            }
            None => assert_eq!(name, path, "{case}"),
        }
        let result = &case["results"][0];
        assert_eq!(result["kind"], "failure", "{case}");
        assert_eq!(result["type"], rule, "{case}");
        let message = result["message"].as_str().unwrap();
        assert!(
            message.contains(f["rule_name"].as_str().unwrap()),
            "{message}"
        );
        if f["line"].is_u64() {
            assert!(
                message.contains(f["redacted"].as_str().unwrap()),
                "{message}"
            );
        }
        let text = result["text"].as_str().unwrap();
        assert!(text.contains(&format!("Rule {rule}.")), "{text}");
    }
}

#[test]
fn junit_report_of_a_clean_scan_is_one_passing_case() {
    let Some(python) = junitparser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("src/a.py", b"print('hello')\n")]);
    let (code, out, err) = run_in(
        d,
        &[
            "scan",
            "src",
            "--no-config",
            "--format",
            "junit",
            "-o",
            "r.xml",
        ],
    );
    assert_eq!(code, 0, "{err}{out}");
    let got = read_junit(&python, &d.join("r.xml"));
    assert_eq!((&got["tests"], &got["failures"]), (&1.into(), &0.into()));
    let case = &got["cases"][0];
    assert_eq!(case["passed"], true, "{got}");
    assert_eq!(case["name"], "no secrets found in 1 file", "{got}");
}

/// File names that try to break XML, forge a line, drive a terminal, or run as a formula.
const HOSTILE_NAMES: [&str; 4] = [
    "a<b>&\"'.py",
    "b\nno secrets found.py",
    "c\x1b]0;pwned\x07.py",
    "=HYPERLINK(\"http:,evil\").py",
];

fn hostile_tree(d: &Path) {
    let secret = format!("x = \"{GH_TOKEN}\"\n");
    for name in HOSTILE_NAMES {
        write_tree(d, &[(name, secret.as_bytes())]);
    }
}

/// Characters a terminal may act on, other than the CR LF and LF that end lines.
fn controls(text: &str) -> Vec<char> {
    let text = text.replace("\r\n", "\n");
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
fn junit_report_of_hostile_names_is_well_formed_and_escaped() {
    let Some(python) = junitparser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    hostile_tree(d);
    let (code, out, err) = run_in(d, &["scan", ".", "--no-config", "--format", "junit"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(controls(&out), [], "{out}");
    std::fs::write(d.join("r.xml"), &out).unwrap();
    let got = read_junit(&python, &d.join("r.xml"));
    let mut names: Vec<&str> = got["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["file"].as_str().unwrap())
        .collect();
    names.sort();
    // Markup comes back exactly; controls are shown as escapes, never raw.
    assert_eq!(
        names,
        [
            "=HYPERLINK(\"http:,evil\").py",
            "a<b>&\"'.py",
            "b\\nno secrets found.py",
            "c\\x1b]0;pwned\\x07.py",
        ],
        "{got}"
    );
}

/// Reads CSV with Python's `csv` module and prints the rows as JSON.
const CSV_READER: &str = r#"
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    print(json.dumps(list(csv.reader(f, strict=True))))
"#;

fn read_csv(file: &Path) -> Vec<Vec<String>> {
    let python = std::env::var("HUSH_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(python)
        .args(["-c", CSV_READER])
        .arg(file)
        .output()
        .expect("python3 runs (the test suite needs it: .ci/run)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn csv_report_has_the_json_fields_one_row_per_finding() {
    let (report, findings) = planted("csv");
    assert!(report.ends_with("\r\n"), "RFC 4180 lines end in CRLF");
    assert_eq!(
        report.matches("\r\n").count(),
        findings.len() + 1,
        "one line per record: {report}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.csv");
    std::fs::write(&file, &report).unwrap();
    let rows = read_csv(&file);
    let header = &rows[0];
    assert_eq!(header[..3], ["rule_id", "rule_name", "path"]);
    assert_eq!(rows.len(), findings.len() + 1);
    for (row, f) in rows[1..].iter().zip(&findings) {
        assert_eq!(row.len(), header.len(), "{row:?}");
        for (col, cell) in header.iter().zip(row) {
            let want = match &f[col.as_str()] {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            // A value a spreadsheet would run carries a `'` in front (PEM redactions begin `-`).
            let want = if want.starts_with(['=', '+', '-', '@']) {
                format!("'{want}")
            } else {
                want
            };
            assert_eq!(*cell, want, "{col} of {f}");
        }
    }
    // Every field of a JSON finding is a column (`secret` is never printed here).
    for f in &findings {
        for key in f.as_object().unwrap().keys() {
            assert!(header.contains(key), "no column for {key}");
        }
    }
}

#[cfg(unix)]
#[test]
fn csv_report_defuses_formulas_and_quotes_hostile_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    hostile_tree(d);
    let (code, out, err) = run_in(d, &["scan", ".", "--no-config", "--format", "csv"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(controls(&out), [], "{out}");
    assert_eq!(
        out.matches("\r\n").count(),
        5,
        "one line per record:\n{out}"
    );
    std::fs::write(d.join("r.csv"), &out).unwrap();
    let rows = read_csv(&d.join("r.csv"));
    let mut paths: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "'=HYPERLINK(\"http:,evil\").py",
            "a<b>&\"'.py",
            "b\\nno secrets found.py",
            "c\\x1b]0;pwned\\x07.py",
        ]
    );
    // No cell that a spreadsheet would run as a formula.
    for row in &rows {
        for cell in row {
            assert!(
                !cell.trim_start().starts_with(['=', '+', '-', '@']),
                "{cell:?}"
            );
        }
    }
}

#[test]
fn csv_and_junit_never_show_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("a.py", format!("T = '{GH_TOKEN}'\n").as_bytes())]);
    for format in ["csv", "junit"] {
        let (code, out, err) = run_in(
            d,
            &[
                "scan",
                ".",
                "--no-config",
                "--format",
                format,
                "--show-secrets",
            ],
        );
        assert_eq!(code, 1, "{err}");
        assert!(!out.contains(GH_TOKEN), "{format}: {out}");
        assert!(
            out.contains("ghp_Xf"),
            "{format}: redacted, not dropped: {out}"
        );
    }
}

#[test]
fn junit_report_skips_a_finding_the_baseline_labels_real() {
    let Some(python) = junitparser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("a.py", format!("T = '{GH_TOKEN}'\n").as_bytes())]);
    let (code, _, err) = run_in(d, &["baseline", "create", ".", "--no-config"]);
    assert_eq!(code, 0, "{err}");
    // Audited as real, as `hush baseline audit` (or detect-secrets audit) records it.
    let file = d.join(".secrets.baseline");
    let mut baseline = json(&std::fs::read_to_string(&file).unwrap());
    baseline["results"]["a.py"][0]["is_secret"] = true.into();
    std::fs::write(&file, baseline.to_string()).unwrap();
    let (code, _, err) = run_in(
        d,
        &[
            "scan",
            ".",
            "--no-config",
            "--format",
            "junit",
            "-o",
            "r.xml",
        ],
    );
    assert_eq!(code, 0, "a known real finding does not fail the run: {err}");
    let got = read_junit(&python, &d.join("r.xml"));
    assert_eq!((&got["tests"], &got["failures"]), (&1.into(), &0.into()));
    assert_eq!(got["suites"][0]["skipped"], 1, "{got}");
    let result = &got["cases"][0]["results"][0];
    assert_eq!(result["kind"], "skipped", "{got}");
    assert!(
        result["message"]
            .as_str()
            .unwrap()
            .starts_with("known: labelled real in the baseline, still to be rotated."),
        "{got}"
    );
}

#[cfg(unix)]
#[test]
fn junit_report_of_an_incomplete_scan_has_an_errored_case_per_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let Some(python) = junitparser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(
        d,
        &[
            ("tree/a.py", format!("T = '{GH_TOKEN}'\n").as_bytes()),
            ("tree/shut.txt", b"nothing\n"),
        ],
    );
    let mode = |p: &str, m: u32| {
        std::fs::set_permissions(d.join(p), std::fs::Permissions::from_mode(m)).unwrap()
    };
    mode("", 0o755);
    mode("tree", 0o755);
    mode("tree/a.py", 0o644);
    mode("tree/shut.txt", 0o000);
    let (code, out, err) =
        run_unprivileged(d, &["scan", "tree", "--no-config", "--format", "junit"]);
    assert_eq!(code, 2, "{err}");
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &out).unwrap();
    let got = read_junit(&python, file.path());
    assert_eq!(
        (&got["tests"], &got["failures"], &got["errors"]),
        (&2.into(), &1.into(), &1.into()),
        "{got}"
    );
    let errored = &got["cases"][1];
    assert_eq!(errored["name"], "shut.txt", "{got}");
    assert_eq!(errored["results"][0]["kind"], "error", "{got}");
    let message = errored["results"][0]["message"].as_str().unwrap();
    assert!(message.contains("Permission denied"), "{message}");
}
