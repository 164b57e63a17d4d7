//! `hush scan` end to end: planted secrets, hard negatives, the JSON contract, exit codes, bad input.

mod common;

use common::*;

#[test]
fn finds_every_planted_secret_and_nothing_else() {
    let (code, out, err) = run_in(
        &fixtures(),
        &["scan", "planted", "--format", "json", "--no-config"],
    );
    assert_eq!(code, 1, "stderr: {err}");
    let got = triples(&json(&out));
    let expected: Vec<String> = std::fs::read_to_string(fixtures().join("planted.expected"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_string)
        .collect();
    let missing: Vec<_> = expected.iter().filter(|e| !got.contains(e)).collect();
    let extra: Vec<_> = got.iter().filter(|g| !expected.contains(g)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:#?}\nextra: {extra:#?}"
    );
}

#[test]
fn hard_negatives_stay_silent() {
    let (code, out, err) = run_in(
        &fixtures(),
        &["scan", "negatives", "--format", "json", "--no-config"],
    );
    let doc = json(&out);
    assert_eq!(triples(&doc), Vec::<String>::new(), "stderr: {err}");
    assert_eq!(code, 0);
    assert!(doc["stats"]["files"].as_u64().unwrap() >= 15);
}

#[test]
fn json_report_has_the_design_fields() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(
            "src/settings.py",
            format!("\n\nTOKEN = '{GH_TOKEN}'\n").as_bytes(),
        )],
    );
    let (code, out, _) = run_in(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(code, 1);
    let doc = json(&out);
    assert_eq!(doc["version"], 1);
    let f = &doc["findings"][0];
    assert_eq!(f["rule_id"], "github-pat-classic");
    assert_eq!(f["rule_name"], "GitHub personal access token (classic)");
    assert_eq!(f["path"], "src/settings.py");
    assert_eq!(f["line"], 3);
    assert_eq!(f["column"], 10);
    assert_eq!(f["redacted"], "ghp_Xf…fO");
    assert_eq!(
        f["secret_sha1"].as_str().unwrap(),
        sha1_smol::Sha1::from(GH_TOKEN).digest().to_string()
    );
    assert_eq!(f["fingerprint"].as_str().unwrap().len(), 40);
    assert_eq!(f["confidence"], "high");
    assert_eq!(f["validated"], "checksum");
    assert!(f.get("secret").is_none());
    for k in ["files", "blobs", "bytes", "elapsed_ms"] {
        assert!(doc["stats"][k].is_u64(), "stats.{k}");
    }
    // jsonl: one object per line, same finding.
    let (_, out, _) = run_in(dir.path(), &["scan", ".", "--format", "jsonl"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1);
    let one: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(one["fingerprint"], f["fingerprint"]);
}

#[test]
fn fingerprint_ignores_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let fp = |content: String| {
        write_tree(dir.path(), &[("a.py", content.as_bytes())]);
        let (_, out, _) = run_in(dir.path(), &["scan", ".", "--format", "json"]);
        json(&out)["findings"][0]["fingerprint"].clone()
    };
    let a = fp(format!("t = '{GH_TOKEN}'\n"));
    let b = fp(format!("\n\n\n# moved\n    t = '{GH_TOKEN}'\n"));
    assert_eq!(a, b);
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("clean.txt", b"nothing to see\n")]);
    assert_eq!(run_in(dir.path(), &["scan", "."]).0, 0);
    write_tree(
        dir.path(),
        &[("dirty.txt", format!("{GH_TOKEN}\n").as_bytes())],
    );
    assert_eq!(run_in(dir.path(), &["scan", "."]).0, 1);
    let (code, _, err) = run_in(dir.path(), &["scan", "does/not/exist"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("does/not/exist") && err.contains("no such file"),
        "{err}"
    );
    let (code, _, _) = run_in(dir.path(), &["scan", "--format", "nope"]);
    assert_eq!(code, 2);
}

