//! Report formats end to end: SARIF (checked by Microsoft's SARIF Multitool with GitHub's ingestion
//! rules), GitHub annotations, the GitLab report, human output, progress, `--output`, closed pipes,
//! and that no format leaks a secret.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;
use serde_json::Value;

// ---- the SARIF Multitool -------------------------------------------------------------------

/// The Multitool binary: `HUSH_SARIF_MULTITOOL`, or where `.ci/run` installs it. Missing in CI is
/// a failure; missing on a developer's machine skips the test, saying so.
fn multitool() -> Option<PathBuf> {
    let path = std::env::var_os("HUSH_SARIF_MULTITOOL")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(".ci/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")
        });
    if path.is_file() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!(
            "the SARIF Multitool is not at {} (in CI, .ci/run installs it)",
            path.display()
        );
    }
    eprintln!(
        "SKIPPED: the SARIF Multitool is not installed at {}; run `bash .ci/run` or set HUSH_SARIF_MULTITOOL",
        path.display()
    );
    None
}

/// Runs `Sarif.Multitool validate FILE --rule-kind "Gh;Sarif" --level "Error;Warning"` and returns
/// every error and warning it reports, as `RULE: message`. The tool exits 0 even when it finds
/// problems, so its own SARIF log (`-o`) is read instead.
fn multitool_problems(tool: &Path, sarif: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("report.sarif");
    let log = dir.path().join("validation.sarif");
    std::fs::write(&input, sarif).unwrap();
    let out = Command::new(tool)
        .arg("validate")
        .arg(&input)
        .args(["--rule-kind", "Gh;Sarif", "--level", "Error;Warning"])
        .arg("-o")
        .arg(&log)
        // A self-contained .NET binary: no ICU needed for what it does here.
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .expect("the Multitool runs");
    let console = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the Multitool failed ({:?}):\n{console}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&log).unwrap()).unwrap();
    let run = &log["runs"][0];
    assert_eq!(
        run["invocations"][0]["executionSuccessful"], true,
        "{console}"
    );
    run["results"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .filter(|r| matches!(r["level"].as_str(), Some("error" | "warning") | None))
                .map(|r| {
                    format!(
                        "{}: {}",
                        r["ruleId"].as_str().unwrap_or("?"),
                        r["message"]["text"]
                            .as_str()
                            .or(r["message"]["id"].as_str())
                            .unwrap_or("?")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_multitool_check_is_not_vacuous() {
    // What gitleaks-style SARIF looks like: rules with ids only. The validator must object, or the
    // tests below prove nothing.
    let Some(tool) = multitool() else { return };
    let bare = r#"{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json",
      "runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"r1"}]}},
      "results":[{"ruleId":"r1","message":{"text":"m"},
        "locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.txt"},"region":{"startLine":1}}}]}]}]}"#;
    let problems = multitool_problems(&tool, bare);
    assert!(
        problems.iter().any(|p| p.starts_with("GH2012")),
        "{problems:#?}"
    );
}

#[test]
fn sarif_of_a_scan_passes_the_multitool() {
    let Some(tool) = multitool() else { return };
    let (code, out, err) = run_in(
        &fixtures(),
        &["scan", "planted", "--no-config", "--format", "sarif"],
    );
    assert_eq!(code, 1, "{err}");
    let problems = multitool_problems(&tool, &out);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A small history: a secret added then removed, one still in HEAD, and a blocked file name.
fn history_repo(d: &Path) {
    new_repo(d);
    commit(
        d,
        &[(
            "app/settings.py",
            format!("TOKEN = '{GH_TOKEN}'\n").as_bytes(),
        )],
        "add token",
    );
    git(d, &["rm", "-q", "app/settings.py"]);
    commit(d, &[], "remove token");
    commit(
        d,
        &[
            ("b.py", format!("\n\nk = '{GH_TOKEN_2}'\n").as_bytes()),
            ("deploy/.env", format!("SLACK={SLACK_TOKEN}\n").as_bytes()),
        ],
        "add more",
    );
}

#[test]
fn sarif_of_a_history_audit_passes_the_multitool_and_names_the_commits() {
    let dir = tempfile::tempdir().unwrap();
    history_repo(dir.path());
    let (code, out, err) = run_in(dir.path(), &["git", ".", "--format", "sarif"]);
    assert_eq!(code, 1, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() >= 4, "{results:#?}");
    for r in results {
        let p = &r["properties"];
        assert_eq!(p["commit"].as_str().unwrap().len(), 40, "{r:#}");
        assert_eq!(p["author"], "Alice Example");
        assert_eq!(p["date"], "2024-01-02T03:04:05+00:00");
        assert!(p["inHead"].is_boolean());
    }
    let removed = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/settings.py"
        })
        .expect("the removed secret is reported");
    assert_eq!(removed["properties"]["inHead"], false);
    assert!(
        removed["message"]["text"]
            .as_str()
            .unwrap()
            .contains("no longer in HEAD")
    );
    if let Some(tool) = multitool() {
        let problems = multitool_problems(&tool, &out);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}

