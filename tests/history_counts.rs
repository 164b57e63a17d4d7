//! The history summary counts in two named units, findings and distinct secrets, and its counts
//! are the ones the JSON report gives (issue 17.10): findings with `"in_head": true`, and distinct
//! `secret_sha1` values.

mod common;

use std::collections::BTreeSet;

use common::*;

#[test]
fn the_history_summary_counts_findings_and_distinct_secrets_as_the_json_does() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    // One secret at two paths: the old one deleted (not in HEAD), the copy still in HEAD.
    commit(
        d,
        &[("a.py", format!("T = '{GH_TOKEN}'\n").as_bytes())],
        "a",
    );
    commit(
        d,
        &[("b.py", format!("T = '{GH_TOKEN}'\n").as_bytes())],
        "b",
    );
    git(d, &["rm", "-q", "a.py"]);
    // Another secret, removed: only in history.
    commit(
        d,
        &[("c.py", format!("T = '{GH_TOKEN_2}'\n").as_bytes())],
        "c",
    );
    commit(d, &[("c.py", b"T = None\n")], "rotate c");

    let (code, out, err) = run_in(d, &["git", ".", "--no-config", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let doc = json(&out);
    let findings = doc["findings"].as_array().unwrap();
    let total = findings.len();
    let in_head = findings.iter().filter(|f| f["in_head"] == true).count();
    let distinct: BTreeSet<&str> = findings
        .iter()
        .map(|f| f["secret_sha1"].as_str().unwrap())
        .collect();
    assert_eq!((total, in_head, distinct.len()), (3, 1, 2));

    let (_, human, _) = run_in(d, &["git", ".", "--no-config", "--color", "never"]);
    assert!(
        human.contains(&format!(
            "{total} findings ({} distinct secrets) in 3 files",
            distinct.len()
        )),
        "{human}"
    );
    assert!(
        human.contains(&format!(
            "1 distinct secret still in HEAD ({in_head} finding)"
        )),
        "{human}"
    );
    assert!(
        human.contains(&format!(
            "1 distinct secret only in history ({} findings not in HEAD, one of them an older \
             copy of a secret still in HEAD)",
            total - in_head
        )),
        "{human}"
    );
    assert!(!human.contains("secrets found"), "{human}");
}

/// A finding still in HEAD is shown at HEAD's line (the one to fix now), with the commit that
/// introduced it; one only in history keeps the line it had.
#[test]
fn a_finding_still_in_head_is_shown_at_its_line_in_head() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    let first = commit(
        d,
        &[("a.py", format!("T = '{GH_TOKEN}'\n").as_bytes())],
        "a",
    );
    commit(
        d,
        &[(
            "a.py",
            format!("import os\n\n# the token\nT = '{GH_TOKEN}'\n").as_bytes(),
        )],
        "move it down",
    );
    let (code, out, err) = run_in(d, &["git", ".", "--no-config", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let doc = json(&out);
    let f = &doc["findings"][0];
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1, "{out}");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(4), Some(6)),
        "{out}"
    );
    assert_eq!(f["commit"], first.as_str());
    assert_eq!(f["in_head"], true);
    let (_, human, _) = run_in(d, &["git", ".", "--no-config", "--color", "never"]);
    assert!(human.contains("a.py:4:6"), "{human}");
    assert!(human.contains("T = 'ghp_Xf…fO'"), "{human}");
}
