//! Offline validation end to end: checksums and structure set `confidence` and `validated`, a failed
//! check is never more than low, `--min-confidence` filters on it, and AWS key ids name their account,
//! which `[allowlist] aws_accounts` can accept.

mod common;

use common::tokens::{Rng, aws_key_id, aws_secret, corrupt, github, gitlab_routable};
use common::*;

fn scan(dir: &std::path::Path, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut args = vec!["scan", ".", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run_in(dir, &args);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    (code, json(&out)["findings"].as_array().unwrap().clone())
}

/// (line, confidence, validated) of each finding.
fn verdicts(f: &[serde_json::Value]) -> Vec<(u64, String, String)> {
    f.iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["confidence"].as_str().unwrap().to_string(),
                f["validated"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

#[test]
fn checksums_decide_confidence_and_min_confidence_filters() {
    let mut rng = Rng::new(21);
    let gh = github(&mut rng, "ghp_");
    let gl = gitlab_routable(&mut rng, "glpat-");
    let text = format!(
        "A={gh}\nB={}\nC={gl}\nD={}\n",
        corrupt(&gh, 12),
        corrupt(&gl, 20)
    );
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("tokens.sh", text.as_bytes())]);
    let (_, f) = scan(dir.path(), &[]);
    let s = |c: &str, v: &str| (c.to_string(), v.to_string());
    let got: Vec<(u64, (String, String))> = verdicts(&f)
        .into_iter()
        .map(|(l, c, v)| (l, (c, v)))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, s("high", "checksum")),
            (2, s("low", "failed")),
            (3, s("high", "checksum")),
            (4, s("low", "failed")),
        ]
    );
    let (code, f) = scan(dir.path(), &["--min-confidence", "medium"]);
    assert_eq!(code, 1);
    assert_eq!(f.len(), 2);
    // Only corrupted tokens: nothing at medium or above, so the gate passes.
    write_tree(
        dir.path(),
        &[("tokens.sh", format!("B={}\n", corrupt(&gh, 30)).as_bytes())],
    );
    let (code, f) = scan(dir.path(), &["--min-confidence", "medium"]);
    assert_eq!((code, f.len()), (0, 0));
}

#[test]
fn private_keys_are_parsed_to_their_type() {
    let keys = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/positives/private-keys");
    let rsa = std::fs::read_to_string(keys.join("rsa-pkcs1.pem")).unwrap();
    let enc = std::fs::read_to_string(keys.join("rsa-pkcs8-encrypted.pem")).unwrap();
    let lines: Vec<&str> = rsa.lines().collect();
    let truncated = [&lines[..8], &lines[lines.len() - 1..]].concat().join("\n");
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("a/deploy.conf", rsa.as_bytes()),
            ("b/backup.conf", enc.as_bytes()),
            ("c/snippet.conf", truncated.as_bytes()),
        ],
    );
    let (_, f) = scan(dir.path(), &[]);
    let got: Vec<String> = f
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                f["path"].as_str().unwrap(),
                f["confidence"].as_str().unwrap(),
                f["validated"].as_str().unwrap(),
                f["note"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            "a/deploy.conf high structure RSA 2048-bit, unencrypted",
            "b/backup.conf medium structure PKCS#8, encrypted (PBES2)",
            "c/snippet.conf low failed not a PKCS#1 RSA key",
        ]
    );
}

#[test]
fn aws_key_ids_name_their_account_and_sandbox_accounts_can_be_accepted() {
    let mut rng = Rng::new(22);
    let sandbox = aws_key_id(&mut rng, "AKIA", 123_456_789_012);
    let prod = aws_key_id(&mut rng, "AKIA", 210_987_654_321);
    let text = format!(
        "User name,Access key ID,Secret access key\nsandbox,{sandbox},{}\nprod,{prod},{}\n",
        aws_secret(&mut rng),
        aws_secret(&mut rng)
    );
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("keys.csv", text.as_bytes())]);
    let (_, f) = scan(dir.path(), &[]);
    let notes: Vec<(u64, String, String)> = f
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().to_string(),
                f["note"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    let n = |l: u64, r: &str, a: &str| (l, r.to_string(), format!("account {a}"));
    assert_eq!(
        notes,
        vec![
            n(2, "aws-access-key-id", "123456789012"),
            n(2, "aws-secret-access-key-near-id", "123456789012"),
            n(3, "aws-access-key-id", "210987654321"),
            n(3, "aws-secret-access-key-near-id", "210987654321"),
        ]
    );
    // The sandbox account is accepted: both its key id and its secret key go.
    std::fs::write(
        dir.path().join(".hush.toml"),
        "[allowlist]\naws_accounts = [\"123456789012\"]\n",
    )
    .unwrap();
    let (_, f) = scan(dir.path(), &[]);
    let lines: Vec<u64> = f.iter().map(|f| f["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, vec![3, 3]);
    // A malformed account id is a config error, named.
    std::fs::write(
        dir.path().join(".hush.toml"),
        "[allowlist]\naws_accounts = [\"1234-5678\"]\n",
    )
    .unwrap();
    let (code, _, err) = run_in(dir.path(), &["scan", "."]);
    assert_eq!(code, 2);
    assert!(err.contains("aws_accounts"), "{err}");
}