#[test]
fn sarif_has_what_github_code_scanning_reads() {
    let (_, out, _) = run_in(
        &fixtures(),
        &["scan", "planted", "--no-config", "--format", "sarif"],
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "hush");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    // Exactly the rules used, each once, in id order.
    let mut used: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    used.sort();
    used.dedup();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, used);
    for rule in rules {
        for k in ["name", "shortDescription", "fullDescription", "help"] {
            assert!(!rule[k].is_null(), "{k} missing: {rule:#}");
        }
        let help_md = rule["help"]["markdown"].as_str().unwrap();
        let help_text = rule["help"]["text"].as_str().unwrap();
        assert!(help_md.contains("### Revoke and rotate"), "{help_md}");
        assert!(
            help_text.contains("How to revoke and rotate: "),
            "{help_text}"
        );
        assert!(
            help_md.contains("- <https://"),
            "documentation links: {help_md}"
        );
        let sev: f64 = rule["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.0..=10.0).contains(&sev));
        assert!(matches!(
            rule["properties"]["precision"].as_str().unwrap(),
            "very-high" | "high" | "medium" | "low"
        ));
        assert!(
            rule["properties"]["tags"]
                .as_array()
                .unwrap()
                .contains(&Value::from("security"))
        );
    }
    // The GitHub token rule verifies a checksum: the surest precision.
    let gh = rules
        .iter()
        .find(|r| r["id"] == "github-pat-classic")
        .unwrap();
    assert_eq!(gh["properties"]["precision"], "very-high");
    assert_eq!(gh["properties"]["security-severity"], "9.0");

    for r in results {
        assert!(r["ruleId"].is_string());
        assert_eq!(
            rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
            r["ruleId"]
        );
        assert!(matches!(
            r["level"].as_str().unwrap(),
            "error" | "warning" | "note"
        ));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let locs = r["locations"].as_array().unwrap();
        assert_eq!(locs.len(), 1);
        let pl = &locs[0]["physicalLocation"];
        let uri = pl["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.contains("://"), "{uri}");
        for k in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(pl["region"][k].as_u64().unwrap() >= 1, "{k}: {r:#}");
        }
        let hash = r["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        assert!(hash.len() > 16 && hash.contains(':'), "{hash}");
        assert_eq!(r["fingerprints"]["hush/v1"].as_str().unwrap().len(), 40);
    }
    // A content finding: the region is the secret, its snippet the redacted secret, and the
    // context region the redacted line.
    let cfg = results
        .iter()
        .find(|r| {
            r["ruleId"] == "github-pat-classic"
                // Relative to the repository root (the fixtures sit inside hush's own checkout).
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .is_some_and(|u| u.ends_with("planted/config/settings.py"))
        })
        .unwrap();
    let pl = &cfg["locations"][0]["physicalLocation"];
    assert_eq!(pl["region"]["startLine"], 3);
    assert_eq!(pl["region"]["snippet"]["text"], "ghp_Xf…fO");
    assert_eq!(
        pl["contextRegion"]["snippet"]["text"],
        "GITHUB_TOKEN = \"ghp_Xf…fO\""
    );
    assert_eq!(cfg["properties"]["validated"], "checksum");
    // A blocked file name: anchored at the start of the file, with no snippet.
    let env = results
        .iter()
        .find(|r| r["ruleId"] == "file-dotenv")
        .unwrap();
    let pl = &env["locations"][0]["physicalLocation"];
    let uri = pl["artifactLocation"]["uri"].as_str().unwrap();
    assert!(uri.ends_with("planted/deploy/.env"), "{uri}");
    assert_eq!(pl["region"]["startLine"], 1);
    assert!(pl["region"]["snippet"].is_null());
}

#[test]
fn sarif_fingerprints_stay_when_unrelated_lines_move() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sarif = |d: &Path| -> Vec<(u64, String)> {
        let (_, out, _) = run_in(d, &["scan", ".", "--format", "sarif"]);
        let doc: Value = serde_json::from_str(&out).unwrap();
        doc["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                    r["partialFingerprints"]["primaryLocationLineHash"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect()
    };
    write_tree(
        d,
        &[(
            "a.py",
            format!("X = '{GH_TOKEN}'\nY = '{GH_TOKEN}'\n").as_bytes(),
        )],
    );
    let before = sarif(d);
    write_tree(
        d,
        &[(
            "a.py",
            format!("import os\n\n\nX = '{GH_TOKEN}'\n# note\nY = '{GH_TOKEN}'\n").as_bytes(),
        )],
    );
    let after = sarif(d);
    assert_eq!(before.len(), 2);
    assert_eq!(
        (before[0].0, before[1].0, after[0].0, after[1].0),
        (1, 2, 4, 6)
    );
    // Same hashes after the move; two copies of one secret in one file stay distinct.
    assert_eq!(before[0].1, after[0].1);
    assert_eq!(before[1].1, after[1].1);
    assert_ne!(before[0].1, before[1].1);
}

// ---- GitHub annotations ----------------------------------------------------------------------

#[test]
fn github_annotations_have_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "src/a,b:c.py",
                format!("\n  TOKEN = '{GH_TOKEN}'\n").as_bytes(),
            ),
            (".env", b"X=1\n"),
        ],
    );
    let (code, out, err) = run_in(dir.path(), &["scan", ".", "--format", "github"]);
    assert_eq!(code, 1, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    // First the summary, then the findings sorted by path: `.env` first. A blocked file name has
    // no line.
    assert_eq!(
        lines[0],
        "::notice title=hush summary::2 secrets found in 2 files (1 high, 1 medium, 0 low \
         confidence); scanned 2 files"
    );
    assert_eq!(
        lines[1],
        "::warning file=.env,title=hush%3A Environment file (.env)::Environment file (.env) \
         (medium confidence): this file's name marks it as holding credentials; it should not be \
         committed.%0ATo fix: "
            .to_string()
            + &remediation(".env")
    );
    // `:` and `,` in properties are escaped; the message is one line with %0A for newlines.
    let expected = format!(
        "::error file=src/a%2Cb%3Ac.py,line=2,col=12,endLine=2,endColumn=52,\
         title=hush%3A GitHub personal access token (classic)::GitHub personal access token \
         (classic) ghp_Xf…fO (high confidence, checksum verified)%0ATOKEN = 'ghp_Xf…fO'%0ATo fix: {}",
        remediation_of("github-pat-classic")
    );
    assert_eq!(lines[2], expected);
}