#[test]
fn output_is_redacted_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("a.env.sh", format!("export T={GH_TOKEN}\n").as_bytes())],
    );
    for format in ["human", "json", "jsonl"] {
        let (_, out, err) = run_in(dir.path(), &["scan", ".", "--format", format, "-v"]);
        assert!(
            !out.contains(GH_TOKEN) && !err.contains(GH_TOKEN),
            "{format} leaked"
        );
        let (_, out, _) = run_in(
            dir.path(),
            &["scan", ".", "--format", format, "--show-secrets"],
        );
        assert!(out.contains(GH_TOKEN), "{format} with --show-secrets");
    }
}

#[test]
fn context_redacts_every_secret_on_the_line() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("a.txt", format!("a={GH_TOKEN} b={GH_TOKEN_2}\n").as_bytes())],
    );
    let (code, out, _) = run_in(dir.path(), &["scan", ".", "--color", "never"]);
    assert_eq!(code, 1);
    assert!(
        !out.contains(GH_TOKEN) && !out.contains(GH_TOKEN_2),
        "{out}"
    );
}

#[test]
fn pragmas_accept_a_secret_and_ci_can_refuse_them() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "a.py",
                format!("t = '{GH_TOKEN}'  # hush:allow\n").as_bytes(),
            ),
            (
                "b.py",
                format!("t = '{GH_TOKEN}'  # pragma: allowlist secret\n").as_bytes(),
            ),
            (
                "c.go",
                format!("t := \"{GH_TOKEN}\" // gitleaks:allow\n").as_bytes(),
            ),
            (
                "d.py",
                format!("# hush:allow-next-line\nt = '{GH_TOKEN}'\n").as_bytes(),
            ),
        ],
    );
    assert_eq!(run_in(dir.path(), &["scan", "."]).0, 0);
    let (code, out, _) = run_in(
        dir.path(),
        &["scan", ".", "--ignore-pragmas", "--format", "json"],
    );
    assert_eq!(code, 1);
    assert_eq!(json(&out)["findings"].as_array().unwrap().len(), 4);
}

#[test]
fn config_allowlists_extra_rules_and_disabled_rules() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                ".hush.toml",
                br#"
disabled_rules = ["slack-bot-token"]
[allowlist]
paths = ["tests/**"]
values = ["^ghp_tt"]
[[rules]]
id = "acme-internal-key"
name = "Acme internal key"
keywords = ["acmekey_"]
regex = '\b(acmekey_[a-z0-9]{24})\b'
references = ["https://wiki.acme.example/keys"]
remediation = "Rotate it in the Acme console."
examples = ["k = acmekey_z9y8x7w6v5u4t3s2r1q0p9o8"]
negative_examples = ["k = acmekey_short"]
"#,
            ),
            ("tests/fixture.py", format!("t = '{GH_TOKEN}'\n").as_bytes()),
            ("src/ok.py", format!("t = '{GH_TOKEN_2}'\n").as_bytes()),
            (
                "src/slack.py",
                b"s = 'xoxb-111524493909-3668587840057-7u6yB54HkJlpobluliGGxGRJ'\n",
            ),
            ("src/acme.py", b"k = acmekey_q8w7e6r5t4y3u2i1o9p8a7s6\n"),
        ],
    );
    let (code, out, err) = run_in(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        triples(&json(&out)),
        vec!["src/acme.py:1:acme-internal-key"]
    );
    // The config's rule examples are checked too.
    let (code, out, _) = run_in(
        dir.path(),
        &[
            "rules",
            "check",
            "--config",
            ".hush.toml",
            "--file",
            ".hush.toml",
        ],
    );
    assert_eq!(code, 0, "{out}");
}