/// The remediation text of a rule, as `hush rules list --json` shows it.
fn remediation_of(id: &str) -> String {
    let (_, out, _) = run_in(&fixtures(), &["rules", "list", "--json"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let rules = doc.as_array().or(doc["rules"].as_array()).unwrap().clone();
    let rule = rules.iter().find(|r| r["id"] == id).unwrap();
    rule["remediation"].as_str().unwrap().trim().to_string()
}

fn remediation(file: &str) -> String {
    match file {
        ".env" => remediation_of("file-dotenv"),
        _ => unreachable!(),
    }
}

// ---- GitLab ------------------------------------------------------------------------------------

/// Checks a document against the secret-detection report schema's documented requirements
/// (security-report-schemas 15.x, `secret-detection-report-format.json`).
fn assert_gitlab_shape(doc: &Value) {
    let ts = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$").unwrap();
    let semver = regex::Regex::new(r"^[0-9]+\.[0-9]+\.[0-9]+$").unwrap();
    assert!(semver.is_match(doc["version"].as_str().unwrap()));
    assert!(doc["schema"].as_str().unwrap().starts_with("https://"));
    let scan = &doc["scan"];
    for part in ["analyzer", "scanner"] {
        for k in ["id", "name", "version"] {
            assert!(!scan[part][k].as_str().unwrap().is_empty(), "{part}.{k}");
        }
        assert!(!scan[part]["vendor"]["name"].as_str().unwrap().is_empty());
    }
    assert_eq!(scan["type"], "secret_detection");
    assert!(matches!(
        scan["status"].as_str().unwrap(),
        "success" | "failure"
    ));
    assert!(ts.is_match(scan["start_time"].as_str().unwrap()), "{scan}");
    assert!(ts.is_match(scan["end_time"].as_str().unwrap()), "{scan}");
    let mut ids = std::collections::HashSet::new();
    for v in doc["vulnerabilities"].as_array().unwrap() {
        assert!(
            ids.insert(v["id"].as_str().unwrap().to_string()),
            "unique ids"
        );
        assert_eq!(v["category"], "secret_detection");
        let name = v["name"].as_str().unwrap();
        assert!(!name.is_empty() && name.chars().count() <= 255);
        assert!(!v["description"].as_str().unwrap().is_empty());
        assert!(matches!(
            v["severity"].as_str().unwrap(),
            "Info" | "Unknown" | "Low" | "Medium" | "High" | "Critical"
        ));
        let idents = v["identifiers"].as_array().unwrap();
        assert!(!idents.is_empty());
        for i in idents {
            for k in ["type", "name", "value"] {
                assert!(!i[k].as_str().unwrap().is_empty());
            }
        }
        let loc = &v["location"];
        assert!(!loc["file"].as_str().unwrap().is_empty());
        assert!(!loc["commit"]["sha"].as_str().unwrap().is_empty());
        assert!(v.get("raw_source_code_extract").is_none());
    }
}

#[test]
fn gitlab_report_has_the_documented_shape() {
    let (code, out, err) = run_in(
        &fixtures(),
        &["scan", "planted", "--no-config", "--format", "gitlab"],
    );
    assert_eq!(code, 1, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_gitlab_shape(&doc);
    assert_eq!(doc["version"], "15.2.1");
    let vulns = doc["vulnerabilities"].as_array().unwrap();
    assert_eq!(vulns.len(), 26);
    let v = vulns
        .iter()
        .find(|v| {
            // Relative to the repository root (the fixtures sit inside hush's own checkout).
            v["location"]["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("planted/config/settings.py"))
                && v["location"]["start_line"] == 3
        })
        .unwrap();
    assert_eq!(v["name"], "GitHub personal access token (classic)");
    assert_eq!(v["severity"], "Critical");
    assert_eq!(v["identifiers"][0]["type"], "hush_rule_id");
    assert_eq!(v["identifiers"][0]["value"], "github-pat-classic");
    assert_eq!(v["location"]["commit"]["sha"], "0000000");
    assert_eq!(v["solution"], remediation_of("github-pat-classic"));
    // In GitLab CI, the working tree is the pipeline's commit.
    let out = hush()
        .args(["scan", "planted", "--no-config", "--format", "gitlab"])
        .current_dir(fixtures())
        .env("CI_COMMIT_SHA", "0123456789abcdef0123456789abcdef01234567")
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["vulnerabilities"][0]["location"]["commit"]["sha"],
        "0123456789abcdef0123456789abcdef01234567"
    );
}

#[test]
fn gitlab_report_of_a_history_audit_names_each_commit() {
    let dir = tempfile::tempdir().unwrap();
    history_repo(dir.path());
    let (code, out, err) = run_in(dir.path(), &["git", ".", "--format", "gitlab"]);
    assert_eq!(code, 1, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_gitlab_shape(&doc);
    for v in doc["vulnerabilities"].as_array().unwrap() {
        assert_eq!(v["location"]["commit"]["sha"].as_str().unwrap().len(), 40);
        assert_eq!(v["location"]["commit"]["author"], "Alice Example");
    }
}

// ---- human output --------------------------------------------------------------------------

/// Human output with the timing (the one thing that may change between runs) blanked.
/// Run inside `planted`: printed paths are relative to the current directory.
fn human(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["scan", ".", "--no-config"];
    args.extend_from_slice(extra);
    let (code, out, err) = run_in(&dir.join("planted"), &args);
    let time = regex::Regex::new(r"in \d+\.\d\d s").unwrap();
    (code, time.replace_all(&out, "in T s").into_owned(), err)
}

#[test]
fn human_output_is_grouped_sorted_summarised_and_stable() {
    let (code, out, err) = human(&fixtures(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        err, "",
        "no progress bar or notes when stderr is not a terminal"
    );
    for _ in 0..3 {
        assert_eq!(human(&fixtures(), &[]).1, out, "identical from run to run");
    }
    assert!(
        !out.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    // Grouped by file, in path order, each finding with path:line:col.
    let headers: Vec<&str> = out
        .lines()
        .take_while(|l| !l.starts_with("To fix"))
        .filter(|l| !l.is_empty() && !l.starts_with(' '))
        .collect();
    let mut sorted = headers.clone();
    sorted.sort();
    assert_eq!(headers, sorted);
    assert_eq!(headers.len(), 18);
    assert!(out.contains(
        "config/settings.py\n  config/settings.py:3:17  GitHub personal access token (classic)  \
         ghp_Xf…fO  [high confidence, checksum ok]\n      GITHUB_TOKEN = \"ghp_Xf…fO\"\n      hint: "
    ), "{out}");
    assert!(out.contains(
        "deploy/.env\n  deploy/.env  Environment file (.env)  blocked file name  [medium confidence]"
    ));
    // The summary: by confidence, by rule (most frequent first), what was scanned.
    assert!(
        out.contains(
            "26 secrets found in 18 files: 20 high, 6 medium, 0 low confidence\n\
         \x20    3  Secret assigned to a secret-like name"
        ),
        "{out}"
    );
    assert!(out.contains("     1  Telegram Bot API token"));
    assert!(out.ends_with(") in T s\n"), "{out}");
    assert!(out.contains("scanned 18 files ("));
    // -q: findings only.
    let (_, quiet, _) = human(&fixtures(), &["-q"]);
    assert!(quiet.starts_with("Dockerfile\n"));
    assert!(!quiet.contains("secrets found") && !quiet.contains("To fix"));
}

#[test]
fn human_summary_says_what_was_skipped_and_why() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("big.txt", &[b'a'; 4096]),
            // An image (by its signature): skipped as binary. Other binaries are scanned.
            ("img.bin", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            ("ok.txt", b"hello\n"),
        ],
    );
    let (code, out, err) = run_in(dir.path(), &["scan", ".", "--max-file-size", "1000"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("no secrets found\n"), "{out}");
    assert!(out.contains("scanned 1 file (6 B)"), "{out}");
    assert!(
        out.contains("; skipped 2: 1 binary, 1 over the size limit\n"),
        "{out}"
    );
    assert!(out.contains("run with -v to list the skipped files and why"));
    let (_, _, err) = run_in(dir.path(), &["scan", ".", "--max-file-size", "1000", "-v"]);
    assert!(
        err.contains(
            "hush: note: big.txt: skipped: 4096 bytes is over the size limit of 1000 bytes"
        ),
        "{err}"
    );
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let run = |args: &[&str], no_color: bool| {
        let mut c = hush();
        c.args(["scan", "planted", "--no-config"])
            .args(args)
            .current_dir(fixtures());
        if no_color {
            c.env("NO_COLOR", "1");
        } else {
            c.env_remove("NO_COLOR");
        }
        String::from_utf8(c.output().unwrap().stdout).unwrap()
    };
    assert!(run(&["--color", "always"], false).contains("\x1b["));
    assert!(
        run(&["--color", "always"], true).contains("\x1b["),
        "the flag wins"
    );
    assert!(!run(&["--color", "never"], false).contains('\x1b'));
    assert!(!run(&["--color", "auto"], false).contains('\x1b'), "a pipe");
    // Machine formats are never coloured.
    assert!(!run(&["--color", "always", "--format", "json"], false).contains('\x1b'));
}

// ---- progress ----------------------------------------------------------------------------------

/// Runs `hush ARGS` under a pseudo-terminal (util-linux `script`), returning what the terminal saw.
fn on_a_terminal(dir: &Path, args: &str, env: &[(&str, &str)]) -> Option<String> {
    if Command::new("script").arg("--version").output().is_err() {
        if std::env::var_os("CI").is_some() {
            panic!("`script` (util-linux) is needed for the terminal tests");
        }
        eprintln!("SKIPPED: `script` (util-linux) is not installed");
        return None;
    }
    let cmd = format!("{} {args}", env!("CARGO_BIN_EXE_hush"));
    let mut c = Command::new("script");
    c.args(["-qefc", &cmd, "/dev/null"])
        .current_dir(dir)
        .env_remove("CI")
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .stdin(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A tree big enough that the scan takes a few frames of the progress bar.
fn big_tree(d: &Path) {
    for i in 0..400 {
        let body = format!("// file {i}\n{}\n", "let x = 1;\n".repeat(2000));
        std::fs::create_dir_all(d.join(format!("d{}", i % 20))).unwrap();
        std::fs::write(d.join(format!("d{}/f{i}.rs", i % 20)), body).unwrap();
    }
    std::fs::write(d.join("key.py"), format!("T = '{GH_TOKEN}'\n")).unwrap();
}

#[test]
fn progress_shows_on_a_terminal_only_for_human_output() {
    let dir = tempfile::tempdir().unwrap();
    big_tree(dir.path());
    let Some(tty) = on_a_terminal(dir.path(), "scan . -j 1 2>&1", &[]) else {
        return;
    };
    assert!(
        tty.contains(" files  "),
        "a bar with files counted: {tty:?}"
    );
    assert!(tty.contains("/s"), "and a rate: {tty:?}");
    assert!(tty.contains("key.py:1:6"), "then the report: {tty:?}");
    // Never in CI, with -q, or with a machine format, even on a terminal.
    for (args, env) in [
        ("scan . -j 1 2>&1", &[("CI", "true")][..]),
        ("scan . -j 1 -q 2>&1", &[][..]),
        ("scan . -j 1 --format sarif 2>&1", &[][..]),
    ] {
        let tty = on_a_terminal(dir.path(), args, env).unwrap();
        assert!(!tty.contains(" files  "), "{args} {env:?}: {tty:?}");
        assert!(!tty.contains("/s "), "{args} {env:?}: {tty:?}");
    }
}

// ---- output files and pipes --------------------------------------------------------------------

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(d, &[("src/a.py", format!("T = '{GH_TOKEN}'\n").as_bytes())]);
    std::fs::create_dir(d.join("out")).unwrap();
    std::fs::write(d.join("out/report.sarif"), "old").unwrap();
    let (code, out, err) = run_in(
        d,
        &["scan", "src", "--format", "sarif", "-o", "out/report.sarif"],
    );
    assert_eq!((code, out.as_str(), err.as_str()), (1, "", ""));
    let written = std::fs::read_to_string(d.join("out/report.sarif")).unwrap();
    assert!(written.starts_with('{') && written.contains("github-pat-classic"));
    let names: Vec<String> = std::fs::read_dir(d.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["report.sarif"], "no temporary file left behind");
    // A destination that cannot be written: exit 2, a clear message, nothing half-written.
    let (code, _, err) = run_in(d, &["scan", "src", "-o", "missing/dir/report.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot write missing/dir/report.txt"), "{err}");
    assert!(!d.join("missing").exists());
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_true_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Enough findings that the report is far bigger than a pipe's buffer.
    for i in 0..400 {
        write_tree(
            d,
            &[(
                &format!("f{i:03}.py"),
                format!("A = '{GH_TOKEN}'\nB = '{GH_TOKEN_2}'\n").as_bytes(),
            )],
        );
    }
    for format in ALL_FORMATS {
        let mut child = hush()
            .args(["scan", ".", "--format", format])
            .current_dir(d)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Like `| head -c 10`: read a little, then close the pipe.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 10];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(err, "", "{format}: nothing on stderr");
        assert_eq!(status.code(), Some(1), "{format}: the findings still count");
    }
    // Other commands that print a lot, too.
    let mut child = hush()
        .args(["rules", "list", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(err, "");
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

// ---- secrets -----------------------------------------------------------------------------------

const ALL_FORMATS: [&str; 8] = [
    "human", "json", "jsonl", "sarif", "github", "gitlab", "junit", "csv",
];

#[test]
fn all_formats_lists_every_format() {
    use clap::ValueEnum;
    let known: Vec<String> = hush::report::Format::value_variants()
        .iter()
        .map(|f| f.to_possible_value().unwrap().get_name().to_string())
        .collect();
    assert_eq!(known, ALL_FORMATS);
}

/// The whole secret of every content finding in the planted fixtures.
fn planted_secrets() -> Vec<String> {
    let (_, out, _) = run_in(
        &fixtures(),
        &[
            "scan",
            "planted",
            "--no-config",
            "--format",
            "jsonl",
            "--show-secrets",
        ],
    );
    let mut secrets: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        // A blocked file name's "secret" is its path, which every report names on purpose.
        .filter(|f| !f["line"].is_null())
        .map(|f| f["secret"].as_str().unwrap().to_string())
        .collect();
    secrets.sort();
    secrets.dedup();
    secrets
}

/// JSON strings escape `/` and newlines; a leak check must look for both spellings.
fn spellings(secret: &str) -> Vec<String> {
    let json = serde_json::to_string(secret).unwrap();
    vec![secret.to_string(), json[1..json.len() - 1].to_string()]
}

#[test]
fn no_format_leaks_a_secret_unless_asked() {
    let secrets = planted_secrets();
    assert_eq!(secrets.len(), 21, "{secrets:#?}");
    for format in ALL_FORMATS {
        for extra in [&[][..], &["-v"][..], &["--color", "always"][..]] {
            let mut args = vec!["scan", "planted", "--no-config", "--format", format];
            args.extend_from_slice(extra);
            let (code, out, err) = run_in(&fixtures(), &args);
            assert_eq!(code, 1);
            for s in &secrets {
                for sp in spellings(s) {
                    assert!(
                        !out.contains(&sp),
                        "{format} {extra:?} leaks {sp:?} on stdout"
                    );
                    assert!(
                        !err.contains(&sp),
                        "{format} {extra:?} leaks {sp:?} on stderr"
                    );
                }
            }
        }
    }
    // History audits too.
    let dir = tempfile::tempdir().unwrap();
    history_repo(dir.path());
    for format in ALL_FORMATS {
        let (_, out, err) = run_in(dir.path(), &["git", ".", "--format", format]);
        for s in [GH_TOKEN, GH_TOKEN_2, SLACK_TOKEN] {
            assert!(!out.contains(s) && !err.contains(s), "git {format} leaks");
        }
    }
}

#[test]
fn show_secrets_shows_them_only_where_the_format_allows() {
    let secrets = planted_secrets();
    for format in ALL_FORMATS {
        let (_, out, _) = run_in(
            &fixtures(),
            &[
                "scan",
                "planted",
                "--no-config",
                "--format",
                format,
                "--show-secrets",
            ],
        );
        let shown = secrets
            .iter()
            .filter(|s| spellings(s).iter().any(|sp| out.contains(sp.as_str())))
            .count();
        match format {
            // Made to be read by the person who asked.
            "human" | "json" | "jsonl" => {
                assert_eq!(shown, secrets.len(), "{format} shows every secret")
            }
            // Made to be uploaded to dashboards and CI logs: never.
            _ => assert_eq!(shown, 0, "{format} must not show secrets"),
        }
    }
}