#[test]
fn bad_config_is_exit_2_with_the_key_named() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(".hush.toml", b"disabled_rulez = []\n"), ("a.txt", b"x\n")],
    );
    let (code, _, err) = run_in(dir.path(), &["scan", "."]);
    assert_eq!(code, 2);
    assert!(
        err.contains("disabled_rulez") && err.contains(".hush.toml"),
        "{err}"
    );
    write_tree(
        dir.path(),
        &[(
            ".hush.toml",
            b"[[rules]]\nid = \"bad-rule\"\nname = \"x\"\nkeywords = [\"x\"]\nregex = '(unclosed'\n",
        )],
    );
    let (code, _, err) = run_in(dir.path(), &["scan", "."]);
    assert_eq!(code, 2);
    assert!(err.contains("bad-rule") && err.contains("regex"), "{err}");
    write_tree(
        dir.path(),
        &[(
            ".hush.toml",
            b"[[rules]]\nid = \"no-capture\"\nname = \"x\"\nkeywords = [\"x\"]\nregex = 'x[0-9]+'\n",
        )],
    );
    let (code, _, err) = run_in(dir.path(), &["scan", "."]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no-capture") && err.contains("capture"),
        "{err}"
    );
    write_tree(
        dir.path(),
        &[(
            ".hush.toml",
            b"[[rules]]\nid = \"github-pat-classic\"\nname = \"x\"\nkeywords = [\"x\"]\nregex = '(x)'\n",
        )],
    );
    let (code, _, err) = run_in(dir.path(), &["scan", "."]);
    assert_eq!(code, 2);
    assert!(
        err.contains("duplicate") && err.contains("github-pat-classic"),
        "{err}"
    );
}

#[test]
fn gitignore_is_respected_unless_no_ignore() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (".gitignore", b"build/\n"),
            (".hushignore", b"vendor/\n"),
            ("build/out.txt", format!("{GH_TOKEN}\n").as_bytes()),
            ("vendor/lib.txt", format!("{GH_TOKEN}\n").as_bytes()),
        ],
    );
    assert_eq!(run_in(dir.path(), &["scan", "."]).0, 0);
    let (code, out, _) = run_in(
        dir.path(),
        &["scan", ".", "--no-ignore", "--format", "json"],
    );
    assert_eq!(code, 1);
    assert_eq!(json(&out)["findings"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_input_is_handled() {
    let dir = tempfile::tempdir().unwrap();
    // A media file (PNG, by its signature) is set aside; other binaries are scanned (tests/encodings.rs).
    let mut binary = b"\x89PNG\r\n\x1a\n".to_vec();
    binary.extend_from_slice(&[0u8; 64]);
    binary.extend_from_slice(GH_TOKEN.as_bytes());
    let mut big_line = vec![b'a'; 10 << 20];
    big_line.extend_from_slice(format!(" {GH_TOKEN}\n").as_bytes());
    write_tree(
        dir.path(),
        &[
            ("bin/blob.dat", &binary),
            ("big/one-line.min.js", &big_line),
            ("big/huge.txt", &vec![b'x'; 2048]),
            ("empty/.keep", b""),
        ],
    );
    std::fs::create_dir_all(dir.path().join("empty-dir")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("missing-target", dir.path().join("broken-link")).unwrap();
        std::os::unix::fs::symlink(".", dir.path().join("loop")).unwrap();
    }
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "scan",
            ".",
            "--format",
            "json",
            "--max-file-size",
            "1024",
            "-v",
        ],
    );
    let doc = json(&out);
    // The 10 MB line is over the 1 KiB limit here: skipped and counted, with a note.
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc["stats"]["skipped_binary"], 1);
    assert_eq!(doc["stats"]["skipped_large"], 2);
    assert!(
        err.contains("big/huge.txt") && err.contains("size limit"),
        "{err}"
    );
    assert!(!err.contains(GH_TOKEN));
    // Without the limit the long line is scanned and its secret found.
    let (code, out, _) = run_in(dir.path(), &["scan", "big", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(json(&out)["findings"][0]["column"], (10 << 20) + 2);
    // An empty directory is clean.
    assert_eq!(run_in(dir.path(), &["scan", "empty-dir"]).0, 0);
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error_not_clean() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("secret.txt", b"hello\n")]);
    let p = dir.path().join("secret.txt");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        return; // running as root: permissions do not apply
    }
    let (code, _, err) = run_in(dir.path(), &["scan", "."]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("secret.txt"), "{err}");
}

#[test]
fn rules_list_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run_in(dir.path(), &["rules", "list"]);
    assert_eq!(code, 0);
    assert!(out.contains("github-pat-classic"));
    let (code, out, _) = run_in(dir.path(), &["rules", "explain", "github-pat-classic"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("https://") && out.contains("github.com/settings/tokens"),
        "{out}"
    );
    assert_eq!(
        run_in(dir.path(), &["rules", "explain", "no-such-rule"]).0,
        2
    );
}
